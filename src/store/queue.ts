// SQL of the call queue: the candidates for src/core/queue.ts, in one indexed query. The
// SQL only narrows to what its indexes read cheaply; whether a lead is callable is core's
// `isCallable` alone.
import type { DB } from './db.js';
import type { LeadRow } from '../core/lead.js';
import { codeRules, type CodeAction } from '../core/codes.js';
import type { Candidate } from '../core/queue.js';
import { likeEscaped } from '../core/search.js';
import { listCodes } from './codes.js';

export interface QueueFilter {
  source?: string;
  list?: string;
  /** states/regions (matched whole, any case) or postal-code prefixes */
  territory?: string[];
}

function filterSql(f: QueueFilter, params: Record<string, unknown>): string {
  const where: string[] = ['merged_into IS NULL'];
  if (f.source !== undefined) {
    where.push('source = @source');
    params.source = f.source;
  }
  if (f.list !== undefined) {
    where.push('list = @list');
    params.list = f.list;
  }
  if (f.territory?.length) {
    const terms = f.territory.map((t, i) => {
      Object.assign(params, territoryParams(t.trim(), `t${i}`));
      return territorySql(`t${i}`);
    });
    where.push(`(${terms.join(' OR ')})`);
  }
  return where.join(' AND ');
}

/** The leads of one territory term named `@key`: its region matched whole (any case), or a postal code it begins. */
function territorySql(key: string): string {
  return `region = @${key} COLLATE NOCASE OR postal_code LIKE @${key}p ESCAPE '\\'`;
}

/** The parameters of `territorySql(key)` for one term. */
function territoryParams(term: string, key: string): Record<string, string> {
  return { [key]: term, [`${key}p`]: `${likeEscaped(term)}%` };
}

/**
 * The SQL of the queue's candidates: a UNION ALL of one ordered, limited index range a
 * part — for each status (prospect, cycle) and each last code that is called again, the
 * leads due by `@now` (index leads_queue_code), and the prospects never called (index
 * leads_queue_new, or its list/source twin) by priority. Each part reads at most `@n`
 * rows. The partial indexes' own conditions (do-not-call,
 * status) are repeated because SQLite uses such an index only when the query implies them.
 */

export function queueSql(
  db: DB,
  f: QueueFilter,
  columns = '*',
): { sql: string; params: Record<string, unknown>; actions: Map<number, CodeAction> } {
  const params: Record<string, unknown> = {};
  const filters = filterSql(f, params);
  const codes = listCodes(db);
  const actions = new Map(codes.map((c) => [c.code, c.action]));
  const called = codes.filter((c) => !codeRules(c).final).map((c) => c.code);
  // the planner left to itself may pick another index (or sort every prospect): name ours
  const by = f.list !== undefined ? '_list' : f.source !== undefined ? '_source' : '';
  const parts: string[] = [];
  for (const status of ['prospect', 'cycle']) {
    for (const code of [null, ...called]) {
      parts.push(
        `SELECT * FROM (SELECT ${columns} FROM leads INDEXED BY leads_queue_code${by} WHERE status = '${status}' AND code ${code === null ? 'IS NULL' : `= ${Number(code)}`}
           AND next_contact_at <= @now AND next_contact_at IS NOT NULL AND do_not_call = 0
           AND status IN ('prospect', 'cycle') AND ${filters}
           ORDER BY next_contact_at LIMIT @n)`,
      );
    }
  }
  parts.push(
    `SELECT * FROM (SELECT ${columns} FROM leads INDEXED BY leads_queue_new${by} WHERE code IS NULL AND do_not_call = 0 AND status = 'prospect'
       AND next_contact_at IS NULL AND ${filters}
       ORDER BY priority DESC, id LIMIT @n)`,
  );
  return { sql: parts.join('\nUNION ALL\n'), params, actions };
}

/** Up to `n` candidates of each part of the queue (the core decides and orders). */
export function queueCandidates(db: DB, f: QueueFilter, now: string, n: number): Candidate[] {
  const { sql, params, actions } = queueSql(db, f);
  const rows = db.prepare(sql).all({ ...params, now, n }) as LeadRow[];
  return rows.map((lead) => ({ lead, action: lead.code === null ? null : (actions.get(lead.code) ?? null) }));
}

/** The columns the queue's rules and the lead's time zone read: what counting the queue needs of a lead. */
const QUEUE_COLUMNS = [
  'id', 'status', 'code', 'priority', 'do_not_call', 'last_called_at', 'next_contact_at', 'merged_into',
  'time_zone', 'postal_code', 'region', 'country', 'phone_e164', 'mobile_e164',
] as const;
export type QueueColumns = Pick<LeadRow, (typeof QUEUE_COLUMNS)[number]>;

/**
 * The first `n` candidates of the queue, part after part, with only the columns that decide
 * whether and when they are called: what the session's count of the queue reads.
 */
export function queueCandidatesBrief(db: DB, f: QueueFilter, now: string, n: number): Candidate<QueueColumns>[] {
  const { sql, params, actions } = queueSql(db, f, QUEUE_COLUMNS.join(', '));
  // the parts are read in turn, and the reading stops at n rows in all
  const rows = db.prepare(`SELECT * FROM (${sql}) LIMIT @n`).all({ ...params, now, n }) as QueueColumns[];
  return rows.map((lead) => ({ lead, action: lead.code === null ? null : (actions.get(lead.code) ?? null) }));
}

/** The part of `queueSql` a candidate came from: one status and last code, never-called prospects apart. */
export function queuePart(l: Pick<LeadRow, 'status' | 'code' | 'next_contact_at'>): string {
  return `${l.status} ${l.code} ${l.next_contact_at === null}`;
}

/** The territory terms (region, or postal-code prefix) that no lead at all has. */
export function territoryTermsWithoutLeads(db: DB, terms: string[]): string[] {
  const any = db.prepare(`SELECT 1 FROM leads WHERE ${territorySql('t')} LIMIT 1`).pluck();
  return terms.filter((t) => !any.get(territoryParams(t, 't')));
}

/** Leads with a next contact by `by` (ISO), prospects and cycle leads not do-not-call, earliest first. */
export function dueLeads(db: DB, by: string): Candidate[] {
  const actions = new Map(listCodes(db).map((c) => [c.code, c.action]));
  const rows = db
    .prepare(
      `SELECT * FROM leads WHERE next_contact_at <= @by AND next_contact_at IS NOT NULL AND do_not_call = 0
         AND status IN ('prospect', 'cycle') AND merged_into IS NULL
       ORDER BY next_contact_at, id`,
    )
    .all({ by }) as LeadRow[];
  return rows.map((lead) => ({ lead, action: lead.code === null ? null : (actions.get(lead.code) ?? null) }));
}
