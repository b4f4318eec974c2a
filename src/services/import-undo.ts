// `leads imports undo ID`: takes an import back in one transaction (core/import/undo.ts
// decides lead by lead). Suppressions (the do-not-call registry, forgotten people) live
// apart from any import and are never touched.
import type { DB } from '../store/db.js';
import { RunError } from '../core/errors.js';
import { toIso } from '../core/dates.js';
import { displayName } from '../core/lead.js';
import { planUndo, type UndoPlan } from '../core/import/undo.js';
import { deleteTouches, importById, importTouchesOnOthers, leadsCreatedBy, markImportUndone, removeImportedLeads } from '../store/imports.js';
import { updateLead, type NewLead } from '../store/leads.js';

export type { UndoPlan };

/** What undoing the import would do; nothing changes. Throws when there is no such import or it is undone already. */
export function planImportUndo(db: DB, id: number): UndoPlan {
  const rec = importById(db, id);
  if (!rec) throw new RunError(`no import ${id}: see leads imports`);
  if (rec.undone_at) throw new RunError(`import ${id} was undone already (${rec.undone_at.slice(0, 10)})`);
  const created = leadsCreatedBy(db, id).map(({ lead, since }) => ({
    id: lead.id,
    name: displayName(lead),
    since,
    merged: lead.merged_into !== null,
    forgotten: lead.forgotten_at !== null,
  }));
  const changes = importTouchesOnOthers(db, id).map(({ touch_id, data, lead }) => {
    const d = data ? (JSON.parse(data) as { changed?: string[]; before?: Record<string, unknown>; after?: Record<string, unknown> }) : {};
    return {
      touch_id,
      lead_id: lead.id,
      name: displayName(lead),
      changed: d.changed ?? [],
      before: d.before ?? null,
      after: d.after ?? null,
      current: lead as unknown as Record<string, unknown>,
      forgotten: lead.forgotten_at !== null,
    };
  });
  return planUndo(created, changes);
}

/** Undoes the import as planned, atomically; returns the plan it carried out. */
export function undoImport(db: DB, id: number, now: Date): UndoPlan {
  return db
    .transaction(() => {
      const plan = planImportUndo(db, id);
      const at = toIso(now);
      removeImportedLeads(db, plan.remove.map((l) => l.id));
      for (const r of plan.restore) if (Object.keys(r.columns).length) updateLead(db, r.id, r.columns as NewLead, at);
      deleteTouches(db, plan.restore.flatMap((r) => r.touch_ids));
      markImportUndone(db, id, at);
      return plan;
    })
    .immediate();
}
