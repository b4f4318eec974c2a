// What `leads imports undo` does to each lead an import touched (SPEC "Import"): a lead it
// created goes if nothing has happened to it since but the import itself; a lead it changed
// gets back each column that still holds what the import put there; everything else stays,
// with the reason. Pure: the store reads the facts, this decides.

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
  /** erased with `leads forget` since: nothing is put back on it */
  forgotten: boolean;
}

export interface UndoPlan {
  /** leads to remove, with the import's touches on them */
  remove: { id: number; name: string }[];
  /** leads to put back: the columns and their old values, and the import's touches that go */
  restore: { id: number; name: string; columns: Record<string, unknown>; fields: string[]; touch_ids: number[] }[];
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
  undo: 'called since',
  forget: 'forgotten since',
  import: 'in a later import',
};

export function planUndo(created: CreatedLead[], changes: ChangeTouch[]): UndoPlan {
  const plan: UndoPlan = { remove: [], restore: [], kept: [] };
  for (const l of created) {
    const reason = l.forgotten ? 'forgotten since' : l.merged ? 'merged since' : l.since ? (SINCE[l.since] ?? `${l.since} since`) : null;
    if (reason) plan.kept.push({ id: l.id, name: l.name, reason });
    else plan.remove.push({ id: l.id, name: l.name });
  }
  for (const t of perLead(changes)) {
    if (t.forgotten) {
      plan.kept.push({ id: t.lead_id, name: t.name, reason: 'forgotten since' });
      continue;
    }
    if (!t.changed.length) {
      // a note the import added, nothing else: the touch goes
      plan.restore.push({ id: t.lead_id, name: t.name, columns: {}, fields: [], touch_ids: t.touch_ids });
      continue;
    }
    if (!t.before || !t.after) {
      plan.kept.push({ id: t.lead_id, name: t.name, reason: `${t.changed.join(', ')}: changed by an import from before undo was possible` });
      continue;
    }
    const columns: Record<string, unknown> = {};
    const moved: string[] = [];
    for (const [c, v] of Object.entries(t.after)) {
      if (sameValue(t.current[c], v)) columns[c] = t.before[c] ?? null;
      else moved.push(c);
    }
    const keptFields = t.changed.filter((f) => moved.includes(f));
    const fields = t.changed.filter((f) => !moved.includes(f));
    if (keptFields.length) plan.kept.push({ id: t.lead_id, name: t.name, reason: `${keptFields.join(', ')} changed since` });
    // the import's touches go with the last of its changes
    if (fields.length) plan.restore.push({ id: t.lead_id, name: t.name, columns, fields, touch_ids: keptFields.length ? [] : t.touch_ids });
  }
  return plan;
}

/**
 * One import's touches on each lead, as one change: a file that repeats a lead on two rows
 * changes it twice, and undo judges the pair against the lead as a whole: the columns as
 * they were before the first, as they became after the last.
 */
function perLead(changes: ChangeTouch[]): (Omit<ChangeTouch, 'touch_id'> & { touch_ids: number[] })[] {
  const out = new Map<number, Omit<ChangeTouch, 'touch_id'> & { touch_ids: number[] }>();
  for (const t of [...changes].sort((a, b) => a.touch_id - b.touch_id)) {
    const seen = out.get(t.lead_id);
    if (!seen) {
      out.set(t.lead_id, { ...t, changed: [...t.changed], before: t.before && { ...t.before }, after: t.after && { ...t.after }, touch_ids: [t.touch_id] });
      continue;
    }
    seen.touch_ids.push(t.touch_id);
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
