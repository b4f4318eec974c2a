#!/usr/bin/env node
// `leads sort` at a million leads with 5,000 pending outcomes (a third each: letters,
// emails, follow-ups). Target: 2 s wall or less for the whole command, PDFs included.
// Builds the database directly with SQL, then runs the built binary several times (the
// items are put back to pending between runs) and prints the wall time, and where the CPU
// time of one more run goes (V8's sampling profiler, --cpu-prof, by the code it was in:
// the program's own modules, SQLite, pdfkit, Node; the workers apart), beside the sqlite3
// CLI exporting the same rows (item + call + lead) to CSV: the floor of reading them at all.
// The program has no timing code of its own: the profile is taken from outside.
// Usage: npm run build && node bench/sort.mjs [LEADS=1000000] [PENDING=5000] [DB=/tmp/leads-bench-sort.db]
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../dist/store/db.js';

const N = Number(process.argv[2] ?? 1_000_000);
const PENDING = Number(process.argv[3] ?? 5000);
const path = process.argv[4] ?? '/tmp/leads-bench-sort.db';
const out = `${path}.batches`;
const BIN = fileURLToPath(new URL('../bin/leads.js', import.meta.url));
const RUNS = 5;
for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) rmSync(f);

const t0 = performance.now();
const db = openDatabase(path);
db.pragma('synchronous = OFF'); // building only; the timed runs use the program's pragmas
const insert = db.prepare(`
  WITH RECURSIVE seq(i) AS (SELECT CAST(@from AS INTEGER) UNION ALL SELECT i + 1 FROM seq WHERE i < @to)
  INSERT INTO leads (first_name, last_name, company, phone, phone_e164, email, email_norm, street, city, region,
                     postal_code, source, list, status, touch_count, created_at, updated_at)
  SELECT 'First' || i, 'Last' || i, 'Company ' || (i % 5000) || ' LLC',
         '(617) 555-' || printf('%04d', i % 10000), '+1617555' || printf('%04d', i % 10000),
         'first' || i || '@company' || (i % 5000) || '.example', 'first' || i || '@company' || (i % 5000) || '.example',
         (i % 9000 + 1) || ' Main St' || CASE WHEN i % 10 = 0 THEN ', Suite ' || (i % 900 + 100) ELSE '' END,
         'Boston', 'MA', printf('02%03d', i % 1000), 'source' || (i / 100000), 'list' || (i / 20000),
         'prospect', 0, @created, @created
    FROM seq`);
const created = '2026-08-26T12:00:00.000Z';
for (let from = 1; from <= N; from += 100_000) {
  db.transaction(() => insert.run({ from, to: Math.min(N, from + 99_999), created }))();
}
// the day's outcomes: a call touch each and its pending item, spread over the list
db.transaction(() => {
  const touch = db.prepare(
    `INSERT INTO touches (lead_id, at, channel, code, note) VALUES (?, ?, 'call', ?, ?)`,
  );
  const item = db.prepare('INSERT INTO batch_items (lead_id, touch_id, kind) VALUES (?, ?, ?)');
  const cycle = db.prepare(
    `UPDATE leads SET status = 'cycle', stage = 'quote', cycles = 1, code = 6, next_contact_at = ? WHERE id = ?`,
  );
  const kinds = ['letter', 'email', 'follow_up'];
  const codes = [2, 5, 6];
  const step = Math.floor(N / PENDING);
  for (let k = 0; k < PENDING; k++) {
    const lead = 1 + k * step;
    const at = new Date(Date.UTC(2026, 10, 24, 14, 0) + k * 1000).toISOString();
    const t = Number(touch.run(lead, at, codes[k % 3], k % 3 === 2 ? 'Quote by Friday, asked about delivery' : null).lastInsertRowid);
    item.run(lead, t, kinds[k % 3]);
    if (k % 3 === 2) cycle.run('2026-11-25T14:00:00.000Z', lead);
  }
  const set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  for (const [k, v] of Object.entries({
    'sender.name': 'Sam Seller', 'sender.company': 'Seller Co', 'sender.street': '1 Market St', 'sender.city': 'Springfield',
    'sender.region': 'IL', 'sender.postal_code': '62701', 'sender.phone': '(217) 555-0199', 'sender.email': 'sam@seller.example',
  })) set.run(k, v);
})();
db.exec('ANALYZE');
db.pragma('synchronous = FULL');
db.close();
console.log(`built ${N.toLocaleString('en-US')} leads, ${PENDING.toLocaleString('en-US')} pending outcomes in ${((performance.now() - t0) / 1000).toFixed(1)} s (${path})`);

