// Use cases on outcome codes: list them, add a user's own code, rename one. Each one transaction.
import type { DB } from '../store/db.js';
import { getCode, insertCode, listCodes, renameCode as renameStored } from '../store/codes.js';
import { cleanLabel, newCode, parseCode, type CodeRow, type NewCodeInput } from '../core/codes.js';
import { RunError } from '../core/errors.js';

export function codeList(db: DB): CodeRow[] {
  return listCodes(db);
}

export function addCode(db: DB, input: NewCodeInput): CodeRow {
  const row = newCode(input);
  return db.transaction(() => {
    const existing = getCode(db, row.code);
    if (existing) throw new RunError(`code ${row.code} exists already (${existing.label}); rename it with leads codes rename`);
    insertCode(db, row);
    return getCode(db, row.code)!;
  }).immediate();
}

export function renameCode(db: DB, codeText: string, labelText: string): { before: string; after: CodeRow } {
  const code = parseCode(codeText);
  const label = cleanLabel(labelText);
  return db.transaction(() => {
    const existing = getCode(db, code);
    if (!existing) throw new RunError(`no code ${code}; add it with leads codes add`);
    renameStored(db, code, label);
    return { before: existing.label, after: getCode(db, code)! };
  }).immediate();
}
