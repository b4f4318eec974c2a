#!/usr/bin/env node
// Peak memory of every command on a book of a million leads (SPEC "Storage": under ~300 MiB
// each; rows are streamed or worked in batches). Generates ROWS prospects with
// ../shared/bench/gen-leads.mjs, imports them, adds a night's pending work for the sort
// (letters, emails and follow-ups, written with SQL as `leads log` would leave them), then
// runs each command once under GNU time and prints its wall time and peak RSS. Output goes
// where a user sends it: a pipe read by `cat`, a file, --out. The import itself and
// `imports undo` are measured by bench/import.mjs and their own line.
// Usage: npm run build && node bench/memory.mjs [--rows 1000000] [--pending 5000] [--db PATH] [--keep]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GEN = join(ROOT, '..', 'shared', 'bench', 'gen-leads.mjs');
const BIN = join(ROOT, 'bin', 'leads.js');
const TIME = '/usr/bin/time';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const rows = Number(arg('rows', 1_000_000));
const pending = Number(arg('pending', 5000));
if (spawnSync(TIME, ['--version']).status !== 0) {
  console.error('bench: needs GNU time at /usr/bin/time (apt-get install time)');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'leads-memory-'));
const db = arg('db', join(dir, 'leads.db'));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', LEADS_DB: db, LEADS_TODAY: '2026-11-24', XDG_CONFIG_HOME: join(dir, 'config') };
const leads = `"${process.execPath}" "${BIN}"`;

/** Runs a shell line under GNU time: wall seconds and the peak RSS of its largest process, in MiB. */
function timed(line) {
  const r = spawnSync(TIME, ['-f', '@@time %e %M', 'sh', '-c', line], { encoding: 'utf8', env, cwd: dir, maxBuffer: 1 << 26 });
  const m = /@@time ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${line} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { wall: Number(m[1]), rss: Number(m[2]) / 1024 };
}

if (!existsSync(db)) {
  const csv = join(dir, 'leads.csv');
  spawnSync(process.execPath, [GEN, String(rows), csv], { stdio: 'inherit' });
  const t = timed(`${leads} import "${csv}" > /dev/null`);
  console.log(`import of ${rows.toLocaleString('en-US')} rows: ${t.wall.toFixed(1)} s, ${t.rss.toFixed(0)} MiB (bench/import.mjs measures it properly)`);
  rmSync(csv);
}

// a night's work waiting for the sort: code 2, 5 and 6 calls with their batch items
const d = new Database(db);
const leadCount = d.prepare('SELECT count(*) FROM leads').pluck().get();
d.transaction(() => {
  const ids = d.prepare("SELECT id FROM leads WHERE email IS NOT NULL AND street IS NOT NULL ORDER BY id LIMIT ?").pluck().all(pending);
  const touch = d.prepare("INSERT INTO touches (lead_id, at, channel, code) VALUES (?, '2026-11-24T15:00:00.000Z', 'call', ?)");
  const item = d.prepare('INSERT INTO batch_items (lead_id, touch_id, kind) VALUES (?, ?, ?)');
  ids.forEach((id, i) => {
    const [code, kind] = [[2, 'letter'], [5, 'email'], [6, 'follow_up']][i % 3];
    const t = touch.run(id, code).lastInsertRowid;
    item.run(id, t, kind);
    d.prepare('UPDATE leads SET code = ?, last_called_at = ?, next_contact_at = ? WHERE id = ?').run(code, '2026-11-24T15:00:00.000Z', '2026-11-30T09:00:00.000Z', id);
  });
})();
d.close();
for (const [k, v] of [['sender.name', 'Pat Seller'], ['sender.street', '1 Market St'], ['sender.city', 'Springfield'], ['sender.postal_code', '62701'], ['sender.phone', '(217) 555-0100'], ['sender.email', 'pat@seller.example']]) {
  timed(`${leads} config set ${k} "${v}" > /dev/null`);
}

const COMMANDS = [
  ['list (piped)', `${leads} list | cat > /dev/null`],
  ['list --json (piped)', `${leads} list --json | cat > /dev/null`],
  ['export (csv) > file', `${leads} export > export.csv`],
  ['export --format json --out', `${leads} export --format json --out export.json`],
  ['export --format xlsx --out', `${leads} export --format xlsx --out export.xlsx`],
  ['find smith --limit 1000000 (piped)', `${leads} find smith --limit 1000000 | cat > /dev/null`],
  ['due', `${leads} due > /dev/null`],
  ['report --period month', `${leads} report --period month > /dev/null`],
  ['backup', `${leads} backup backup.db > /dev/null`],
  ['doctor', `${leads} doctor > /dev/null`],
  [`sort (${pending.toLocaleString('en-US')} outcomes pending)`, `${leads} sort --out batches > /dev/null`],
];
console.log(`\n${leadCount.toLocaleString('en-US')} leads (${db}); the machine's load moves the times, not the memory\n`);
console.log('| command | wall s | peak RSS MiB |\n|---|---|---|');
for (const [name, line] of COMMANDS) {
  const t = timed(line);
  console.log(`| \`leads ${name}\` | ${t.wall.toFixed(1)} | ${t.rss.toFixed(0)} |`);
}
if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
