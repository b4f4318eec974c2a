// The end-of-day sort as pure rules: which pending outcome goes into which batch, who is
// left out and why, what a batch needs from the sender settings, how an address reads.
// No I/O here: src/services/sort.ts reads the pending items, asks planSort, writes files
// (src/batches/) and marks the items in one transaction.
import { BATCH_CHANNEL, type BatchKind } from './codes.js';
import { localDay, nextBusinessDay } from './dates.js';
import { countryOfRegion } from './zones.js';
import { createRequire } from 'node:module';
import { countryKey, countryName } from './country.js';
import { personName, type BatchLeadColumn, type LeadRow } from './lead.js';
import type { MergeValues } from './template.js';
import type { Settings } from './settings.js';

/** A lead as the sort reads it. */
export type BatchLead = Pick<LeadRow, BatchLeadColumn>;

/** An outcome waiting for a batch (or offered again: a letter that lacked an address). */
export interface PendingItem {
  item_id: number;
  kind: BatchKind;
  /** the batch this item was left out of for lack of an address; null when never sorted */
  prev_batch_id: number | null;
  prev_skipped: string | null;
  /** when the call that asked for it was made (ISO) */
  outcome_at: string;
  /** the lead's latest note (the follow-up event shows it) */
  last_note: string | null;
  /** the lead's calls after the one that asked for this item */
  later_calls: LaterCall[];
  lead: BatchLead;
}

/** A call of the lead after an item's own: when, and its code. */
export interface LaterCall {
  at: string;
  code: number;
}

/** Why an item was left out of its batch: stored in batch_items.skipped. */
export const SKIP = {
  merged: 'merged',
  forgotten: 'forgotten',
  disqualified: 'disqualified',
  doNotMail: 'do not mail',
  noAddress: 'no address',
  doNotEmail: 'do not email',
  noEmail: 'no email',
  doNotCall: 'do not call',
  duplicate: 'duplicate',
  replaced: 'replaced by a later call',
} as const;
export type SkipReason = (typeof SKIP)[keyof typeof SKIP];

export interface Entry {
  item: PendingItem;
  lead: BatchLead;
}
export interface FollowUp extends Entry {
  /** when to follow up: the lead's next contact date, else the next business day 9:00 */
  at: Date;
}
export interface Skip {
  item_id: number;
  lead_id: number;
  kind: BatchKind;
  reason: SkipReason;
}

export interface SortPlan {
  letters: Entry[];
  /** letters left out for lack of a postal address: listed in needs-address.csv */
  needsAddress: Entry[];
  emails: Entry[];
  followUps: FollowUp[];
  /** every item not served, with its reason (needs-address ones included) */
  skipped: Skip[];
}

/** The postal address fields a letter lacks: it needs a street and a city or postal code. */
export function missingAddress(l: Pick<LeadRow, 'street' | 'city' | 'postal_code'>): string[] {
  const missing: string[] = [];
  if (!l.street?.trim()) missing.push('street');
  if (!l.city?.trim() && !l.postal_code?.trim()) missing.push('city or postal_code');
  return missing;
}

const has = (v: string | null | undefined) => Boolean(v && v.trim());

/** The reason an item cannot be served, or null. Do-not-X comes before "no X": it is forever. */
export function skipReason(kind: BatchKind, l: BatchLead): SkipReason | null {
  if (l.merged_into) return SKIP.merged;
  if (l.forgotten_at) return SKIP.forgotten;
  if (l.status === 'disqualified') return SKIP.disqualified;
  switch (BATCH_CHANNEL[kind]) {
    case 'mail':
      if (l.do_not_mail) return SKIP.doNotMail;
      return missingAddress(l).length ? SKIP.noAddress : null;
    case 'email':
      if (l.do_not_email) return SKIP.doNotEmail;
      return has(l.email) ? null : SKIP.noEmail;
    case 'call':
      return l.do_not_call ? SKIP.doNotCall : null;
  }
}

/** When a follow-up is due: the lead's next contact date, else the next business day 9:00 after the call. */
export function followUpAt(l: Pick<LeadRow, 'next_contact_at'>, outcomeAt: string): Date {
  return l.next_contact_at ? new Date(l.next_contact_at) : nextBusinessDay(new Date(outcomeAt), 9);
}

/**
 * Whether a later call the same day replaces what an item's call asked for: the last
 * outcome of a day is the one served, so two outcomes for one lead in a day (two sessions,
 * a call logged by hand) never leave work that contradicts the later one. A call on a later
 * day leaves it: a missed evening's letter is still owed.
 */
export function replacedByLaterCall(item: Pick<PendingItem, 'outcome_at' | 'later_calls'>): boolean {
  const day = localDay(new Date(item.outcome_at));
  return item.later_calls.some((c) => localDay(new Date(c.at)) === day);
}

