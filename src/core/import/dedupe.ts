// New or repeat (SPEC "Import"): a row is the same person as a lead when a phone or the
// email matches and the names agree; a phone or email shared under another name makes a
// new lead flagged as sharing it. And what a repeat changes on the lead. Pure.
import { CONTACT_FIELDS, withForms, type OtherPhone } from '../lead.js';
import { NAME_KEY_SOURCES, nameKey, nameKeyOf, type NameKeyFields } from './names.js';
import { matchKeys, type ImportRow, type MatchFields } from './row.js';

/** What a candidate lead needs for the decision. */
export type LeadKeys = MatchFields & { id: number };

/**
 * Names agree when both last names are there and equal (ignoring case, accents and
 * punctuation), or one side has no name at all, or one side has no last name and the
 * first names are equal.
 */
export function namesAgree(
  a: { first_name: string | null; last_name: string | null },
  b: { first_name: string | null; last_name: string | null },
): boolean {
  const al = nameKey(a.last_name);
  const bl = nameKey(b.last_name);
  if (al && bl) return al === bl;
  const af = nameKey(a.first_name);
  const bf = nameKey(b.first_name);
  if ((!al && !af) || (!bl && !bf)) return true;
  return af === bf;
}

/** Whether the lead has one of the row's phones or its email (or, with neither, its name and company). */
export function sharesKey(row: ImportRow, lead: LeadKeys): boolean {
  const theirs = matchKeys(lead);
  return matchKeys(row).some((k) => theirs.includes(k));
}

export type Decision = { same: number } | { fresh: true; sharesWith: number | null };

/**
 * The lead (lowest id first) this row is the same person as; else a new lead, flagged as
 * sharing with the first candidate that has one of its phones or its email under another name.
 * Candidates that share no key (a hash collision) are ignored.
 */
export function decide(row: ImportRow, candidates: LeadKeys[]): Decision {
  const real = candidates.filter((c) => sharesKey(row, c)).sort((a, b) => a.id - b.id);
  const same = real.find((c) => namesAgree(row, c));
  if (same) return { same: same.id };
  return { fresh: true, sharesWith: real.length ? real[0].id : null };
}

export type OnDuplicate = 'skip' | 'update';

/** The lead's columns a repeat row can change: contact fields and their matching forms. */
type Lead = Record<string, unknown> & { extra: string | null };

/**
 * What a repeat row changes on its lead. `skip` fills only the lead's empty fields;
 * `update` overwrites contact fields with the row's non-empty values. A phone, mobile or
 * email moves with its matching forms. Unmapped columns are added to the lead's own
 * (`update` overwrites those it has). Source and list are only filled, never replaced:
 * they say where the lead first came from. Status, codes, history and do-not-contact
 * flags are not columns this touches.
 */
export function repeatChanges(
  lead: Lead,
  row: ImportRow & { source?: string | null; list?: string | null },
  policy: OnDuplicate,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of CONTACT_FIELDS) {
    const v = (row as unknown as Record<string, string | null | undefined>)[f];
    if (v === null || v === undefined || v === '') continue;
    const cur = lead[f];
    const empty = cur === null || cur === undefined || cur === '';
    const fillOnly = policy === 'skip' || f === 'source' || f === 'list';
    if (fillOnly ? !empty : cur === v) continue;
    if (!fillOnly && cur === v) continue;
    for (const c of withForms(f)) out[c] = (row as unknown as Record<string, unknown>)[c];
  }
  if (row.extra) {
    const mine = lead.extra ? (JSON.parse(lead.extra) as Record<string, string>) : {};
    const theirs = JSON.parse(row.extra) as Record<string, string>;
    let changed = false;
    for (const [k, v] of Object.entries(theirs)) {
      if (k in mine && (policy === 'skip' || mine[k] === v)) continue;
      mine[k] = v;
      changed = true;
    }
    if (changed) out.extra = JSON.stringify(mine);
  }
  if (row.other_phones) {
    const mine = lead.other_phones ? (JSON.parse(lead.other_phones as string) as OtherPhone[]) : [];
    const had = new Set(mine.map((p) => p.number));
    const added = (JSON.parse(row.other_phones) as OtherPhone[]).filter((p) => !had.has(p.number));
    if (added.length) out.other_phones = JSON.stringify([...mine, ...added]);
  }
  if (NAME_KEY_SOURCES.some((c) => c in out)) {
    const next = nameKeyOf({ ...lead, ...out } as unknown as NameKeyFields);
    if (next !== nameKeyOf(lead as unknown as NameKeyFields)) out.name_key = next;
  }
  return out;
}
