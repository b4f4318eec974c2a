// Merging two leads that are one person: what the kept lead takes from the other.
import { RunError } from './errors.js';
import { otherPhones, type LeadRow, type OtherPhone } from './lead.js';

/**
 * Fields the kept lead fills from the other where its own is empty. A written field
 * brings its matching columns with it (phone → phone_e164 ...), so the pair stays true.
 */
const FILLED: { field: keyof LeadRow; with: (keyof LeadRow)[] }[] = [
  { field: 'first_name', with: [] },
  { field: 'last_name', with: [] },
  { field: 'company', with: [] },
  { field: 'title', with: [] },
  { field: 'phone', with: ['phone_e164', 'phone_ext', 'phone_valid'] },
  { field: 'mobile', with: ['mobile_e164'] },
  { field: 'email', with: ['email_norm'] },
  { field: 'street', with: [] },
  { field: 'city', with: [] },
  { field: 'region', with: [] },
  { field: 'postal_code', with: [] },
  { field: 'country', with: [] },
  { field: 'time_zone', with: [] },
  { field: 'source', with: [] },
  { field: 'list', with: [] },
];

const FLAGS = ['do_not_call', 'do_not_email', 'do_not_mail'] as const;

const empty = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

export interface MergePlan {
  keep: number;
  other: number;
  /** fields of the kept lead filled from the other: field → value */
  filled: Record<string, string>;
  /** do-not-contact flags the kept lead gains from the other */
  flags: string[];
  /** the other's fields that differ from the kept lead's and are not taken (kept in the merge touch) */
  differing: Record<string, string>;
  /** the other was disqualified: so is the merged lead (disqualified is for good) */
  disqualify: boolean;
  /** every column of the kept lead that changes */
  changes: Partial<LeadRow>;
}

/**
 * One lead from two. The kept lead's fields win; its empty ones are filled from the other;
 * do-not-contact flags and "disqualified" are united (a merge never brings a number back);
 * the kept lead's place in the cycle stays. A kept lead cannot swallow one further along
 * (a prospect one in the cycle, or either one that is sold): that would drop the other's
 * cycle or sale, so the merge is refused, naming the way round.
 */
export function planMerge(keep: LeadRow, other: LeadRow): MergePlan {
  if (keep.id === other.id) throw new RunError(`leads ${keep.id} and ${other.id} are already one lead`);
  if (other.merged_into !== null) throw new RunError(`lead ${other.id} was already merged into lead ${other.merged_into}`);
  // how far along the sale is: a merge keeps KEEP's place, so KEEP must be at least as far
  const rank = (l: LeadRow) => (l.status === 'sold' ? 2 : l.status === 'cycle' ? 1 : 0);
  const keepAhead = rank(keep) > 0;
  if (rank(other) > rank(keep)) {
    throw new RunError(
      `lead ${other.id} is ${other.status === 'sold' ? 'sold' : 'in the sales cycle'} and lead ${keep.id} is not${keep.status === 'cycle' ? ' sold' : ''}; ` +
        `keep the one further along: leads merge ${other.id} ${keep.id}`,
    );
  }
  const changes: Record<string, unknown> = {};
  const filled: Record<string, string> = {};
  const differing: Record<string, string> = {};
  for (const f of FILLED) {
    const mine = keep[f.field];
    const theirs = other[f.field];
    if (empty(theirs)) continue;
    if (empty(mine)) {
      filled[f.field] = String(theirs);
      changes[f.field] = theirs;
      for (const c of f.with) changes[c] = other[c];
    } else if (String(mine) !== String(theirs)) {
      differing[f.field] = String(theirs);
    }
  }
  const extraKeep = keep.extra ? (JSON.parse(keep.extra) as Record<string, string>) : {};
  const extraOther = other.extra ? (JSON.parse(other.extra) as Record<string, string>) : {};
  const extraAdded = Object.keys(extraOther).filter((k) => !(k in extraKeep));
  if (extraAdded.length) {
    changes.extra = JSON.stringify({ ...extraOther, ...extraKeep });
    for (const k of extraAdded) filled[`extra.${k}`] = extraOther[k];
  }
  const carried = phonesToCarry(keep, other, changes);
  if (carried.length) {
    changes.other_phones = JSON.stringify([...otherPhones(keep), ...carried]);
    filled.other_phones = carried.map((p) => p.number).join(', ');
  }
  const flags: string[] = [];
  for (const flag of FLAGS) {
    if (other[flag] === 1 && keep[flag] !== 1) {
      flags.push(flag);
      changes[flag] = 1;
    }
  }
  const disqualify = other.status === 'disqualified' && keep.status === 'prospect';
  if (disqualify) changes.status = 'disqualified';
  // the person has been touched on both: their counts and last call add up
  if (other.touch_count) changes.touch_count = keep.touch_count + other.touch_count;
  if (other.last_called_at && (!keep.last_called_at || other.last_called_at > keep.last_called_at)) {
    changes.last_called_at = other.last_called_at;
  }
  if (keep.priority < other.priority) changes.priority = other.priority;
  // a kept lead that was never called takes the other's call state (code, next contact)
  if (keep.code === null && other.code !== null && !keepAhead) {
    changes.code = other.code;
    changes.attempts = other.attempts;
    changes.next_contact_at = other.next_contact_at;
  }
  if (keep.shares_with === other.id) changes.shares_with = null;
  return { keep: keep.id, other: other.id, filled, flags, differing, disqualify, changes: changes as Partial<LeadRow> };
}

/**
 * The other's numbers the kept lead does not hold (its phone or mobile where they differ,
 * its further phones): kept as further phones of the merged lead, so the caller can try them.
 */
function phonesToCarry(keep: LeadRow, other: LeadRow, changes: Record<string, unknown>): OtherPhone[] {
  // the same number written two ways: compared by its E.164 form where the lead has one
  const digits = (n: unknown) => (typeof n === 'string' ? n.replace(/\D/g, '') : '');
  const mine = [
    changes.phone ?? keep.phone,
    changes.phone_e164 ?? keep.phone_e164,
    changes.mobile ?? keep.mobile,
    changes.mobile_e164 ?? keep.mobile_e164,
    ...otherPhones(keep).map((p) => p.number),
  ];
  const held = new Set(mine.map(digits).filter(Boolean));
  const out: OtherPhone[] = [];
  const carry = (label: string, number: string | null, e164: string | null = null) => {
    const key = digits(e164) || digits(number);
    if (empty(number) || !key || held.has(key)) return;
    held.add(key);
    out.push({ label, number: number!.trim() });
  };
  carry(`phone of lead ${other.id}`, other.phone, other.phone_e164);
  carry(`mobile of lead ${other.id}`, other.mobile, other.mobile_e164);
  for (const p of otherPhones(other)) carry(p.label, p.number);
  return out;
}

/** The columns of the merged-away row: no longer a lead, out of every queue and batch. */
export function mergedAwayColumns(keepId: number) {
  return { merged_into: keepId, next_contact_at: null, do_not_call: 1, do_not_email: 1, do_not_mail: 1, shares_with: null };
}