/**
 * Sorts the pending items into tonight's batches, in item order (oldest outcome first).
 * One letter, email or follow-up per lead and kind: a second item for the same lead (a
 * missed evening caught up) is marked `duplicate`, served by the first. An item a later
 * call replaced is left out. A letter still waiting for an address is listed again in
 * every batch until the lead has one or the letter is cancelled (left out for another
 * reason), but it makes no batch by itself: a sort with nothing else to do writes nothing.
 */
export function planSort(items: PendingItem[]): SortPlan {
  const plan: SortPlan = { letters: [], needsAddress: [], emails: [], followUps: [], skipped: [] };
  const seen = new Set<string>();
  let fresh = false;
  const skip = (item: PendingItem, reason: SkipReason) =>
    plan.skipped.push({ item_id: item.item_id, lead_id: item.lead.id, kind: item.kind, reason });
  for (const item of items) {
    const lead = item.lead;
    const key = `${item.kind}:${lead.id}`;
    const reason = replacedByLaterCall(item) ? SKIP.replaced : skipReason(item.kind, lead);
    const waiting = item.prev_skipped === SKIP.noAddress;
    if (!waiting || reason !== SKIP.noAddress || seen.has(key)) fresh = true;
    if (seen.has(key)) {
      skip(item, SKIP.duplicate);
      continue;
    }
    seen.add(key);
    if (reason) {
      skip(item, reason);
      if (reason === SKIP.noAddress) plan.needsAddress.push({ item, lead });
      continue;
    }
    if (item.kind === 'letter') plan.letters.push({ item, lead });
    else if (item.kind === 'email') plan.emails.push({ item, lead });
    else plan.followUps.push({ item, lead, at: followUpAt(lead, item.outcome_at) });
  }
  return fresh ? plan : { letters: [], needsAddress: [], emails: [], followUps: [], skipped: [] };
}

/**
 * A past batch written again: its served items sorted anew against the leads as they are
 * now (someone since marked do-not-mail is left out), and its needs-address letters listed
 * again while the lead still has no address (once it has one, the next sort sends it).
 */
export function planRewrite(items: PendingItem[]): SortPlan {
  const plan = planSort(items.filter((i) => !i.prev_skipped).map((i) => ({ ...i, prev_batch_id: null, prev_skipped: null })));
  for (const item of items) {
    if (item.prev_skipped === SKIP.noAddress && skipReason(item.kind, item.lead) === SKIP.noAddress) {
      plan.needsAddress.push({ item, lead: item.lead });
    }
  }
  return plan;
}

export const isEmptyPlan = (p: SortPlan): boolean =>
  !p.letters.length && !p.needsAddress.length && !p.emails.length && !p.followUps.length && !p.skipped.length;

/**
 * The sender fields every printed letter needs (the return address, and the number the
 * letter tells them to call) and every email (From, postal footer, the number to call).
 */
const NEEDS: Record<'letter' | 'email', string[]> = {
  letter: ['sender.name', 'sender.street', 'sender.city', 'sender.postal_code', 'sender.phone'],
  email: ['sender.name', 'sender.email', 'sender.street', 'sender.city', 'sender.postal_code', 'sender.phone'],
};

/**
 * The sender settings this plan's batches need and that are not set (in settings order),
 * and a message naming the batches that need them and the commands that set them.
 */
export function missingSender(p: SortPlan, settings: Settings): { missing: string[]; message: string } | null {
  const kinds = (['letter', 'email'] as const).filter((k) => (k === 'letter' ? p.letters.length : p.emails.length));
  const missing = Object.keys(settings).filter((k) => kinds.some((kind) => NEEDS[kind].includes(k)) && !settings[k]?.trim());
  if (!missing.length) return null;
  const who = kinds.filter((kind) => NEEDS[kind].some((k) => missing.includes(k))).map((k) => `${k}s`);
  const message =
    `the ${who.join(' and ')} need ${missing.join(', ')}; set ${missing.length > 1 ? 'them' : 'it'} with ` +
    missing.map((k) => `\`leads config set ${k} ...\``).join(', ');
  return { missing, message };
}

/** A country as the last line of an address: its name in capitals (`DE` → `GERMANY`), or as written. */
function countryLine(c: string): string {
  const t = c.trim();
  return (countryName(countryKey(t)) ?? t).toUpperCase();
}

const CANADIAN_POSTAL = /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/;

/**
 * The lead's country: its own, else inferred from a state or province the project knows
 * (`ON` is Canada) or a Canadian postal code; null when nothing tells. The codes it knows
 * are North America's: from another home (`PA` is Palermo's province in Italy) they tell
 * nothing.
 */
