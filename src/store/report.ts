// SQL of `leads report`: every figure is an aggregate computed by SQLite over the touches
// (and the batches, sessions and imports), so a report over millions of touches never
// brings them into JavaScript. Counts by period and each lead's first contact are read
// from what the triggers of migration 0004 keep beside the touches (touch_counts,
// first_contacts); the funnel by source or list reads the touches of the period itself.
// Periods arrive as UTC ISO bounds; see src/core/report.ts.
import type { DB } from './db.js';
import type { PeriodExtras, SourceCounts, TouchGroup } from '../core/report.js';
import { codeRules } from '../core/codes.js';
import { listCodes } from './codes.js';

/** Channels the report counts (calls, mail sent, the cycle); notes and edits are left out. */
const REPORTED = `('call', 'letter', 'email', 'stage', 'release')`;

/** A bound on a quarter hour can be read from touch_counts (every local midnight is one). */
const ON_QUARTER = /T\d\d:(00|15|30|45):00\.000Z$/;

/**
 * Touches between consecutive `bounds` (n + 1 ascending ISO moments make n periods),
 * counted by period, channel, code and stage: a few dozen rows however many touches.
 * They come from the quarter-hour counts (migration 0004), or, for bounds that are not
 * on a quarter hour (or `fromTouches`, which tests compare the two with), from the touches.
 */
export function touchGroups(db: DB, bounds: string[], o: { fromTouches?: boolean } = {}): TouchGroup[] {
  if (bounds.length < 2) return [];
  const fromCounts = !o.fromTouches && bounds.every((b) => ON_QUARTER.test(b));
  const col = fromCounts ? 'slot' : 'at';
  const params = Object.fromEntries(bounds.map((b, i) => [`b${i}`, fromCounts ? b.slice(0, 16) : b]));
  const cases = bounds
    .slice(1, -1)
    .map((_, i) => `WHEN ${col} < @b${i + 1} THEN ${i}`)
    .join(' ');
  const bucket = cases ? `CASE ${cases} ELSE ${bounds.length - 2} END` : '0';
  const range = `${col} >= @b0 AND ${col} < @b${bounds.length - 1} AND channel IN ${REPORTED}`;
  const counted = fromCounts
    ? `SELECT ${bucket} AS bucket, channel, nullif(code, -1) AS code, nullif(stage, '') AS stage, sum(n) AS n
       FROM touch_counts WHERE ${range} GROUP BY 1, 2, 3, 4 HAVING sum(n) > 0`
    : `SELECT ${bucket} AS bucket, channel, code, stage, count(*) AS n
       FROM touches WHERE ${range} GROUP BY 1, 2, 3, 4`;
  return db
    .prepare(
      `SELECT g.bucket, g.channel, g.code, g.stage, c.reached, c.action, g.n
       FROM (${counted}) g LEFT JOIN codes c ON c.code = g.code
       ORDER BY g.bucket`,
    )
    .all(params) as TouchGroup[];
}

/** Follow-ups served, first contacts and the touches before them, session hours, calls and dials, talk time. */
export function periodExtras(db: DB, start: string, end: string): PeriodExtras {
  const p = { start, end };
  const followUps = db
    .prepare(
      // the few batches of the period first, then their items (CROSS JOIN keeps that order)
      `SELECT count(*) AS n FROM batches b CROSS JOIN batch_items bi ON bi.batch_id = b.id
       WHERE bi.kind = 'follow_up' AND bi.skipped IS NULL AND b.created_at >= @start AND b.created_at < @end`,
    )
    .get(p) as { n: number };
  // A lead's first contact: its first call with a "reached" code, kept with the touches
  // before it in first_contacts by triggers (migration 0004).
  const first = db
    .prepare(
      `SELECT count(*) AS leads, coalesce(sum(touches_before), 0) AS touches
       FROM first_contacts WHERE at >= @start AND at < @end`,
    )
    .get(p) as { leads: number; touches: number };
  // A session that was never closed (a crash) lasts until its last touch.
  const sessions = db
    .prepare(
      `SELECT coalesce(sum(max(0, julianday(coalesce(s.ended_at, (SELECT max(at) FROM touches WHERE session_id = s.id), s.started_at))
                                  - julianday(s.started_at))) * 24, 0) AS hours,
              -- a follow-up call that moved a stage (or released the lead) in a session is a call
              coalesce(sum((SELECT count(*) FROM touches WHERE session_id = s.id AND channel IN ('call', 'stage', 'release'))), 0) AS calls,
              coalesce(sum(s.dials), 0) AS dials
       FROM sessions s WHERE s.started_at >= @start AND s.started_at < @end`,
    )
    .get(p) as { hours: number; calls: number; dials: number };
  // the timed calls of the period (follow-up calls that moved a stage included), from their
  // partial index (migration 0006)
  const talk = db
    .prepare(
      `SELECT count(*) AS calls, coalesce(sum(duration_s), 0) AS seconds FROM touches INDEXED BY touches_timed
       WHERE duration_s IS NOT NULL AND at >= @start AND at < @end`,
    )
    .get(p) as { calls: number; seconds: number };
  return {
    follow_ups: followUps.n,
    first_contacts: first.leads,
    touches_before_first_contact: first.touches,
    session_hours: sessions.hours,
    session_calls: sessions.calls,
    session_dials: sessions.dials,
    timed_calls: talk.calls,
    talk_seconds: talk.seconds,
  };
}

