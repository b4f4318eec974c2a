// The least an ES-module `leads show 1` can do, for bench/startup.mjs to compare with: import
// better-sqlite3 and commander, open the database with the program's pragmas, read one lead
// and its touches, print, close. No command parsing, no program modules.
import Database from 'better-sqlite3';
import 'commander';

const db = new Database(process.env.LEADS_DB, { timeout: 10_000 });
db.pragma('user_version', { simple: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
const lead = db.prepare('SELECT * FROM leads WHERE id = 1').get();
const touches = db.prepare('SELECT * FROM touches WHERE lead_id = 1 ORDER BY at').all();
process.stdout.write(`${JSON.stringify({ ...lead, touches })}\n`);
db.close();
