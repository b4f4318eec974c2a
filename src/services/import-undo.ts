// `leads imports undo ID`: takes an import back in one transaction, a batch of leads at a
// time so that memory stays flat however large the import (core/import/undo.ts decides
// lead by lead). Suppressions (the do-not-call registry, forgotten people) live apart from
// any import and are never touched; the import's own touches stay in the history, and each
// lead it changes gets an undo touch saying what was put back.
import { setPageCache, type DB } from '../store/db.js';
import { RunError } from '../core/errors.js';
import { toIso } from '../core/dates.js';
import { displayName, type LeadRow } from '../core/lead.js';
import { planUndo, type UndoPlan } from '../core/import/undo.js';
import { importById, importTouchesOn, leadsChangedBy, leadsCreatedBy, markImportUndone, removeImportedLeads } from '../store/imports.js';
import { addTouch, updateLead, type NewLead } from '../store/leads.js';

/** One decision of the undo, told as it is made: a lead removed, put back, or kept with the reason. */
export type UndoLine =
  | { what: 'remove'; id: number; name: string }
  | { what: 'restore'; id: number; name: string; fields: string[] }
  | { what: 'keep'; id: number; name: string; reason: string };

export interface UndoCounts {
  removed: number;
  restored: number;
  kept: number;
}

/** Leads read, decided and written at a time. */
const BATCH = 2000;

/** What undoing the import would do, told line by line; nothing changes. Throws when there is no such import or it is undone already. */
export function planImportUndo(db: DB, id: number, tell: (l: UndoLine) => void): UndoCounts {
  return db.transaction(() => walk(db, id, tell))();
}

/** Undoes the import, atomically, telling each decision as it is carried out. */
export function undoImport(db: DB, id: number, now: Date, tell: (l: UndoLine) => void): UndoCounts {
  // the removals touch every index of the leads table in turn: a larger page cache keeps them
  setPageCache(db, UNDO_CACHE_KIB);
  return db.transaction(() => walk(db, id, tell, toIso(now))).immediate();
}

/** The page cache of an undo: more than the default, well inside the memory a command may take. */
const UNDO_CACHE_KIB = 64 * 1024;

/** The import's leads a batch at a time: each batch planned, told, and (with `at`) carried out. */
function walk(db: DB, id: number, tell: (l: UndoLine) => void, at?: string): UndoCounts {
  const rec = importById(db, id);
  if (!rec) throw new RunError(`no import ${id}: see leads imports`);
  if (rec.undone_at) throw new RunError(`import ${id} was undone already (${rec.undone_at.slice(0, 10)})`);
  const counts: UndoCounts = { removed: 0, restored: 0, kept: 0 };
  const carry = (plan: UndoPlan) => {
    counts.removed += plan.remove.length;
    counts.restored += plan.restore.length;
    counts.kept += plan.kept.length;
    for (const l of plan.remove) tell({ what: 'remove', ...l });
    for (const l of plan.restore) tell({ what: 'restore', id: l.id, name: l.name, fields: l.fields });
    for (const l of plan.kept) tell({ what: 'keep', ...l });
    if (at) apply(db, id, plan, at);
  };
  for (let after = 0; ; ) {
    const batch = leadsCreatedBy(db, id, after, BATCH);
    if (!batch.length) break;
    after = batch[batch.length - 1].lead.id;
    carry(planUndo(batch.map(({ lead, since }) => ({ id: lead.id, name: displayName(lead), since, merged: lead.merged_into !== null, forgotten: lead.forgotten_at !== null })), []));
  }
  const changed = leadsChangedBy(db, id);
  for (let i = 0; i < changed.length; i += BATCH) {
    carry(planUndo([], importTouchesOn(db, id, changed.slice(i, i + BATCH)).map(changeOf)));
  }
  if (at) markImportUndone(db, id, at);
  return counts;
}

function changeOf(t: { touch_id: number; data: string | null; lead: LeadRow; since: string[] }) {
  const d = t.data ? (JSON.parse(t.data) as { changed?: string[]; before?: Record<string, unknown>; after?: Record<string, unknown> }) : {};
  return {
    touch_id: t.touch_id,
    lead_id: t.lead.id,
    name: displayName(t.lead),
    changed: d.changed ?? [],
    before: d.before ?? null,
    after: d.after ?? null,
    current: t.lead as unknown as Record<string, unknown>,
    since: t.since,
    forgotten: t.lead.forgotten_at !== null,
  };
}

/** One batch's removals and put-backs, each put-back recorded as an undo touch on its lead. */
function apply(db: DB, importId: number, plan: UndoPlan, at: string): void {
  removeImportedLeads(db, plan.remove.map((l) => l.id));
  for (const r of plan.restore) {
    updateLead(db, r.id, r.columns as NewLead, at);
    addTouch(db, {
      lead_id: r.id,
      at,
      channel: 'undo',
      import_id: importId,
      note: `import ${importId} taken back: ${r.fields.join(', ')} put back`,
      data: { import: importId, fields: r.fields },
    });
  }
}
