#!/usr/bin/env node
// leads import against sqlite3's own `.import` of the same file, in the same run so the
// machine's load affects both alike.
//
//   node bench/import.mjs [--rows 1000000] [--json] [--keep]
//
// 1. generates two files of ROWS prospects with ../shared/bench/gen-leads.mjs (seeds 42 and
//    4242; about 3% repeats inside each, some quoting and multi-line notes)
// 2. times `sqlite3 db ".import --csv FILE t"` of each into an empty database (the practical
//    floor: parsing and inserting in C, no mapping, no normalising, no indexes)
// 3. times `leads import` of the first into an empty database (mapping, phone and email
//    normalisation, dedupe and an import touch per lead, all on), then the second into that
//    database, then the first again (must add 0 leads)
// 4. times sqlite3 itself writing the leads and touches the first import made into an empty
//    database of leads's schema (INSERT ... SELECT from a copy, the import's own pragmas,
//    indexes and triggers treated as the import treats them): what SQLite alone needs for
//    those rows in that schema, with no parsing, mapping or JavaScript
// Wall times and peak RSS come from GNU time (/usr/bin/time). Targets (issue 3): first
// import <= 2.0x sqlite3, peak RSS <= 150 MiB, second <= 3.0x, repeat adds 0. Prints the
// figures; exits 0 whatever they are (a bench, not a test). Needs `npm run build` first;
// installs Debian's sqlite3 if it is missing. Files go to bench/out/ (ignored by git).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SET_ASIDE_IN_A_LOAD } from '../dist/store/import-sink.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'leads.js');
const GEN = join(ROOT, '..', 'shared', 'bench', 'gen-leads.mjs');
const OUT = join(ROOT, 'bench', 'out', 'import');

const argv = process.argv.slice(2);
const rowsAt = argv.indexOf('--rows');
const ROWS = rowsAt >= 0 ? Number(argv[rowsAt + 1]) : 1_000_000;
const JSON_OUT = argv.includes('--json');
if (!Number.isInteger(ROWS) || ROWS < 1) {
  console.error('bench: --rows takes a whole number');
  process.exit(2);
}
if (!existsSync(GEN)) {
  console.error(`bench: the generator ${GEN} is missing`);
  process.exit(1);
}
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) {
  console.error('bench: needs GNU time at /usr/bin/time (apt-get install time)');
  process.exit(1);
}
if (spawnSync('sqlite3', ['--version']).status !== 0) {
  console.error('bench: installing sqlite3');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  spawnSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'install', '-y', '-qq', 'sqlite3'], { stdio: 'inherit' });
}

const log = (s) => {
  if (!JSON_OUT) console.log(s);
};

/** Runs a command under GNU time: wall seconds, peak RSS in MiB, and its stdout. */
function timed(cmd, args, env = {}) {
  const r = spawnSync(TIME, ['-f', '@@time %e %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ ?? 'UTC', ...env },
  });
  const m = /@@time ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { wall: Number(m[1]), rssMiB: Number(m[2]) / 1024, stdout: r.stdout };
}

function fresh(path) {
  for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  return path;
}

mkdirSync(OUT, { recursive: true });
const files = [join(OUT, `leads-${ROWS}-a.csv`), join(OUT, `leads-${ROWS}-b.csv`)];
for (const [i, f] of files.entries()) {
  if (!existsSync(f)) execFileSync(process.execPath, [GEN, String(ROWS), f, String([42, 4242][i])]);
}
log(`files: ${files.map((f) => `${f} (${(statSync(f).size / 1048576).toFixed(0)} MiB)`).join(', ')}`);

const sqliteA = timed('sqlite3', [fresh(join(OUT, 'sqlite-a.db')), '.import --csv ' + files[0] + ' t']);
const sqliteB = timed('sqlite3', [fresh(join(OUT, 'sqlite-b.db')), '.import --csv ' + files[1] + ' t']);
log(`sqlite3 .import: first ${sqliteA.wall.toFixed(2)} s (${sqliteA.rssMiB.toFixed(0)} MiB), second ${sqliteB.wall.toFixed(2)} s`);