/**
 * A lead's calls of a period, its reached calls and its finishing calls, counted in one sum
 * as three 20-bit fields (a million calls of a lead in one period before a count runs into
 * the next): one aggregate a touch instead of three is much of what a long period costs.
 */
const CALL = 1;
const REACHED = 2 ** 20;
const FINISHED = 2 ** 40;
const COUNT = 2 ** 20 - 1;

/**
 * The funnel of each source (or list) in the period: its leads, and the distinct leads
 * called, reached, finished (a `finish` code) and sold in the period; and what its
 * costed imports cost, the leads they brought and how many of those are sold to date.
 * `byLead` chooses how the touches are read (tests compare the two), else `readsByLead` does.
 */
export function sourceCounts(
  db: DB,
  by: 'source' | 'list',
  start: string,
  end: string,
  o: { byLead?: boolean } = {},
): SourceCounts[] {
  const col = by === 'source' ? 'source' : 'list';
  const codes = listCodes(db);
  // the codes are a handful: written into the query, they cost nothing a touch
  const reached = codes.filter((c) => codeRules(c).reached).map((c) => Number(c.code));
  const finish = codes.filter((c) => c.action === 'finish').map((c) => Number(c.code));
  const index = (o.byLead ?? readsByLead(db, start, end)) ? 'touches_lead' : 'touches_at';
  return db
    .prepare(
      `WITH
       sizes AS (
         SELECT ${col} AS key, count(*) AS leads, count(*) FILTER (WHERE created_at >= @start) AS new_leads
         FROM leads WHERE merged_into IS NULL AND created_at < @end GROUP BY ${col}),
       active AS (
         SELECT lead_id,
                sum(CASE WHEN channel = 'call' THEN ${CALL}
                                + CASE WHEN code IN (${reached.join(', ')}) THEN ${REACHED} ELSE 0 END
                                + CASE WHEN code IN (${finish.join(', ')}) THEN ${FINISHED} ELSE 0 END
                         ELSE 0 END) AS calls,
                max(channel = 'stage' AND stage = 'sold') AS sold
         FROM touches INDEXED BY ${index}
         WHERE at >= @start AND at < @end AND channel IN ('call', 'stage')
         GROUP BY lead_id),
       funnel AS (
         SELECT l.${col} AS key, sum((a.calls & ${COUNT}) > 0) AS called,
                sum((a.calls / ${REACHED} & ${COUNT}) > 0) AS reached,
                sum((a.calls / ${FINISHED} & ${COUNT}) > 0) AS finished, sum(a.sold) AS sold
         FROM active a JOIN leads l ON l.id = a.lead_id GROUP BY l.${col}),
       costed AS (
         SELECT id, ${col} AS key, cost_cents FROM imports WHERE cost_cents IS NOT NULL AND started_at < @end),
       costs AS (
         SELECT k.key, k.cost_cents,
                (SELECT count(*) FROM leads l WHERE l.merged_into IS NULL
                   AND l.import_id IN (SELECT id FROM costed c WHERE c.key IS k.key)) AS costed_leads,
                (SELECT count(*) FROM leads l WHERE l.merged_into IS NULL AND l.status = 'sold'
                   AND l.import_id IN (SELECT id FROM costed c WHERE c.key IS k.key)) AS costed_sold
         FROM (SELECT key, sum(cost_cents) AS cost_cents FROM costed GROUP BY key) k),
       keys AS (SELECT key FROM sizes UNION SELECT key FROM funnel UNION SELECT key FROM costs)
       SELECT k.key, coalesce(s.leads, 0) AS leads, coalesce(s.new_leads, 0) AS new_leads,
              coalesce(f.called, 0) AS called, coalesce(f.reached, 0) AS reached,
              coalesce(f.finished, 0) AS finished, coalesce(f.sold, 0) AS sold,
              c.cost_cents, coalesce(c.costed_leads, 0) AS costed_leads, coalesce(c.costed_sold, 0) AS costed_sold
       FROM keys k
       LEFT JOIN sizes s ON s.key IS k.key
       LEFT JOIN funnel f ON f.key IS k.key
       LEFT JOIN costs c ON c.key IS k.key
       ORDER BY k.key IS NULL, k.key COLLATE NOCASE`,
    )
    .all({ start, end }) as SourceCounts[];
}

/**
 * Whether the funnel reads the period's calls and stage moves in lead order (touches_lead:
 * the whole index, grouped as it is read) rather than in time order (touches_at: the
 * period alone, then sorted by lead). Sorting costs several times what reading costs, so
 * once the period holds more than about a tenth of the history, lead order is cheaper; the
 * share is judged from the period's part of the time between the first and last touch.
 */
function readsByLead(db: DB, start: string, end: string): boolean {
  const span = db
    .prepare('SELECT (SELECT min(at) FROM touches) AS first, (SELECT max(at) FROM touches) AS last')
    .get() as { first: string | null; last: string | null };
  if (!span.first || !span.last) return false;
  const [first, last] = [Date.parse(span.first), Date.parse(span.last)];
  const inside = Math.min(Date.parse(end), last) - Math.max(Date.parse(start), first);
  return inside > (last - first) / 10;
}

/** The outcome codes and their labels. */
export function codeLabels(db: DB): Map<number, string> {
  const rows = db.prepare('SELECT code, label FROM codes ORDER BY code').all() as { code: number; label: string }[];
  return new Map(rows.map((r) => [r.code, r.label]));
}