function reset(outDir) {
  const d = openDatabase(path);
  d.transaction(() => {
    d.exec(`UPDATE batch_items SET batch_id = NULL, skipped = NULL;
            DELETE FROM touches WHERE channel IN ('letter', 'email') AND batch_id IS NOT NULL;
            UPDATE leads SET touch_count = 0 WHERE touch_count > 0;
            DELETE FROM batches;`);
  })();
  d.close();
  rmSync(outDir, { recursive: true, force: true });
}

const env = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', LEADS_TODAY: '2026-11-24 18:00', XDG_CONFIG_HOME: '/nonexistent' };
function sortRuns(outDir, n) {
  const runs = [];
  for (let r = 0; r < n; r++) {
    reset(outDir);
    const s = performance.now();
    const res = spawnSync(process.execPath, [BIN, 'sort', '--db', path, '--out', outDir, '--json'], { env, encoding: 'utf8' });
    const wall = performance.now() - s;
    if (res.status !== 0) throw new Error(`leads sort failed: ${res.stderr}`);
    runs.push({ wall, summary: JSON.parse(res.stdout) });
  }
  return runs.sort((a, b) => a.wall - b.wall);
}
const runs = sortRuns(out, RUNS);

/** What a profiled function's source is, in the terms of this breakdown. */
function partOf(url, fn) {
  if (!url) return fn.startsWith('(') ? fn : 'Node and V8 (native)';
  if (/better-sqlite3|\/store\//.test(url)) return 'database: store and SQLite';
  if (/pdfkit|fontkit|linebreak|png-js|\/batches\/pdf\.js|restructure|brotli|unicode-/.test(url)) return 'PDFs: pdfkit';
  if (/ical\.js|\/batches\/ics\.js/.test(url)) return 'calendar: ical.js';
  if (/\/batches\//.test(url)) return 'batch files: write, eml';
  if (/\/core\//.test(url)) return 'core: plan, addresses, templates';
  if (/\/services\//.test(url)) return 'services';
  if (/node:internal\/(modules|process\/esm|vm)|\/commander\//.test(url)) return 'start-up: loading modules';
  if (/^node:/.test(url)) return 'Node (fs, workers, streams)';
  return 'other modules';
}

/** The CPU time of each thread of one profiled run, by part, in ms. */
function profiled(outDir) {
  reset(outDir);
  const dir = mkdtempSync(join(tmpdir(), 'leads-sort-prof-'));
  const res = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, BIN, 'sort', '--db', path, '--out', outDir, '--json'], { env, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`leads sort failed: ${res.stderr}`);
  const threads = readdirSync(dir).map((f) => {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const perSample = (p.endTime - p.startTime) / 1000 / Math.max(1, p.samples.length);
    const parts = new Map();
    for (const n of p.nodes) {
      if (!n.hitCount) continue;
      const part = partOf(n.callFrame.url, n.callFrame.functionName);
      parts.set(part, (parts.get(part) ?? 0) + n.hitCount * perSample);
    }
    return { file: f, ms: (p.endTime - p.startTime) / 1000, parts };
  });
  rmSync(dir, { recursive: true, force: true });
  // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: the main thread is thread 0
  const thread = (t) => Number(t.file.split('.')[4]);
  return threads.sort((a, b) => thread(a) - thread(b));
}

const med = runs[Math.floor(RUNS / 2)];
const s = med.summary;
const dir = s.out_dir;
const size = (f) => `${(statSync(join(dir, f)).size / 1024).toFixed(0)} KiB`;
console.log(`\nleads sort: ${s.letters.count} letters, ${s.emails.count} emails, ${s.follow_ups.count} follow-ups, ${readdirSync(join(dir, 'emails')).length} .eml files`);
console.log(`  files: envelopes.pdf ${size('envelopes.pdf')}, labels.pdf ${size('labels.pdf')}, letters.pdf ${size('letters.pdf')}, follow-ups.ics ${size('follow-ups.ics')}`);
console.log(`  wall over ${RUNS} runs: min ${runs[0].wall.toFixed(0)} ms, median ${med.wall.toFixed(0)} ms, max ${runs[RUNS - 1].wall.toFixed(0)} ms (target 2000 ms)`);
console.log('  one more run under the profiler (it runs slower): each thread\'s time by part');
for (const [i, t] of profiled(out).entries()) {
  console.log(`    ${i === 0 ? 'main thread' : `worker ${i}`}: ${t.ms.toFixed(0)} ms`);
  for (const [part, ms] of [...t.parts].sort((a, b) => b[1] - a[1])) {
    if (ms >= 1) console.log(`      ${part.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms`);
  }
}

// the floor: the sqlite3 CLI writing the same joined rows to CSV
const sql = `SELECT bi.id, bi.kind, t.at, t.note, l.first_name, l.last_name, l.company, l.street, l.city, l.region,
  l.postal_code, l.country, l.email, l.phone, l.next_contact_at
  FROM batch_items bi JOIN touches t ON t.id = bi.touch_id JOIN leads l ON l.id = bi.lead_id ORDER BY bi.id`;
const cli = [];
for (let r = 0; r < RUNS; r++) {
  const st = performance.now();
  const res = spawnSync('sqlite3', ['-csv', '-header', path, sql], { encoding: 'utf8', maxBuffer: 64 << 20 });
  cli.push(performance.now() - st);
  if (res.status !== 0) {
    console.log(`sqlite3 CLI: not run (${res.error?.message ?? res.stderr.trim()})`);
    break;
  }
  if (r === 0) console.log(`\nsqlite3 -csv, the same ${res.stdout.trim().split('\n').length - 1} rows:`);
}
if (cli.length === RUNS) {
  cli.sort((a, b) => a - b);
  const m = cli[Math.floor(RUNS / 2)];
  console.log(`  median ${m.toFixed(0)} ms; leads sort is ${(med.wall / m).toFixed(1)}x that, for ${3 + 1 + 2 + 2} files, ${s.emails.count} messages and the database marks`);
}

// the disk's own pace: creating as many empty files (what the .eml part can never beat)
{
  const dirp = `${out}.files`;
  rmSync(dirp, { recursive: true, force: true });
  mkdirSync(dirp);
  const st = performance.now();
  for (let i = 0; i < s.emails.count; i++) closeSync(openSync(join(dirp, `${i}.eml`), 'wx', 0o600));
  const ms = performance.now() - st;
  rmSync(dirp, { recursive: true, force: true });
  console.log(`\ncreating ${s.emails.count} empty files on this disk: ${ms.toFixed(0)} ms (${((ms / s.emails.count) * 1000).toFixed(0)} µs a file; the .eml part can do no better)`);
}
rmSync(out, { recursive: true, force: true });

// the same with the batch folder on tmpfs (the database stays on disk): the sort's own
// work without the disk's pace for creating files
if (existsSync('/dev/shm')) {
  const shm = `/dev/shm/leads-bench-sort-${process.pid}`;
  const t = sortRuns(shm, 3);
  console.log(`\nwith the batch folder on tmpfs: median of 3 ${t[1].wall.toFixed(0)} ms`);
  rmSync(shm, { recursive: true, force: true });
}
