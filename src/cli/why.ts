// Why this lead, now: the one line every lead in the queue carries, in the salesperson's
// words, on the card, in `leads due` and as `why` in `call --json` and `due --json`.
import type { LeadRow } from '../core/lead.js';
import type { CodeAction, CodeRow } from '../core/codes.js';
import { daysBetween, localDay } from '../core/dates.js';
import { partOfHour, type Part } from '../core/day-parts.js';
import type { RetryPlan } from '../core/retry.js';
import type { QueueKind } from '../core/queue.js';

const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * A moment said from `now`: `10:00` today, `tomorrow 10:00`, `Fri 10:00` within a week
 * either side, else `2026-12-01 10:00`; a retry due "any time that day" (stored as the
 * midnight that begins it) as the day alone.
 */
export function whenText(iso: string, now: Date): string {
  const d = new Date(iso);
  const anyTime = d.getHours() === 0 && d.getMinutes() === 0;
  const time = anyTime ? '' : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const days = daysBetween(now, d);
  const day = days === 0 ? (anyTime ? 'today' : '') : days === 1 ? 'tomorrow' : days === -1 ? 'yesterday' : Math.abs(days) < 7 ? WEEKDAYS[d.getDay()] : localDay(d);
  return [day, time].filter(Boolean).join(' ');
}

/** `4 minutes`, `1 hour`, `3 hours`, `2 days`. */
export function ageText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}

const PLURAL: Record<Part, string> = { morning: 'mornings', midday: 'midday', afternoon: 'afternoons', evening: 'evenings' };

/** `mornings`, `mornings and midday`, `mornings, midday and afternoons`. */
function partsText(parts: Part[]): string {
  const words = parts.map((p) => PLURAL[p]);
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The plan kept with the lead, when it is still the plan of its next contact. */
export function planOf(lead: Pick<LeadRow, 'next_plan' | 'next_contact_at'>): RetryPlan | null {
  if (!lead.next_plan) return null;
  const plan = JSON.parse(lead.next_plan) as RetryPlan;
  return plan.at === lead.next_contact_at ? plan : null;
}

/**
 * A retry's reason from its plan: `retry 3 of 6: mornings and midday tried; afternoon now,
 * when you reach 31% (±6%)`. The part is "now" while the lead's clock (`leadHour`, where
 * known) is in it and the try is due, else it says when.
 */
export function retryWhy(plan: RetryPlan, now: Date, leadHour: number | null): string {
  const head =
    plan.kind === 'retry'
      ? `retry ${plan.try} of ${plan.of}`
      : plan.kind === 'round'
        ? `round ${plan.round}, try 1 of ${plan.of}, after ${plan.rest_days} days' rest`
        : `back after ${plan.rest_days} days' rest (${plan.attempts} calls without reaching anyone)`;
  const due = Date.parse(plan.at) <= now.getTime();
  const nowPart = leadHour === null ? null : partOfHour(leadHour);
  let part = due && nowPart === plan.part ? `${plan.part} now` : `${plan.part}, ${due ? 'due since' : 'due'} ${whenText(plan.at, now)}`;
  if (plan.basis === 'reached') part += `, near ${plan.reached_at}, when you reached them before`;
  else if (plan.basis === 'figures' && plan.rate && plan.rate.rate !== null) {
    part += `, when you reach ${pct(plan.rate.rate)} (±${pct((plan.rate.high - plan.rate.low) / 2)})`;
  } else part += ' (rotating evenly until your calls tell the parts apart)';
  const tried = plan.tried.length ? `${partsText(plan.tried)} tried; ` : '';
  const held = plan.held ? `; held over from your time away (${plan.held.per_day} a day)` : '';
  return `${head}: ${tried}${part}${held}`;
}

/** What a recall follows: the outcome that rested the lead. */
const RECALL: Partial<Record<CodeAction, string>> = {
  rest: 'not interested',
  letter: 'letter sent',
  email: 'permission email sent',
  finish: 'back from the sales cycle',
};

/** Why a lead is where it is in the queue (or in `leads due`), one line; `local`: the lead's clock now, where known. */
export function whyText(
  e: { lead: LeadRow; kind: QueueKind | 'stale'; local?: { hour: number } | null },
  now: Date,
  codes: Map<number, Pick<CodeRow, 'label' | 'action'>>,
): string {
  const l = e.lead;
  const next = l.next_contact_at;
  const action = l.code === null ? null : (codes.get(l.code)?.action ?? null);
  // how late, once it matters: days (unless "yesterday" says it already), else hours or minutes
  const pastMs = next ? now.getTime() - Date.parse(next) : 0;
  const lateDays = pastMs > 0 ? daysBetween(new Date(next!), now) : 0;
  const lateText = lateDays > 1 ? `, ${lateDays} days late` : lateDays === 0 && pastMs > 15 * 60_000 ? `, ${ageText(pastMs)} late` : '';
  switch (e.kind) {
    case 'inbound':
      return `inbound, came in ${ageText(now.getTime() - Date.parse(l.inbound_at!))} ago`;
    case 'new':
      if (l.inbound_at) return `inbound, came in ${ageText(now.getTime() - Date.parse(l.inbound_at))} ago; not called yet`;
      return ['never called', l.list ? `list ${l.list}` : l.source ? `from ${l.source}` : null].filter(Boolean).join('; ');
    case 'call_back':
      if (action === 'callback') return `call-back promised for ${whenText(next!, now)}${lateText}`;
      return `next contact you set for ${whenText(next!, now)}${lateText}`;
    case 'follow_up':
    case 'stale':
      return `follow-up (${l.stage ?? 'cycle'} stage), ${next ? `due ${whenText(next, now)}${lateText}` : 'no date set'}`;
    case 'retry': {
      const plan = planOf(l);
      if (plan) return retryWhy(plan, now, e.local?.hour ?? null);
      const tries = l.attempts ? `; not reached on ${l.attempts} call${l.attempts === 1 ? '' : 's'}` : '';
      return `retry${tries}; due ${whenText(next!, now)}`;
    }
    case 'recall': {
      const code = l.code === null ? '' : ` (code ${l.code})`;
      const since = l.last_called_at ? ` ${daysBetween(new Date(l.last_called_at), now)} days ago` : '';
      return `${(action && RECALL[action]) ?? codes.get(l.code!)?.label ?? 'called'}${code}${since}; time to call again`;
    }
  }
}
