#!/usr/bin/env node
// Startup time of the built `leads` beside a bare Node that loads its two native and CLI
// dependencies, measured in the same run so the machine's load affects all alike.
//
//   node bench/startup.mjs [--runs 30] [--json] [--inherit-env]
//
// Runs are interleaved (baseline, --version, show 1, baseline, ...) after a warm-up, and
// the median wall time of each is compared with the baseline's. The target is a ratio
// of at most 1.3 for `leads show 1`: a `leads log` between two calls must feel instant.
// Needs `npm run build` first. Prints figures; never fails on them (exit 0). The child
// processes get a minimal environment (a NODE_EXTRA_CA_CERTS, say, adds tens of ms to every
// node start and would flatten the ratios); --inherit-env measures in this shell's own
// environment instead, as the salesperson's terminal runs it. bench/README.md has the figures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'leads.js');
const TARGET = 1.3;

const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(argv[runsAt + 1]) : 30;
const JSON_OUT = argv.includes('--json');
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error('bench: --runs takes a whole number');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'leads-bench-'));
const INHERIT = argv.includes('--inherit-env');
const env = { ...(INHERIT ? process.env : { PATH: process.env.PATH }), HOME: dir, TZ: 'UTC', LEADS_DB: join(dir, 'leads.db') };
delete env.LEADS_TODAY;

function exec(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    console.error(`bench: node ${args.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
    process.exit(1);
  }
  return ms;
}

const CASES = [
  { name: "node -e require('better-sqlite3'), require('commander')", args: ['-e', "require('better-sqlite3');require('commander')"] },
  { name: 'leads --version', args: [BIN, '--version'] },
  { name: 'leads show 1', args: [BIN, 'show', '1'] },
  // reference, not a target: ESM import of both, open the file with the pragmas, read lead 1
  { name: 'floor: ESM imports + open + read (bench/floor.mjs)', args: [join(ROOT, 'bench', 'floor.mjs')] },
];

try {
  exec([BIN, 'add', '--first', 'Ann', '--last', 'Baker', '--phone', '(617) 555-0134']);
  for (const c of CASES) for (let i = 0; i < 3; i++) exec(c.args); // warm the file cache
  const times = CASES.map(() => []);
  for (let i = 0; i < RUNS; i++) CASES.forEach((c, k) => times[k].push(exec(c.args)));

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const base = median(times[0]);
  const rows = CASES.map((c, k) => ({
    command: c.name,
    median_ms: +median(times[k]).toFixed(1),
    min_ms: +Math.min(...times[k]).toFixed(1),
    max_ms: +Math.max(...times[k]).toFixed(1),
    ratio: +(median(times[k]) / base).toFixed(2),
  }));
  const show = rows[2];
  if (JSON_OUT) {
    console.log(JSON.stringify({ runs: RUNS, node: process.version, target: TARGET, results: rows }, null, 2));
  } else {
    console.log(`startup, ${RUNS} runs each, interleaved (node ${process.version}; ${INHERIT ? 'this shell\'s environment' : 'minimal environment'})\n`);
    const w = Math.max(...rows.map((r) => r.command.length));
    console.log(`${'command'.padEnd(w)}  median ms  min ms  max ms  ratio`);
    for (const r of rows) {
      console.log(
        `${r.command.padEnd(w)}  ${r.median_ms.toFixed(1).padStart(9)}  ${r.min_ms.toFixed(1).padStart(6)}  ` +
          `${r.max_ms.toFixed(1).padStart(6)}  ${r.ratio.toFixed(2).padStart(5)}`,
      );
    }
    console.log(
      `\nleads show 1: ratio ${show.ratio.toFixed(2)} (target <= ${TARGET}): ${show.ratio <= TARGET ? 'ok' : 'OVER'}` +
        `; ${(show.median_ms / rows[3].median_ms).toFixed(2)} x the floor`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
