// Forgetting a person (`leads forget ID`): the erase in one transaction (every connection
// that writes has secure_delete on, so what it deletes is overwritten at once), then the
// steps that finish it outside the database's transaction: the batch folders that named
// the person, the file's free space where it still holds what was deleted before
// secure_delete, and the WAL. A step that cannot be done now (a full disk, a folder that
// cannot be written) is said, recorded, and done by the next command or `leads doctor`.
import { dirname } from 'node:path';
import type { DB } from '../store/db.js';
import { addTouch, requireLead, updateLead } from '../store/leads.js';
import { currentSettings } from '../store/settings.js';
import { addSuppression } from '../store/suppressions.js';
import { batchItemsForRewrite } from '../store/batches.js';
import { countrySetting } from '../core/settings.js';
import { quickCheckErrors } from '../store/doctor.js';
import { RunError } from '../core/errors.js';
import {
  batchesOfLeads,
  clearEraseUnfinished,
  emptyWal,
  freeSpaceClean,
  importsOfLeads,
  markEraseUnfinished,
  migrationBackups,
  personRows,
  rebuildFile,
  renewIndexSamples,
  setImportFile,
  setTouchText,
  touchesOfLeads,
  unfinishedErase,
} from '../store/forget.js';
import { contactsToSuppress, forgottenColumns, holdsPersonalData, importFileAfterForget, scrubbedTouch } from '../core/forget.js';
import { missingSender, planRewrite } from '../core/sort.js';
import { displayName, type LeadRow } from '../core/lead.js';
import { toIso } from '../core/dates.js';
import { scrubBatchFolder, type FolderScrub } from '../batches/scrub.js';
import { scratchFolder } from '../batches/files.js';
import { loadTemplates } from '../batches/templates.js';
import { writeBatchFiles } from '../batches/write.js';

export interface ForgetPreview {
  lead: LeadRow;
  /** what to call the person in the confirmation (their name, before it goes) */
  name: string;
  merged: number[];
  already: boolean;
}

/** Who `leads forget ID` would erase: the lead the id leads to and the rows merged into it. */
export function previewForget(db: DB, id: number): ForgetPreview {
  return db.transaction(() => {
    const lead = requireLead(db, id);
    const rows = personRows(db, lead);
    return {
      lead,
      name: displayName(lead),
      merged: rows.slice(1).map((r) => r.id),
      already: lead.forgotten_at !== null && !rows.some(holdsPersonalData),
    };
  })();
}

export interface Erased {
  id: number;
  forgotten_at: string;
  /** forgotten before, and nothing personal was left to erase */
  already: boolean;
  /** rows merged into the lead, erased with it */
  merged: number[];
  /** touches kept (channels, codes, stages, dates), their notes and personal data erased */
  touches: number;
  /** hashed phones and emails that keep the person out of the queue on a later import */
  suppressions: { phone: number; email: number };
  /** import records whose file name named the person, now named by the lead's id */
  imports: { id: number; file: string }[];
  /** copies made before a migration, beside the database: leads cannot erase them */
  backups: string[];
}

/** Where the erase's last steps find what they need: the templates to print the letters again. */
export interface EraseOptions {
  dbPath: string;
  templatesDir: string;
}

/**
 * Erases the personal data of a lead and of the rows merged into it, keeping the rows with
 * their anonymous outcomes (status, codes, stages, dates, counters; touches without notes,
 * their data scrubbed), sets forgotten_at and do-not-contact, keeps each phone and email as
 * a keyed `forget` suppression, and renames the import records whose file named them. One
 * transaction, which records the erase as unfinished until `finishErase` has done the rest.
 */
