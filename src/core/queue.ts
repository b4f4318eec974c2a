// The call queue: which leads are callable now, and in what order. Pure: the store hands
// over candidates (src/store/queue.ts, one indexed query), this decides.
import type { CodeAction } from './codes.js';
import { UsageError } from './errors.js';
import { daysBetween, startOfLocalDay } from './dates.js';
import type { LeadRow } from './lead.js';
import { defaultUserZone, leadClock, leadZone, localTimeIn, type LeadClock, type LeadZone } from './zones.js';

/**
 * Why a lead is in the queue: an inbound lead while fresh, a follow-up of a lead in the sales
 * cycle, a call-back (or a date set by hand), a not-available retry, a recall after a rest,
 * letter or email, or a prospect never called.
 */
export type QueueKind = 'inbound' | 'follow_up' | 'call_back' | 'retry' | 'recall' | 'new';

/**
 * A prospect's priority: among the never called, a higher one is called first (0 unless
 * set with `leads edit ID --priority N`; a negative one waits behind the rest).
 */
export const PRIORITY = { min: -9, max: 9 } as const;

/** `--priority N` as typed; a usage error outside the range. */
export function parsePriority(text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t) || Number(t) < PRIORITY.min || Number(t) > PRIORITY.max) {
    throw new UsageError(`--priority must be a whole number from ${PRIORITY.min} to ${PRIORITY.max} (higher is called sooner), not ${JSON.stringify(text)}`);
  }
  return Number(t);
}

/** Fresh inbound leads first, call-backs and follow-ups (overdue first), then retries, recalls, new prospects. */
export const KIND_RANK: Record<QueueKind, number> = { inbound: -1, follow_up: 0, call_back: 0, retry: 1, recall: 2, new: 3 };
export const KIND_LABEL: Record<QueueKind, string> = {
  inbound: 'inbound',
  follow_up: 'follow-up',
  call_back: 'call-back',
  retry: 'retry',
  recall: 'recall',
  new: 'new',
};

type QueueLead = Pick<
  LeadRow,
  | 'id' | 'status' | 'code' | 'priority' | 'do_not_call' | 'last_called_at' | 'next_contact_at'
  | 'time_zone' | 'postal_code' | 'region' | 'country' | 'phone_e164' | 'mobile_e164'
> & { merged_into?: number | null; inbound_at?: string | null };

/** An inbound lead is fresh, and first in the queue, for its first hour: reaching it drops sharply with the time it waits. */
export const INBOUND_FRESH_MINUTES = 60;

/** Whether a lead came in by itself within the last INBOUND_FRESH_MINUTES and was never called. */
export function freshInbound(l: Pick<QueueLead, 'code' | 'inbound_at'>, now: Date): boolean {
  return Boolean(l.inbound_at) && l.code === null && now.getTime() - Date.parse(l.inbound_at!) < INBOUND_FRESH_MINUTES * 60_000;
}

/**
 * The kind of a lead by its status and its last code's action (and, for an inbound lead
 * never called, whether it is still fresh at `now`); null: never called again.
 */
export function queueKind(l: QueueLead, action: CodeAction | null, now?: Date): QueueKind | null {
  if (l.status === 'cycle') return 'follow_up';
  if (l.code === null) return l.next_contact_at ? 'call_back' : now && freshInbound(l, now) ? 'inbound' : 'new';
  switch (action) {
    case 'callback':
    case 'none':
      return 'call_back';
    case 'retry':
      return 'retry';
    case 'rest':
    case 'letter':
    case 'email':
    case 'finish':
      return 'recall';
    default:
      return null;
  }
}

/**
 * Callable now: not do-not-call, prospect or in the cycle (not sold, not disqualified, not
 * merged away), due (its next contact has come, or never called and nothing scheduled),
 * and not already called today — unless a contact was set for later the same day (a
 * call-back "this afternoon") and that time has come.
 */
export function isCallable(l: QueueLead, now: Date): boolean {
  if (l.do_not_call || (l.status !== 'prospect' && l.status !== 'cycle') || l.merged_into) return false;
  const at = now.toISOString();
  if (l.code === null) {
    if (l.next_contact_at && l.next_contact_at > at) return false;
    if (!l.next_contact_at && l.status !== 'prospect') return false;
  } else if (!l.next_contact_at || l.next_contact_at > at) {
    return false;
  }
  const today = startOfLocalDay(now).toISOString();
  if (l.last_called_at && l.last_called_at >= today) {
    return Boolean(l.next_contact_at && l.next_contact_at > l.last_called_at);
  }
  return true;
}

export interface QueueEntry<L extends QueueLead = LeadRow> {
  lead: L;
  kind: QueueKind;
  /** the lead's zone and how it was found (the user's own when nothing tells) */
  zone: LeadZone;
  /** the lead's wall-clock time now, and whether calling hours hold in every zone it may be in */
  local: LeadClock;
  /** outside calling hours (8:00-21:00 their time, in every zone of theirs): not called unless --any-hour */
  heldBack: boolean;
}

export interface Candidate<L extends QueueLead = LeadRow> {
  lead: L;
  /** the action of the lead's last code (null when never called) */
  action: CodeAction | null;
}

