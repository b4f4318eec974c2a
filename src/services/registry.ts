// How current the do-not-call registry is: the call session warns when it is out of date.
import type { DB } from '../store/db.js';
import { isSuppressed, registryImportedAt } from '../store/suppressions.js';
import { suppressionHash } from '../core/suppress.js';
import { registryWarning } from '../core/registry.js';

/** The warning when the last `leads dnc import` is older than 31 days, or null (recent, or never loaded). */
export function staleRegistryWarning(db: DB, now: Date): string | null {
  return registryWarning(registryImportedAt(db), now);
}

/**
 * Whether a number may not be called: on the do-not-call registry, or a forgotten person's.
 * The queue leaves out do-not-call leads; this guards the further numbers a lead holds.
 */
export function mayNotCall(db: DB, e164: string): boolean {
  return isSuppressed(db, suppressionHash('phone', e164));
}