export function eraseLead(db: DB, id: number, now: Date, dbPath: string): Erased {
  // A damaged file could take the erase and then fail its rebuild: refused before anything is written.
  if (quickCheckErrors(db).length) {
    throw new RunError('the database file is damaged, so nothing was erased; run `leads doctor`');
  }
  const at = toIso(now);
  return db
    .transaction(() => {
      const lead = requireLead(db, id);
      const rows = personRows(db, lead);
      const ids = rows.map((r) => r.id);
      const touches = touchesOfLeads(db, ids);
      const already = lead.forgotten_at !== null && !rows.some(holdsPersonalData);
      const suppressions = { phone: 0, email: 0 };
      const imports: { id: number; file: string }[] = [];
      if (!already) {
        const country = countrySetting(currentSettings(db));
        for (const c of contactsToSuppress(rows, touches, country)) {
          addSuppression(db, c.kind, c.value, 'forget', at);
          suppressions[c.kind]++;
        }
        for (const imp of importsOfLeads(db, ids)) {
          const file = importFileAfterForget(imp.file, imp.read, rows);
          if (file === null) continue;
          setImportFile(db, imp.id, file);
          imports.push({ id: imp.id, file });
        }
        for (const t of touches) {
          const s = scrubbedTouch(t);
          if (s.note !== t.note || s.data !== t.data) setTouchText(db, t.id, s.note, s.data);
        }
        for (const r of rows) updateLead(db, r.id, forgottenColumns(at), at);
        addTouch(db, {
          lead_id: lead.id,
          at,
          channel: 'forget',
          note: 'personal data erased at the person\'s request',
          data: { merged: ids.slice(1), suppressions: suppressions.phone + suppressions.email },
        });
        markEraseUnfinished(db, ids);
      }
      return {
        id: lead.id,
        forgotten_at: already ? lead.forgotten_at! : at,
        already,
        merged: ids.slice(1),
        touches: touches.length + (already ? 0 : 1),
        suppressions,
        imports,
        backups: migrationBackups(dbPath),
      };
    })
    .immediate();
}

export interface EraseFinish {
  /** the leads whose erase these steps finished (this one, and any an earlier forget left unfinished) */
  leads: number[];
  /** each batch folder that served them, and what was done in it */
  batches: (FolderScrub & { id: number })[];
  /** the steps that could not be done now, each with its reason: the next command tries them again */
  unfinished: string[];
  /** the WAL was checkpointed and emptied */
  wal_emptied: boolean;
}

/**
 * The erase's steps after its transaction, for every lead whose erase is unfinished: the
 * batch folders that named them, a rebuild of a file whose free space may hold what was
 * deleted before secure_delete, and an empty WAL. Each is done again until all succeed;
 * only then is the erase recorded as finished.
 */
export async function finishErase(db: DB, o: EraseOptions): Promise<EraseFinish> {
  tried.add(db);
  const leads = unfinishedErase(db);
  const out: EraseFinish = { leads, batches: [], unfinished: [], wal_emptied: false };
  if (!leads.length) {
    out.wal_emptied = emptyWal(db);
    return out;
  }
  const ids = new Set(leads);
  for (const b of batchesOfLeads(db, leads)) {
    if (!b.out_dir) continue;
    const scrub = await scrubBatchFolder(b.out_dir, ids, b.letters ? () => rewriteLetters(db, b, o) : null);
    out.batches.push({ id: b.id, ...scrub });
    for (const f of scrub.failed) out.unfinished.push(`batch ${b.id}: ${f}`);
  }
  try {
    if (!freeSpaceClean(db)) rebuildFile(db, o.dbPath);
    renewIndexSamples(db);
  } catch (e) {
    out.unfinished.push(`the rebuild of the database file, which clears what earlier changes left in its free space: ${(e as Error).message}`);
  }
  if (out.unfinished.length) return out;
  out.wal_emptied = emptyWal(db);
  if (!out.wal_emptied) {
    out.unfinished.push('the WAL could not be emptied: another process was reading the database');
    return out;
  }
  db.transaction(() => clearEraseUnfinished(db)).immediate();
  // the record of it being finished is the WAL's only page now: checkpointed too
  emptyWal(db);
  return out;
}

/** Databases whose unfinished erase this run has tried to finish already: once a run is enough. */
const tried = new WeakSet<DB>();

/**
 * What a run does at its end when an earlier erase was left unfinished and this run did
 * not try to finish it yet; null when there is nothing to do.
 */
export async function finishLeftErase(db: DB, o: EraseOptions): Promise<EraseFinish | null> {
  if (tried.has(db) || db.readonly || !unfinishedErase(db).length) return null;
  return finishErase(db, o);
}

/** The batch's letters written again from the database (which no longer holds the erased), into a scratch folder beside it; null when none is left. */
async function rewriteLetters(db: DB, batch: { id: number; out_dir: string | null; created_at: string }, o: EraseOptions) {
  const plan = planRewrite(batchItemsForRewrite(db, batch.id));
  if (!plan.letters.length) return null;
  const settings = currentSettings(db);
  const letters = { ...plan, needsAddress: [], emails: [], followUps: [], skipped: [] };
  const missing = missingSender(letters, settings);
  if (missing) throw new RunError(missing.message);
  const scratch = scratchFolder(dirname(batch.out_dir!));
  try {
    await writeBatchFiles(scratch.path, { plan: letters, settings, templates: loadTemplates(o.templatesDir), now: new Date(batch.created_at) });
  } catch (e) {
    scratch.remove();
    throw e;
  }
  return { dir: scratch.path, done: scratch.remove };
}
