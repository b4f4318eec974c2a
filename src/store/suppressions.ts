// SQL of suppressions (hashed phones and emails kept out of the queue) and of the
// do-not-call registry's bookkeeping.
import type { DB } from './db.js';
import type { LeadRow } from '../core/lead.js';
import type { SuppressionKind } from '../core/suppress.js';

/** Adds a suppression; true when it is new (an existing hash keeps its first reason). */
export function addSuppression(db: DB, hash: string, kind: SuppressionKind, reason: 'forget' | 'registry', at: string): boolean {
  return (
    db.prepare('INSERT INTO suppressions (hash, kind, reason, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING').run(
      hash,
      kind,
      reason,
      at,
    ).changes === 1
  );
}

export function isSuppressed(db: DB, hash: string): boolean {
  return db.prepare('SELECT 1 FROM suppressions WHERE hash = ?').get(hash) !== undefined;
}

/** Leads (not merged away) whose phone or mobile is this E.164 number. */
export function leadsWithPhone(db: DB, e164: string): LeadRow[] {
  return db
    .prepare('SELECT * FROM leads WHERE merged_into IS NULL AND (phone_e164 = @n OR mobile_e164 = @n) ORDER BY id')
    .all({ n: e164 }) as LeadRow[];
}

const REGISTRY_AT = 'state.dnc_registry_imported_at';

/** When a do-not-call registry was last loaded (ISO), or null: the call session warns after 31 days. */
export function registryImportedAt(db: DB): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(REGISTRY_AT) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setRegistryImportedAt(db: DB, at: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    REGISTRY_AT,
    at,
  );
}
