#!/usr/bin/env node
// `leads report` over a large history: 1M leads and 5M touches spread over a year (calls
// with codes, letters, emails, notes, stage moves, releases), 250 calling sessions, sorts
// with follow-ups and costed imports, all made with SQL in a database the binary created.
// Each report runs as the built binary (piped, as a script would) and its median wall time
// over the runs is printed against the 2 s target.
//
//   node bench/report.mjs [--runs 3] [--leads 1000000] [--touches 5000000] [--fresh] [--json]
//
// The database is kept in $TMPDIR/leads-bench-report-<leads>-<touches>.db and reused by
// later runs (built again with --fresh, or when a migration changed). Needs
// `npm run build` first. Prints figures; exits 1 only when a report fails.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'leads.js');
const TARGET_MS = 2000;

const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(name);
  const v = i >= 0 ? Number(argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 1) {
    console.error(`bench: ${name} takes a whole number`);
    process.exit(2);
  }
  return v;
};
const RUNS = arg('--runs', 3);
const LEADS = arg('--leads', 1_000_000);
const TOUCHES = arg('--touches', 5_000_000);
const JSON_OUT = argv.includes('--json');

// The history ends on TODAY (pinned for the reports), a Tuesday, at noon.
const TODAY = '2026-11-24';
const END = Date.parse(`${TODAY}T12:00:00Z`);
const DAY = 86_400_000;
const dbPath = join(tmpdir(), `leads-bench-report-${LEADS}-${TOUCHES}.db`);
const env = { PATH: process.env.PATH, HOME: tmpdir(), TZ: 'UTC', LEADS_DB: dbPath, LEADS_TODAY: TODAY };

// With GNU time at hand, each run's CPU time (user + system) is read too: on a machine
// shared with other work the wall time grows with the load, the CPU time much less.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function leads(args) {
  const t0 = process.hrtime.bigint();
  const [cmd, argv2] = GNU_TIME
    ? [GNU_TIME, ['-f', '@@cpu %U %S', process.execPath, BIN, ...args]]
    : [process.execPath, [BIN, ...args]];
  const r = spawnSync(cmd, argv2, { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    console.error(`bench: leads ${args.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
    process.exit(1);
  }
  const cpu = /@@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null, stdout: r.stdout };
}

const log = (s) => process.stderr.write(s + '\n');

function build() {
  for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}.schema`]) rmSync(f, { force: true });
  // the binary creates and migrates the database (only a command that writes data makes one)
  leads(['config', 'set', 'rules.cool_off_days', '180']);
  const db = new Database(dbPath);
  db.pragma('synchronous = OFF');
  const t0 = Date.now();
  const iso = (expr) => `strftime('%Y-%m-%dT%H:%M:%fZ', (${expr}) / 1000.0, 'unixepoch')`;
  db.transaction(() => {
    // ten sources of two lists each; three lists have a known cost
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19)
      INSERT INTO imports (id, file, sha256, started_at, finished_at, source, list, cost_cents, read, inserted)
      SELECT i + 1, 'list' || i || '.csv', hex(randomblob(32)), ${iso(END - 730 * DAY)}, ${iso(END - 730 * DAY)},
             'source ' || (i / 2), 'list ' || i, CASE WHEN i IN (0, 5, 11) THEN 50000 + i * 1000 END,
             ${LEADS} / 20, ${LEADS} / 20
      FROM n`);
    // leads registered over two years; statuses as a year of calling leaves them
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${LEADS})
      INSERT INTO leads (id, first_name, last_name, phone, source, list, import_id, status, code, stage,
                         touch_count, created_at, updated_at)
      SELECT i, 'First' || i, 'Last' || i, '555' || printf('%07d', i), 'source ' || ((i % 20) / 2), 'list ' || (i % 20),
             (i % 20) + 1,
             CASE WHEN i % 97 = 0 THEN 'sold' WHEN i % 31 = 0 THEN 'cycle' WHEN i % 53 = 0 THEN 'disqualified' ELSE 'prospect' END,
             CASE WHEN i % 3 = 0 THEN 1 + i % 7 END,
             CASE WHEN i % 97 = 0 THEN 'sold' WHEN i % 31 = 0 THEN 'quote' END,
             5, ${iso(`${END - 730 * DAY} + (i * ${730 * DAY}.0 / ${LEADS})`)}, ${iso(END)}
      FROM n`);
    // a calling session of two hours each day (the calls of weekdays are made in them)
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 365)
      INSERT INTO sessions (id, started_at, ended_at, calls, reached)
      SELECT i + 1, ${iso(`${END - 365 * DAY} + i * ${DAY} - ${3 * 3_600_000}`)},
             ${iso(`${END - 365 * DAY} + i * ${DAY} - ${3_600_000}`)}, 0, 0
      FROM n`);
    // a sort each evening with follow-ups
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 365)
      INSERT INTO batches (id, day, created_at, follow_ups)
      SELECT i + 1, date(${END - 365 * DAY} / 1000 + i * 86400, 'unixepoch'), ${iso(`${END - 365 * DAY} + i * ${DAY} + ${6 * 3_600_000}`)}, 8
      FROM n`);
    // touches in time order over the last year, to leads picked by a fixed hash (so every
    // build is the same history); the channel mix of a calling practice (60% calls), the
    // weekday calls logged in that day's session
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${TOUCHES} - 1),
      r AS MATERIALIZED (
        SELECT i, (i * 2246822519) % 4294967291 % ${LEADS} + 1 AS lead,
               (i * 2654435761) % 4294967291 % 100 AS kind, (i * 3266489917 + 7) % 4294967279 % 100 AS k2,
               ${END - 365 * DAY} + i * (${365 * DAY}.0 / ${TOUCHES}) AS ms
        FROM n)
      INSERT INTO touches (lead_id, at, channel, code, stage, session_id)
      SELECT lead, ${iso('ms')},
             CASE WHEN kind < 60 THEN 'call' WHEN kind < 70 THEN 'letter' WHEN kind < 75 THEN 'email'
                  WHEN kind < 85 THEN 'note' WHEN kind < 91 THEN 'stage' WHEN kind < 92 THEN 'release' ELSE 'import' END,
             CASE WHEN kind < 60 THEN (CASE WHEN k2 < 40 THEN 3 WHEN k2 < 60 THEN 1 WHEN k2 < 72 THEN 2 WHEN k2 < 80 THEN 4
                                            WHEN k2 < 88 THEN 5 WHEN k2 < 94 THEN 6 WHEN k2 < 97 THEN 7 ELSE 9 END) END,
             CASE WHEN kind >= 85 AND kind < 91 THEN (CASE k2 % 5 WHEN 0 THEN 'thinking' WHEN 1 THEN 'application'
                                                      WHEN 2 THEN 'delivery' WHEN 3 THEN 'sold' ELSE 'thinking' END)
                  WHEN kind = 91 THEN 'done' END,
             CASE WHEN kind < 60 AND (CAST((ms - ${END - 365 * DAY}) / ${DAY} AS INTEGER) % 7) < 5
                  THEN CAST((ms - ${END - 365 * DAY}) / ${DAY} AS INTEGER) + 1 END
      FROM r`);
    // the follow-ups each sort served: one code-6 call a batch item
    db.exec(`
      INSERT INTO batch_items (lead_id, touch_id, kind, batch_id)
      SELECT t.lead_id, t.id, 'follow_up', CAST((julianday(t.at) * 86400000 - julianday('1970-01-01') * 86400000
                                                 - ${END - 365 * DAY}) / ${DAY} AS INTEGER) + 1
      FROM touches t WHERE t.channel = 'call' AND t.code = 6`);
  })();
  log(`bench: built ${LEADS} leads and ${TOUCHES} touches in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  db.close();
}

