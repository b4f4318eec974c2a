// The end-of-day sort as pure rules: which pending outcome goes into which batch, who is
// left out and why, what a batch needs from the sender settings, how an address reads.
// No I/O here: src/services/sort.ts reads the pending items, asks planSort, writes files
// (src/batches/) and marks the items in one transaction.
import { BATCH_CHANNEL, type BatchKind } from './codes.js';
import { nextBusinessDay } from './dates.js';
import { countryOfRegion } from './zones.js';
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
  lead: BatchLead;
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
 * Sorts the pending items into tonight's batches, in item order (oldest outcome first).
 * One letter, email or follow-up per lead and kind: a second item for the same lead (a
 * missed evening caught up) is marked `duplicate`, served by the first.
 */
export function planSort(items: PendingItem[]): SortPlan {
  const plan: SortPlan = { letters: [], needsAddress: [], emails: [], followUps: [], skipped: [] };
  const seen = new Set<string>();
  const skip = (item: PendingItem, reason: SkipReason) =>
    plan.skipped.push({ item_id: item.item_id, lead_id: item.lead.id, kind: item.kind, reason });
  for (const item of items) {
    const lead = item.lead;
    const key = `${item.kind}:${lead.id}`;
    const reason = skipReason(item.kind, lead);
    // A letter left out of an earlier batch for lack of an address is served once the
    // address is there; until then (or if it can no longer be sent) it stays where it was.
    if (item.prev_skipped === SKIP.noAddress && (reason || seen.has(key))) continue;
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
  return plan;
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

const COUNTRY_ALIASES: Record<string, string> = {
  us: 'US', usa: 'US', 'u.s.': 'US', 'u.s.a.': 'US', 'united states': 'US', 'united states of america': 'US',
  uk: 'GB', gb: 'GB', 'united kingdom': 'GB', 'great britain': 'GB',
  ca: 'CA', canada: 'CA',
};
let regionNames: Intl.DisplayNames | undefined;
let codeOfName: Map<string, string> | undefined;
const names = () => (regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' }));

/** Codes Intl names that are no ISO country (`FX` Metropolitan France, `DD`, `UK`): `France` is `FR`, not `FX`. */
const NOT_ISO_CODES = new Set(['DD', 'EU', 'EZ', 'FX', 'QO', 'UK', 'UN', 'ZZ']);

/** A country as a two-letter code where it can be told (`Canada`, `canada`, `CA` → `CA`), else in capitals. */
function countryKey(c: string): string {
  const t = c.trim();
  const alias = COUNTRY_ALIASES[t.toLowerCase()];
  if (alias) return alias;
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  if (!codeOfName) {
    codeOfName = new Map();
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        if (NOT_ISO_CODES.has(code)) continue;
        const name = names().of(code);
        if (name && name !== code) codeOfName.set(name.toLowerCase(), code);
      }
    }
  }
  return codeOfName.get(t.toLowerCase()) ?? t.toUpperCase();
}

/** A country as the last line of an address: its name in capitals (`DE` → `GERMANY`), or as written. */
function countryLine(c: string): string {
  const t = c.trim();
  if (/^[A-Za-z]{2}$/.test(t)) {
    const name = names().of(t.toUpperCase());
    if (name && name !== t.toUpperCase()) return name.toUpperCase();
  }
  return t.toUpperCase();
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

/**
 * The lines of a postal address block: name, company, street (its own line breaks kept),
 * "City, Region Postal", and the country when it is not the sender's (the lead's own, or
 * the one its province or postal code tells).
 */
export function addressLines(
  l: Pick<LeadRow, 'first_name' | 'last_name' | 'company' | 'street' | 'city' | 'region' | 'postal_code' | 'country'>,
  homeCountry: string,
  o: { infer?: boolean } = {},
): string[] {
  const lines: string[] = [];
  const name = personName(l);
  if (name) lines.push(name);
  if (has(l.company)) lines.push(l.company!.trim());
  if (has(l.street)) lines.push(...l.street!.split(/\r?\n/).map((s) => s.trim()).filter(Boolean));
  const country = o.infer === false ? l.country?.trim() || null : leadCountry(l, homeCountry);
  const layout = country ?? homeCountry;
  lines.push(...placeLines(l, layout ? countryKey(layout) : ''));
  if (country && (!homeCountry || countryKey(country) !== countryKey(homeCountry))) lines.push(countryLine(country));
  return lines;
}

/** Countries whose post writes the postal code before the town (`10115 Berlin`): most of Europe. */
const POSTAL_CODE_FIRST = new Set([
  'AT', 'BE', 'CH', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MC', 'NL', 'NO', 'PL',
  'PT', 'RO', 'SE', 'SI', 'SK',
]);

/**
 * The town line(s) as the destination's post reads them: `Boston, MA 02110` in North America
 * (and wherever else nothing better is known), `10115 Berlin` in most of Europe, and in the
 * United Kingdom the town with the postcode on a line of its own.
 */
function placeLines(l: Pick<LeadRow, 'city' | 'region' | 'postal_code'>, country: string): string[] {
  const [city, region, postal] = [l.city, l.region, l.postal_code].map((v) => (has(v) ? v!.trim() : ''));
  if (POSTAL_CODE_FIRST.has(country)) return [[[postal, city].filter(Boolean).join(' '), region].filter(Boolean).join(', ')].filter(Boolean);
  if (country === 'GB') return [[city, region].filter(Boolean).join(', '), postal].filter(Boolean);
  const regionPostal = [region, postal].filter(Boolean).join(' ');
  return [[city, regionPostal].filter(Boolean).join(', ')].filter(Boolean);
}

/** The sender's return address block. */
export function senderLines(s: Settings): string[] {
  return addressLines(
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
    homeCountry(s),
    // the return address is at home: no country line of its own, its town line as home writes it
    { infer: false },
  );
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
