// Whether the do-not-call registry lets a number be called.
import type { DB } from '../store/db.js';
import { isSuppressed } from '../store/suppressions.js';

/**
 * Whether a number may not be called: on the do-not-call registry, or a forgotten person's.
 * The queue leaves out do-not-call leads; this guards the further numbers a lead holds.
 */
export function mayNotCall(db: DB, e164: string): boolean {
  return isSuppressed(db, 'phone', e164);
}