// The database is built again when the migrations change (a kept one would lack what a
// changed migration does) or when the sizes asked for differ.
const MIGRATIONS = join(ROOT, 'migrations');
const schemaHash = createHash('sha256')
  .update(readdirSync(MIGRATIONS).sort().map((f) => f + readFileSync(join(MIGRATIONS, f), 'utf8')).join('\n'))
  .digest('hex');
const stamp = `${dbPath}.schema`;
const current = existsSync(dbPath) && existsSync(stamp) && readFileSync(stamp, 'utf8') === schemaHash;
if (argv.includes('--fresh') || !current) {
  build();
  writeFileSync(stamp, schemaHash);
}

const CASES = [
  ['report'],
  ['report', '--period', 'month'],
  ['report', '--period', 'day'],
  ['report', '--by', 'code'],
  ['report', '--by', 'stage'],
  ['report', '--by', 'source'],
  ['report', '--by', 'list', '--period', 'month'],
  ['report', '--json'],
  ['report', '--csv', '--period', 'month'],
  ['report', '--from', '2026-05-25', '--to', '2026-11-24'],
  ['report', '--from', '2025-11-24'],
  ['report', '--by', 'source', '--from', '2026-05-25', '--to', '2026-11-24'],
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const results = [];
for (const args of CASES) {
  leads(args); // warm the file cache
  const runs = Array.from({ length: RUNS }, () => leads(args));
  const cpu = runs.map((r) => r.cpuMs).filter((x) => x !== null);
  results.push({
    command: `leads ${args.join(' ')}`,
    median_ms: Math.round(median(runs.map((r) => r.ms))),
    max_ms: Math.round(Math.max(...runs.map((r) => r.ms))),
    cpu_ms: cpu.length ? Math.round(median(cpu)) : null,
  });
}
const worst = Math.max(...results.map((r) => r.median_ms));
const [load] = loadavg();
if (JSON_OUT) {
  console.log(
    JSON.stringify({ leads: LEADS, touches: TOUCHES, runs: RUNS, target_ms: TARGET_MS, worst_ms: worst, load_average: load, results }, null, 2),
  );
} else {
  console.log(`leads report over ${LEADS} leads and ${TOUCHES} touches, median of ${RUNS} runs (target ${TARGET_MS} ms)`);
  console.log(`   wall      max    cpu`);
  for (const r of results) {
    const cpu = r.cpu_ms === null ? '' : String(r.cpu_ms);
    console.log(`${String(r.median_ms).padStart(7)} ${String(r.max_ms).padStart(8)} ${cpu.padStart(6)}  ${r.command}`);
  }
  console.log(`worst ${worst} ms: ${worst <= TARGET_MS ? 'within' : 'OVER'} the ${TARGET_MS} ms target (load average ${load.toFixed(1)} on ${cpus().length} cores)`);
}
