// What `leads imports undo` does to each lead an import touched (SPEC "Import"): a lead it
// created goes if nothing has happened to it since but the import itself; a lead it changed
// gets back each column that still holds what the import put there and was not used since
// (an email sent or drafted to the address, a letter printed with it, a call placed to the
// number); everything else stays, with the reason. Pure: the store reads the facts, this
// decides, one batch of leads at a time.

/** A lead the import created, and the first thing that happened to it since, if anything. */
export interface CreatedLead {
  id: number;
  name: string;
  /** the channel of its first touch that is not this import's (`call`, `note`, `import` of another ...) */
  since: string | null;
  merged: boolean;
  forgotten: boolean;
}

/** An import touch on a lead that was there before: the columns it changed, as they were and became. */
export interface ChangeTouch {
  touch_id: number;
  lead_id: number;
  name: string;
  changed: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** the lead's columns now */
  current: Record<string, unknown>;
  /** the channels of the lead's touches after this one that are not this import's */
  since: string[];
  /** erased with `leads forget` since: nothing is put back on it */
  forgotten: boolean;
}

export interface UndoPlan {
  /** leads to remove, with their touches */
  remove: { id: number; name: string }[];
  /** leads to put back: the columns and their old values, and the fields named */
  restore: { id: number; name: string; columns: Record<string, unknown>; fields: string[] }[];
  /** what stays, and why */
  kept: { id: number; name: string; reason: string }[];
}

const SINCE: Record<string, string> = {
  call: 'called since',
  letter: 'sent a letter since',
  email: 'sent an email since',
  note: 'has a note since',
  edit: 'edited since',
  stage: 'in the sales cycle since',
  release: 'released since',
  dnc: 'a do-not-contact request since',
  merge: 'merged since',
  undo: 'an outcome undone since',
  forget: 'forgotten since',
  import: 'in a later import',
};

/**
 * The columns a touch uses: an email (sent, or drafted in the mailbox) went to the address,
 * a letter was printed with the postal address, a call was placed to the numbers. What was
 * used is never taken back, even if it is what the import brought.
 */
const USES: Record<string, { columns: string[]; reason: string }> = {
  email: { columns: ['email', 'email_norm'], reason: 'an email went to it since' },
  letter: { columns: ['street', 'city', 'region', 'postal_code', 'country'], reason: 'a letter was printed with it since' },
  call: {
    columns: ['phone', 'phone_e164', 'phone_ext', 'phone_valid', 'mobile', 'mobile_e164', 'other_phones'],
    reason: 'a call was placed to it since',
  },
};

export function planUndo(created: CreatedLead[], changes: ChangeTouch[]): UndoPlan {
  const plan: UndoPlan = { remove: [], restore: [], kept: [] };
  for (const l of created) {
    const reason = l.forgotten ? 'forgotten since' : l.merged ? 'merged since' : l.since ? (SINCE[l.since] ?? `${l.since} since`) : null;
    if (reason) plan.kept.push({ id: l.id, name: l.name, reason });
    else plan.remove.push({ id: l.id, name: l.name });
  }
  for (const t of perLead(changes)) {
    // a note the import added, nothing else: it stays in the history, nothing to put back
    if (!t.changed.length) continue;
    if (t.forgotten) {
      plan.kept.push({ id: t.lead_id, name: t.name, reason: 'forgotten since' });
      continue;
    }
    if (!t.before || !t.after) {
      plan.kept.push({ id: t.lead_id, name: t.name, reason: `${t.changed.join(', ')}: changed by an import from before undo was possible` });
      continue;
    }
    const uses = t.since.filter((c) => c in USES).map((c) => USES[c]);
    const columns: Record<string, unknown> = {};
    const moved = new Set<string>();
    const used = new Map<string, string>();
    for (const [c, v] of Object.entries(t.after)) {
      const use = uses.find((u) => u.columns.includes(c));
      if (!sameValue(t.current[c], v)) moved.add(c);
      else if (use) used.set(c, use.reason);
      else columns[c] = t.before[c] ?? null;
    }
    const reasons: string[] = [];
    const changedSince = t.changed.filter((f) => moved.has(f));
    if (changedSince.length) reasons.push(`${changedSince.join(', ')} changed since`);
    for (const reason of new Set(used.values())) {
      const fields = t.changed.filter((f) => used.get(f) === reason);
      if (fields.length) reasons.push(`${fields.join(', ')}: ${reason}`);
    }
    if (reasons.length) plan.kept.push({ id: t.lead_id, name: t.name, reason: reasons.join('; ') });
    const fields = t.changed.filter((f) => !moved.has(f) && !used.has(f));
    if (fields.length) plan.restore.push({ id: t.lead_id, name: t.name, columns, fields });
  }
  return plan;
}

type LeadChange = Omit<ChangeTouch, 'touch_id'>;

/**
 * One import's touches on each lead, as one change: a file that repeats a lead on two rows
 * changes it twice, and undo judges the pair against the lead as a whole: the columns as
 * they were before the first, as they became after the last, and what happened since the first.
 */
function perLead(changes: ChangeTouch[]): LeadChange[] {
  const out = new Map<number, LeadChange>();
  for (const t of [...changes].sort((a, b) => a.touch_id - b.touch_id)) {
    const seen = out.get(t.lead_id);
    if (!seen) {
      out.set(t.lead_id, { ...t, changed: [...t.changed], before: t.before && { ...t.before }, after: t.after && { ...t.after } });
      continue;
    }
    if (!t.changed.length) continue;
    if (!seen.changed.length) {
      Object.assign(seen, { changed: [...t.changed], before: t.before && { ...t.before }, after: t.after && { ...t.after } });
      continue;
    }
    for (const f of t.changed) if (!seen.changed.includes(f)) seen.changed.push(f);
    if (!seen.before || !t.before || !t.after) {
      seen.before = seen.after = null;
      continue;
    }
    for (const [c, v] of Object.entries(t.before)) if (!(c in seen.before)) seen.before[c] = v;
    Object.assign(seen.after!, t.after);
  }
  return [...out.values()];
}

const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
