#!/usr/bin/env node
// Time to the next lead in the call queue at a million leads (target: 30 ms or less).
// Builds the database directly with SQL (a realistic mix of never-called prospects,
// retries, call-backs, resting, cycle, do-not-call and disqualified leads), then times
// what the session does between two leads: log an outcome, read and order the queue.
// Usage: npm run build && node bench/queue.mjs [LEADS=1000000] [DB=/tmp/leads-bench-queue.db]
import { existsSync, rmSync } from 'node:fs';
import { openDatabase } from '../dist/store/db.js';
import { callQueue } from '../dist/services/queue.js';
import { recordOutcome } from '../dist/services/outcome.js';
import { nextEntry } from '../dist/core/queue.js';

const N = Number(process.argv[2] ?? 1_000_000);
const path = process.argv[3] ?? '/tmp/leads-bench-queue.db';
for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) rmSync(f);

// noon in New York, 9:00 in Los Angeles: within calling hours everywhere in North America;
// 18:00 in Berlin, 17:00 in London, 4:00 in Sydney (held back)
const now = new Date(Date.UTC(2026, 10, 24, 17, 0));
const day = 86_400_000;
const t0 = performance.now();
const db = openDatabase(path);
db.pragma('synchronous = OFF'); // building only; the timed part runs with the program's pragmas
// the mix, by i % 100: 0-79 never called, 80-87 code 3, 88-90 code 1, 91-92 code 4,
// 93-94 code 2, 95 cycle (6), 96-97 code 7, 98-99 disqualified
db.exec(`
  CREATE TEMP TABLE area (k INTEGER PRIMARY KEY, prefix TEXT, region TEXT, country TEXT);
  INSERT INTO area (k, prefix, region, country) VALUES (0,'+1617','MA',NULL),(1,'+1212','NY',NULL),(2,'+1312','IL',NULL),
    (3,'+1713','TX',NULL),(4,'+1303','CO',NULL),(5,'+1602','AZ',NULL),(6,'+1206','WA',NULL),(7,'+1415','CA',NULL),
    (8,'+1416','ON',NULL),(9,'+1604','BC',NULL),
    -- abroad: a country of one zone, a phone's country code alone, a country of several zones
    (10,'+4930','Berlin','DE'),(11,'+44207','London',NULL),(12,'+612','NSW','AU');
`);
const insert = db.prepare(`
  WITH RECURSIVE seq(i) AS (SELECT CAST(@from AS INTEGER) UNION ALL SELECT i + 1 FROM seq WHERE i < @to)
  INSERT INTO leads (first_name, last_name, company, phone, phone_e164, region, country, source, list, priority,
                     status, code, stage, attempts, last_called_at, next_contact_at, do_not_call,
                     touch_count, created_at, updated_at)
  SELECT 'First' || i, 'Last' || i, 'Company ' || (i % 5000),
         a.prefix || ' 555 ' || printf('%04d', i % 10000), a.prefix || '555' || printf('%04d', i % 10000),
         CASE WHEN i % 3 = 0 THEN a.region END, a.country, 'source' || (i / 100000), 'list' || (i / 20000), (i % 97 = 0),
         CASE WHEN i % 100 = 95 THEN 'cycle' WHEN i % 100 >= 98 THEN 'disqualified' ELSE 'prospect' END,
         CASE WHEN i % 100 < 80 THEN NULL WHEN i % 100 < 88 THEN 3 WHEN i % 100 < 91 THEN 1 WHEN i % 100 < 93 THEN 4
              WHEN i % 100 < 95 THEN 2 WHEN i % 100 = 95 THEN 6 WHEN i % 100 < 98 THEN 7 ELSE 9 END,
         CASE WHEN i % 100 = 95 THEN 'quote' END,
         CASE WHEN i % 100 BETWEEN 80 AND 87 THEN i % 9 ELSE 0 END,
         CASE WHEN i % 100 >= 80 THEN strftime('%Y-%m-%dT%H:%M:%fZ', @now / 1000 - (2 + i % 60) * 86400, 'unixepoch') END,
         CASE WHEN i % 100 < 80 OR i % 100 >= 96 THEN NULL
              ELSE strftime('%Y-%m-%dT%H:%M:%fZ', @now / 1000 + ((i * 7919) % 121 - 60) * 86400, 'unixepoch') END,
         (i % 100 IN (96, 97)), (i % 100 >= 80), @created, @created
    FROM seq JOIN area a ON a.k = (seq.i / 100) % 13`);
const created = new Date(now.getTime() - 90 * day).toISOString();
const chunk = 100_000;
for (let from = 1; from <= N; from += chunk) {
  db.transaction(() => insert.run({ from, to: Math.min(N, from + chunk - 1), now: now.getTime(), created }))();
}
db.exec('ANALYZE');
db.pragma('synchronous = FULL');
const built = performance.now() - t0;
console.log(`built ${N.toLocaleString('en-US')} leads in ${(built / 1000).toFixed(1)} s (${path})`);

function time(label, fn, runs = 30) {
  fn(); // warm: statements prepared, pages cached
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn(i);
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  const med = ms[Math.floor(ms.length / 2)];
  const p95 = ms[Math.floor(ms.length * 0.95)];
  console.log(`${label.padEnd(46)} median ${med.toFixed(2).padStart(6)} ms   p95 ${p95.toFixed(2).padStart(6)} ms`);
  return med;
}

// the card's count of leads callable now and held back (before it: the queue's size alone)
const queueService = await import('../dist/services/queue.js');
const count = queueService.callQueueCounts
  ? () => queueService.callQueueCounts(db, now)
  : () => queueService.callQueueSize(db, now);
const first = nextEntry(callQueue(db, now), new Set());
console.log(`queue head: lead ${first?.lead.id} (${first?.kind}), local time ${first?.local?.text ?? '?'}`);
const next = time('next lead (queue read + order)', () => nextEntry(callQueue(db, now), new Set()));
time('next lead, --list list7', () => nextEntry(callQueue(db, now, { list: 'list7' }), new Set()));
time('next lead, --source source3', () => nextEntry(callQueue(db, now, { source: 'source3' }), new Set()));
time('next lead, --territory TX,ON', () => nextEntry(callQueue(db, now, { territory: ['TX', 'ON'] }), new Set()));
time('next lead, --any-hour', () => nextEntry(callQueue(db, now, { anyHour: true }), new Set()));
console.log(`the card's count: ${JSON.stringify(count())}`);
time("the card's count", count);
// what a session does between two leads: commit the outcome (synchronous=FULL), then the next lead
let id = 0;
const logged = time('log an outcome (3) + next lead', () => {
  const e = nextEntry(callQueue(db, now), new Set());
  id = e.lead.id;
  recordOutcome(db, { leadId: id, code: 3, result: 'no_answer' }, now);
  nextEntry(callQueue(db, now), new Set());
});
db.close();
console.log(`time to the next lead at ${N.toLocaleString('en-US')} leads: ${next.toFixed(2)} ms (target <= 30 ms): ${next <= 30 ? 'ok' : 'TOO SLOW'}`);
console.log(`with the outcome committed first: ${logged.toFixed(2)} ms`);
