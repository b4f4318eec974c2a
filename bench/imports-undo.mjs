#!/usr/bin/env node
// leads imports undo of a large import, timed with GNU time, for one or more builds in
// alternating runs (ratios hold on a shared machine better than absolute times).
//
//   node bench/imports-undo.mjs [--rows 1000000] [--runs 1] [--bin PATH/bin/leads.js ...]
//
// 1. generates ROWS prospects with ../shared/bench/gen-leads.mjs (seed 42)
// 2. for each build, imports the file into an empty database with that build (each build
//    at its own schema), then checkpoints it: the starting point of every run
// 3. each run, for each build in turn: a copy of its database, `leads imports undo 1 --yes`
//    timed (wall seconds, peak RSS), and the leads left counted (must be 0)
// Prints the figures; exits 0 whatever they are (a bench, not a test). Needs `npm run build`
// first. Files go to bench/out/ (ignored by git).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GEN = join(ROOT, '..', 'shared', 'bench', 'gen-leads.mjs');
const OUT = join(ROOT, 'bench', 'out', 'imports-undo');
const TIME = '/usr/bin/time';

const argv = process.argv.slice(2);
const flag = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const ROWS = Number(flag('--rows', 1_000_000));
const RUNS = Number(flag('--runs', 1));
const bins = argv.flatMap((a, i) => (a === '--bin' ? [argv[i + 1]] : []));
const BINS = bins.length ? bins : [join(ROOT, 'bin', 'leads.js')];
if (!Number.isInteger(ROWS) || ROWS < 1 || !Number.isInteger(RUNS) || RUNS < 1) {
  console.error('bench: --rows and --runs take whole numbers');
  process.exit(2);
}
if (!existsSync(TIME)) {
  console.error('bench: needs GNU time at /usr/bin/time (apt-get install time)');
  process.exit(1);
}

/** Runs a command under GNU time: wall seconds and peak RSS in MiB. */
function timed(cmd, args) {
  const r = spawnSync(TIME, ['-f', '@@time %e %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC' },
  });
  const m = /@@time ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { wall: Number(m[1]), rssMiB: Number(m[2]) / 1024 };
}

mkdirSync(OUT, { recursive: true });
const file = join(OUT, `leads-${ROWS}.csv`);
if (!existsSync(file)) execFileSync(process.execPath, [GEN, String(ROWS), file, '42']);

const bases = BINS.map((bin, i) => {
  const db = join(OUT, `base-${i}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const t = timed(process.execPath, [bin, '--db', db, 'import', file, '--json']);
  const d = new Database(db);
  d.pragma('wal_checkpoint(TRUNCATE)');
  d.close();
  console.log(`build ${i} (${bin}): import of ${ROWS} rows ${t.wall.toFixed(1)} s, peak RSS ${t.rssMiB.toFixed(0)} MiB`);
  return db;
});

const results = BINS.map(() => []);
for (let run = 0; run < RUNS; run++) {
  for (const [i, bin] of BINS.entries()) {
    const db = join(OUT, `run-${i}.db`);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    copyFileSync(bases[i], db);
    const t = timed(process.execPath, [bin, '--db', db, 'imports', 'undo', '1', '--yes']);
    const d = new Database(db, { readonly: true });
    const left = d.prepare('SELECT count(*) FROM leads').pluck().get();
    d.close();
    results[i].push(t);
    console.log(`run ${run + 1}, build ${i}: imports undo ${t.wall.toFixed(1)} s, peak RSS ${t.rssMiB.toFixed(0)} MiB, ${left} leads left`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [i, rs] of results.entries()) {
  const wall = median(rs.map((r) => r.wall));
  const rss = median(rs.map((r) => r.rssMiB));
  const ratio = i ? ` (${(wall / median(results[0].map((r) => r.wall))).toFixed(2)}x build 0)` : '';
  console.log(`build ${i}: median ${wall.toFixed(1)} s${ratio}, peak RSS ${rss.toFixed(0)} MiB`);
}