/**
 * The queue in calling order: callable candidates only (each lead once), fresh inbound leads
 * in the order they came in, call-backs and follow-ups by due time (overdue first), then
 * retries and recalls by due time, then new prospects (inbound ones first) by priority and
 * list order (id). Each entry carries the lead's local time and whether calling hours hold
 * it back.
 */
export function orderQueue<L extends QueueLead>(
  candidates: Candidate<L>[],
  now: Date,
  opts: { anyHour?: boolean; userZone?: string } = {},
): QueueEntry<L>[] {
  const seen = new Set<number>();
  const entries: QueueEntry<L>[] = [];
  // one clock reading a zone: a queue holds many leads of few zones
  const clockOf = clockReader(now, opts.userZone);
  for (const c of candidates) {
    if (seen.has(c.lead.id) || !isCallable(c.lead, now)) continue;
    const kind = queueKind(c.lead, c.action, now);
    if (!kind) continue;
    seen.add(c.lead.id);
    const { zone, local } = clockOf(c.lead);
    entries.push({ lead: c.lead, kind, zone, local, heldBack: !opts.anyHour && !local.within });
  }
  return entries.sort((a, b) => {
    const rank = KIND_RANK[a.kind] - KIND_RANK[b.kind];
    if (rank) return rank;
    // inbound leads in the order they came in, before the prospects of a list
    if (a.kind === 'inbound' || a.kind === 'new') {
      const [x, y] = [a.lead.inbound_at ?? '\uffff', b.lead.inbound_at ?? '\uffff'];
      return (x < y ? -1 : x > y ? 1 : 0) || b.lead.priority - a.lead.priority || a.lead.id - b.lead.id;
    }
    const due = (a.lead.next_contact_at ?? '').localeCompare(b.lead.next_contact_at ?? '');
    return due || a.lead.id - b.lead.id;
  });
}

/**
 * The lead's clock in `--json`: its local time (a country's earliest and latest when the
 * zone is not narrowed down), the zone used (the zones, comma-separated, for a whole
 * country) and how it was found (`user`: nothing on the lead told, the user's own zone).
 */
export function zoneJson(e: { zone: LeadZone; local: LeadClock }) {
  return { local_time: e.local.text, time_zone_used: e.zone.zones.join(', '), time_zone_from: e.zone.from };
}

/** The next lead to call: the first entry not held back and not skipped in this session. */
export function nextEntry<L extends QueueLead>(entries: QueueEntry<L>[], skipped: ReadonlySet<number>): QueueEntry<L> | undefined {
  return entries.find((e) => !e.heldBack && !skipped.has(e.lead.id));
}

/**
 * `--territory MA,NH,021`: states/regions or postal-code prefixes. A term is letters, digits,
 * spaces, dots, apostrophes and dashes; anything else is a typo, refused rather than matching nothing.
 */
export function parseTerritory(text: string): string[] {
  const terms = text.split(',').map((t) => t.trim()).filter(Boolean);
  if (!terms.length) throw new UsageError('--territory takes states/regions or postal-code prefixes, e.g. MA,NH,021');
  const bad = terms.find((t) => !/^[\p{L}\p{N}][\p{L}\p{N} .'-]*$/u.test(t));
  if (bad !== undefined) throw new UsageError(`--territory: ${JSON.stringify(bad)} is not a state/region or postal-code prefix`);
  return terms;
}

/** A line of `leads due`: a due call-back or follow-up, or a cycle lead going stale with nothing due. */
export interface DueRow {
  lead: LeadRow;
  kind: string;
  overdueDays: number;
  /** a cycle lead with no next contact, or one overdue beyond `rules.stale_days` */
  stale: boolean;
  /** the lead's zone and its clock now */
  zone: LeadZone;
  local: LeadClock;
}

/** A reader of leads' clocks at one moment: each zone read once, whatever the number of leads. */
export function clockReader(now: Date, userZone = defaultUserZone()) {
  const clocks = new Map<string, ReturnType<typeof localTimeIn>>();
  const clock = (zone: string) => clocks.get(zone) ?? clocks.set(zone, localTimeIn(zone, now)).get(zone)!;
  return (lead: Parameters<typeof leadZone>[0]): { zone: LeadZone; local: LeadClock } => {
    const zone = leadZone(lead, userZone);
    return { zone, local: leadClock(zone, clock) };
  };
}

/**
 * The due list with the stale cycle leads marked, and those not in it (no next contact, or
 * do-not-call) added after it as kind `stale`, longest without contact first.
 */
export function withStale(
  entries: { lead: LeadRow; kind: string; overdueDays: number }[],
  stale: LeadRow[],
  now: Date,
): DueRow[] {
  const staleIds = new Set(stale.map((l) => l.id));
  const listed = new Set(entries.map((e) => e.lead.id));
  const clockOf = clockReader(now);
  return [
    ...entries.map((e) => ({ ...e, stale: staleIds.has(e.lead.id), ...clockOf(e.lead) })),
    ...stale
      .filter((l) => !listed.has(l.id))
      .map((l) => ({
        lead: l,
        kind: 'stale',
        overdueDays: l.next_contact_at ? Math.max(0, daysBetween(new Date(l.next_contact_at), now)) : 0,
        stale: true,
        ...clockOf(l),
      })),
  ];
}
