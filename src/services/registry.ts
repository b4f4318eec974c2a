// How current the do-not-call registry is: the call session warns when it is out of date.
import type { DB } from '../store/db.js';
import { registryImportedAt } from '../store/suppressions.js';
import { registryWarning } from '../core/registry.js';

/** The warning when the last `leads dnc import` is older than 31 days, or null (recent, or never loaded). */
export function staleRegistryWarning(db: DB, now: Date): string | null {
  return registryWarning(registryImportedAt(db), now);
}