const db = join(OUT, 'leads', 'leads.db');
rmSync(join(OUT, 'leads'), { recursive: true, force: true });
const run = (file) => {
  const t = timed(process.execPath, [BIN, '--db', db, 'import', file, '--json']);
  return { ...t, result: JSON.parse(t.stdout) };
};
const first = run(files[0]);
log(`leads import (empty db): ${first.wall.toFixed(2)} s, peak RSS ${first.rssMiB.toFixed(0)} MiB, ${first.result.inserted} new, ${first.result.duplicates} repeats`);
const floor = schemaFloor(db);
log(`sqlite3 writing the same leads and touches into leads's schema: ${floor.wall.toFixed(2)} s (${(floor.wall / sqliteA.wall).toFixed(2)}x .import)`);
const second = run(files[1]);
log(`leads import (second file into it): ${second.wall.toFixed(2)} s, peak RSS ${second.rssMiB.toFixed(0)} MiB, ${second.result.inserted} new, ${second.result.duplicates} repeats`);
const repeat = run(files[0]);
log(`leads import (first file again): ${repeat.wall.toFixed(2)} s, peak RSS ${repeat.rssMiB.toFixed(0)} MiB, ${repeat.result.inserted} new`);

const figures = {
  rows: ROWS,
  sqlite_import_s: sqliteA.wall,
  sqlite_import_second_s: sqliteB.wall,
  leads_import_s: first.wall,
  ratio: first.wall / sqliteA.wall,
  schema_floor_s: floor.wall,
  schema_floor_ratio: floor.wall / sqliteA.wall,
  ratio_to_schema_floor: first.wall / floor.wall,
  peak_rss_mib: Math.max(first.rssMiB, second.rssMiB, repeat.rssMiB),
  second_import_s: second.wall,
  second_ratio: second.wall / sqliteB.wall,
  repeat_import_s: repeat.wall,
  repeat_added: repeat.result.inserted,
  targets: { ratio: 2.0, peak_rss_mib: 150, second_ratio: 3.0, repeat_added: 0 },
};
if (JSON_OUT) console.log(JSON.stringify(figures, null, 2));
else {
  const mark = (ok) => (ok ? 'ok' : 'MISSED');
  console.log('');
  console.log(`ratio, first import:        ${figures.ratio.toFixed(2)}  (target <= 2.0: ${mark(figures.ratio <= 2)})`);
  console.log(`SQLite alone, same rows:    ${figures.schema_floor_ratio.toFixed(2)}  (leads import is ${figures.ratio_to_schema_floor.toFixed(2)}x SQLite's own time for its rows)`);
  console.log(`peak RSS:                   ${figures.peak_rss_mib.toFixed(0)} MiB  (target <= 150: ${mark(figures.peak_rss_mib <= 150)})`);
  console.log(`ratio, second into the db:  ${figures.second_ratio.toFixed(2)}  (target <= 3.0: ${mark(figures.second_ratio <= 3)})`);
  console.log(`repeat import adds:         ${figures.repeat_added}  (target 0: ${mark(figures.repeat_added === 0)})`);
}
/**
 * sqlite3 alone writing the rows of the first import into a fresh database of the same
 * schema, the way the import writes them: its page cache, the scattered indexes dropped and
 * rebuilt, the touch triggers that skip imports set aside, one transaction, WAL, FULL sync.
 */
function schemaFloor(leadsDb) {
  const stage = fresh(join(OUT, 'stage.db'));
  const target = fresh(join(OUT, 'floor.db'));
  const q = (db, sql) => execFileSync('sqlite3', [db, sql], { encoding: 'utf8' }).trim();
  q(leadsDb, `ATTACH '${stage}' AS s; CREATE TABLE s.leads AS SELECT * FROM leads; CREATE TABLE s.touches AS SELECT * FROM touches; CREATE TABLE s.imports AS SELECT * FROM imports;`);
  // a command that creates data makes the database (a read command refuses a missing one)
  execFileSync(process.execPath, [BIN, '--db', target, 'config', 'set', 'rules.strikes', '3'], { stdio: 'ignore' });
  // what the import sets aside, by the names it keeps
  const scattered = SET_ASIDE_IN_A_LOAD.indexes.map((x) => x.name);
  const rebuild = q(target, `SELECT group_concat(sql, '; ') FROM sqlite_master WHERE name IN (${scattered.map((n) => `'${n}'`).join(',')})`);
  const triggers = SET_ASIDE_IN_A_LOAD.triggers.map((x) => x.name);
  const sql = [
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -16000;',
    `ATTACH '${stage}' AS s;`,
    'BEGIN IMMEDIATE;',
    ...scattered.map((n) => `DROP INDEX ${n};`),
    ...triggers.map((n) => `DROP TRIGGER ${n};`),
    'INSERT INTO imports SELECT * FROM s.imports;',
    'INSERT INTO leads SELECT * FROM s.leads;',
    'INSERT INTO touches SELECT * FROM s.touches;',
    `${rebuild};`,
    'COMMIT;',
  ].join('\n');
  const t = timed('sqlite3', [target, sql]);
  fresh(stage);
  fresh(target);
  return t;
}

if (!argv.includes('--keep')) rmSync(join(OUT, 'leads'), { recursive: true, force: true });
