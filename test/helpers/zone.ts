// Test files follow one another in a reused process: each starts in UTC, as the programs
// under test read dates unless a test says otherwise, whatever zone the file before it set.
process.env.TZ = 'UTC';
