// Forgetting a person (`leads forget ID`) in one transaction, then erasing the old bytes
// from the database file and its WAL.
import type { DB } from '../store/db.js';
import { addTouch, requireLead, updateLead } from '../store/leads.js';
import { currentSettings } from '../store/settings.js';
import { countrySetting } from '../core/settings.js';
import { quickCheckErrors } from '../store/doctor.js';
import { RunError } from '../core/errors.js';
import {
  addForgetSuppression,
  batchesOfLeads,
  migrationBackups,
  personRows,
  setTouchText,
  touchesOfLeads,
  withSecureDelete,
} from '../store/forget.js';
import { contactsToSuppress, forgottenColumns, holdsPersonalData, scrubbedTouch } from '../core/forget.js';
import { suppressionHash } from '../core/suppress.js';
import { displayName, type LeadRow } from '../core/lead.js';
import { toIso } from '../core/dates.js';

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

export interface ForgetResult {
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
  /** batches whose files (written before) may name the person: leads cannot erase them */
  batches: { id: number; day: string; out_dir: string | null }[];
  /** copies made before a migration, beside the database: leads cannot erase them */
  backups: string[];
  /** the WAL was checkpointed and emptied: false when another process held it open */
  wal_emptied: boolean;
}

/**
 * Erases the personal data of a lead and of the rows merged into it, keeping the rows with
 * their anonymous outcomes (status, codes, stages, dates, counters; touches without notes,
 * their data scrubbed), sets forgotten_at and do-not-contact, and keeps each phone and email
 * as a hashed `forget` suppression. One transaction with secure_delete, then the file is
 * rebuilt and the WAL emptied so neither holds the old bytes.
 */
export function forgetLead(db: DB, id: number, now: Date, dbPath: string): ForgetResult {
  // The erasure ends in a rebuild that reads every page: a damaged file would take the
  // erasure and then fail, so it is refused before anything is written.
  if (quickCheckErrors(db).length) {
    throw new RunError('the database file is damaged, so nothing was erased; run `leads doctor`');
  }
  const at = toIso(now);
  const { result, walEmptied } = withSecureDelete(db, () =>
    db.transaction(() => {
      const lead = requireLead(db, id);
      const rows = personRows(db, lead);
      const ids = rows.map((r) => r.id);
      const touches = touchesOfLeads(db, ids);
      const already = lead.forgotten_at !== null && !rows.some(holdsPersonalData);
      const suppressions = { phone: 0, email: 0 };
      if (!already) {
        const country = countrySetting(currentSettings(db));
        for (const c of contactsToSuppress(rows, touches, country)) {
          addForgetSuppression(db, suppressionHash(c.kind, c.value), c.kind, at);
          suppressions[c.kind]++;
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
      }
      return {
        id: lead.id,
        forgotten_at: already ? lead.forgotten_at! : at,
        already,
        merged: ids.slice(1),
        touches: touches.length + (already ? 0 : 1),
        suppressions,
        batches: batchesOfLeads(db, ids),
      };
    }).immediate(),
  );
  return { ...result, backups: migrationBackups(dbPath), wal_emptied: walEmptied };
}

