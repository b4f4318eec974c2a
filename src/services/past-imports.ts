// The record of past imports, newest first.
import type { DB } from '../store/db.js';
import { listImports, type ImportRecord } from '../store/imports.js';

export type { ImportRecord };

export function pastImports(db: DB, limit?: number): ImportRecord[] {
  return listImports(db, limit);
}
