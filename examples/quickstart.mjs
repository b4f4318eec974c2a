// `npm run quickstart`: loads the sample list (examples/prospects.csv) into your database
// ($LEADS_DB, else ~/.local/share/leads/leads.db) and shows the first leads. Running it
// again adds nothing new.
//
// Until `leads import` exists in this build, it falls back to adding the rows one by one
// with `leads add` (no duplicate check), so the set-up line works at every stage.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from '../dist/cli/main.js';

const CSV = fileURLToPath(new URL('./prospects.csv', import.meta.url));
const LIST = ['--list', 'sample', '--source', 'examples'];

/** Runs leads in-process and returns its exit code and stdout. */
async function quiet(argv) {
  let stdout = '';
  const sink = { write: () => true, isTTY: false };
  const code = await main(argv, { stdout: { write: (s) => (stdout += s), isTTY: false }, stderr: sink });
  return { code, stdout };
}

async function run(argv) {
  const code = await main(argv);
  if (code !== 0) process.exit(code);
}

const help = (await quiet(['--help'])).stdout;
if (/^ {2}import\b/m.test(help)) {
  await run(['import', CSV, ...LIST]);
} else {
  const already = await quiet(['list', '--list', 'sample', '--limit', '1', '--json']);
  if (already.code === 0 && JSON.parse(already.stdout).length) {
    console.error('quickstart: the sample list is already in the database');
  } else {
    const { parse } = await import('csv-parse/sync');
    const rows = parse(readFileSync(CSV), { columns: true, skip_empty_lines: true });
    const FLAGS = {
      'First Name': '--first',
      'Last Name': '--last',
      Company: '--company',
      Title: '--title',
      Phone: '--phone',
      Mobile: '--mobile',
      Email: '--email',
      Street: '--street',
      City: '--city',
      State: '--region',
      Zip: '--postal-code',
      Notes: '--note',
    };
    let added = 0;
    for (const row of rows) {
      const argv = ['add', ...LIST];
      for (const [header, flag] of Object.entries(FLAGS)) if (row[header]) argv.push(flag, row[header]);
      if ((await quiet(argv)).code === 0) added++;
    }
    console.error(
      `quickstart: \`leads import\` is not in this build yet; added ${added} of ${rows.length} rows with \`leads add\``,
    );
  }
}
await run(['list', '--list', 'sample', '--limit', '10']);
