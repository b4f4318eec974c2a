#!/usr/bin/env node
// leads export as a workbook (and as CSV beside it, for reference), timed with GNU time,
// for one or more builds in alternating runs (ratios hold on a shared machine better than
// absolute times).
//
//   node bench/export-xlsx.mjs [--db BOOK.db | --rows 1000000] [--runs 1] [--bin PATH/bin/leads.js ...]
//
// With --db, each run exports that book (it must be at the builds' schema); otherwise it
// generates ROWS prospects with ../shared/bench/gen-leads.mjs (seed 42) and imports them
// with the first build. Prints user CPU seconds, wall seconds, peak RSS and the file's
// size; exits 0 whatever they are (a bench, not a test). Needs `npm run build` first.
// Files go to bench/out/ (ignored by git).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GEN = join(ROOT, '..', 'shared', 'bench', 'gen-leads.mjs');
const OUT = join(ROOT, 'bench', 'out', 'export-xlsx');
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

/** Runs a command under GNU time: user CPU and wall seconds, peak RSS in MiB. */
function timed(cmd, args) {
  const r = spawnSync(TIME, ['-f', '@@time %U %e %M', cmd, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC' },
  });
  const m = /@@time ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { user: Number(m[1]), wall: Number(m[2]), rssMiB: Number(m[3]) / 1024, said: r.stderr.slice(0, m.index).trim() };
}

mkdirSync(OUT, { recursive: true });
let book = flag('--db');
if (!book) {
  book = join(OUT, `book-${ROWS}.db`);
  if (!existsSync(book)) {
    const file = join(OUT, `leads-${ROWS}.csv`);
    if (!existsSync(file)) execFileSync(process.execPath, [GEN, String(ROWS), file, '42']);
    timed(process.execPath, [BINS[0], '--db', book, 'import', file, '--json']);
  }
}

for (let run = 0; run < RUNS; run++) {
  for (const [i, bin] of BINS.entries()) {
    for (const format of ['xlsx', 'csv']) {
      const out = join(OUT, `export-${i}.${format}`);
      rmSync(out, { force: true });
      const t = timed(process.execPath, [bin, '--db', book, 'export', '--out', out]);
      const mib = statSync(out).size / 2 ** 20;
      rmSync(out, { force: true });
      console.log(
        `run ${run + 1}, build ${i}, ${format}: ${t.user.toFixed(1)} s CPU, ${t.wall.toFixed(1)} s wall, peak RSS ${t.rssMiB.toFixed(0)} MiB, ${mib.toFixed(0)} MiB file (${t.said.split('\n').join('; ')})`,
      );
    }
  }
}