export function leadCountry(l: Pick<LeadRow, 'region' | 'postal_code' | 'country'>, home = ''): string | null {
  if (has(l.country)) return l.country!.trim();
  if (home && !['US', 'CA'].includes(countryKey(home))) return null;
  const byRegion = has(l.region) ? countryOfRegion(l.region!) : null;
  if (byRegion) return byRegion;
  return has(l.postal_code) && CANADIAN_POSTAL.test(l.postal_code!.trim()) ? 'CA' : null;
}

type Formatter = {
  format(components: Record<string, string>, o: { output: 'array'; appendCountry: boolean }): string[];
};
let formatter: Formatter | undefined;

type AddressFields = Pick<LeadRow, 'first_name' | 'last_name' | 'company' | 'street' | 'city' | 'region' | 'postal_code' | 'country'>;

/**
 * The lines of a postal address block as the destination's post writes them (OpenCage's
 * per-country templates, through @fragaria/address-formatter, loaded on the first address):
 * `Boston, MA 02110`, `10115 Berlin`, `34433 Istanbul`, London's postcode on its own line,
 * a Chinese address from the province down to the name. The name and company head it (or
 * close it, where the post writes the person last); the street keeps its own line breaks.
 * Abroad (the lead's own country, or the one its province or postal code tells, is not the
 * sender's), the country's name in capitals is the last line, as the sender's post reads it.
 */
export function addressLines(l: AddressFields, homeCountry: string, o: { infer?: boolean } = {}): string[] {
  const country = o.infer === false ? l.country?.trim() || null : leadCountry(l, homeCountry);
  const layout = country ?? homeCountry;
  const text = (v: string | null | undefined) => (has(v) ? v!.trim() : '');
  const components: Record<string, string> = {
    attention: [personName(l), text(l.company)].filter(Boolean).join('\n'),
    road: (l.street ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean).join('\n'),
    city: text(l.city),
    state: text(l.region),
    postcode: text(l.postal_code),
  };
  // a region written as a code (`MA`, `NSW`, Italy's province `PA`) is offered as each kind of
  // code: the template takes the one its post writes
  if (/^[A-Z]{2,3}$/.test(components.state)) Object.assign(components, { state_code: components.state, county_code: components.state });
  if (layout) components.countryCode = countryKey(layout);
  formatter ??= createRequire(import.meta.url)('@fragaria/address-formatter') as Formatter;
  const lines = formatter.format(components, { output: 'array', appendCountry: false });
  if (country && isAbroad(country, homeCountry)) lines.push(countryLine(country));
  return lines;
}

const isAbroad = (country: string, home: string) => !home || countryKey(country) !== countryKey(home);

/**
 * The sender's return address block; with the sender's country last when the letter goes
 * abroad (`to`: the lead's country), so that an answer finds its way back.
 */
export function senderLines(s: Settings, to?: string | null): string[] {
  const home = homeCountry(s);
  const lines = addressLines(
    {
      first_name: s['sender.name'],
      last_name: null,
      company: s['sender.company'],
      street: s['sender.street'],
      city: s['sender.city'],
      region: s['sender.region'],
      postal_code: s['sender.postal_code'],
      country: null,
    },
    home,
    // the return address is at home: its town line as home writes it
    { infer: false },
  );
  if (to && home && isAbroad(to, home)) lines.push(countryLine(home));
  return lines;
}

/** The sender's country for deciding whether to print a recipient's country. */
export function homeCountry(s: Settings): string {
  return s['sender.country']?.trim() || s['rules.default_country'] || '';
}

/** "November 24, 2026" */
export function letterDate(d: Date): string {
  return d.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric' });
}

/** The merge values of a letter or email to this lead. */
export function mergeValues(l: BatchLead, s: Settings, date: string): MergeValues {
  return {
    first_name: l.first_name,
    last_name: l.last_name,
    name: personName(l) || l.company,
    company: l.company,
    title: l.title,
    street: l.street,
    city: l.city,
    region: l.region,
    postal_code: l.postal_code,
    country: l.country,
    phone: l.phone,
    email: l.email,
    date,
    'sender.name': s['sender.name'],
    'sender.company': s['sender.company'],
    'sender.street': s['sender.street'],
    'sender.city': s['sender.city'],
    'sender.region': s['sender.region'],
    'sender.postal_code': s['sender.postal_code'],
    'sender.country': s['sender.country'],
    'sender.phone': s['sender.phone'],
    'sender.email': s['sender.email'],
  };
}

/**
 * The folder of a batch under the output folder: the day, or `DAY-2`, `DAY-3`... when
 * earlier batches of that day already used the name (a second sort the same evening).
 */
export function batchFolderName(day: string, used: Set<string>): string {
  if (!used.has(day)) return day;
  let n = 2;
  while (used.has(`${day}-${n}`)) n++;
  return `${day}-${n}`;
}

/** Counts by reason, in a stable order. */
export function countReasons(skipped: Skip[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of skipped) out[s.reason] = (out[s.reason] ?? 0) + 1;
  return out;
}
