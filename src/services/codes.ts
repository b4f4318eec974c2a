// Use cases on outcome codes: list them, add a user's own code, rename one, change a retry
// code's rules. Each one transaction.
import type { DB } from '../store/db.js';
import { getCode, insertCode, listCodes, renameCode as renameStored, updateRetryRules } from '../store/codes.js';
import { currentSettings } from '../store/settings.js';
import { cleanLabel, newCode, parseCode, retryRulesOf, type CodeRow, type NewCodeInput, type RetryRulesInput } from '../core/codes.js';
import { intSetting } from '../core/settings.js';
import { RunError, UsageError } from '../core/errors.js';

/** The codes, with rules.retry_limit: the overall limit of every retry code. */
export function codeList(db: DB): { codes: CodeRow[]; retryLimit: number } {
  return { codes: listCodes(db), retryLimit: retryLimit(db) };
}

export function retryLimit(db: DB): number {
  return intSetting(currentSettings(db), 'rules.retry_limit');
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

/**
 * Changes a retry code's rules (delay, round, rest): they count from the next retry logged
 * with it; the retries already planned keep their dates.
 */
export function changeRetryRules(db: DB, codeText: string, input: RetryRulesInput): { before: CodeRow; after: CodeRow } {
  const code = parseCode(codeText);
  const rules = retryRulesOf(input);
  if (!Object.keys(rules).length) throw new UsageError('give the rules to change: --delay, --round or --rest');
  return db.transaction(() => {
    const existing = getCode(db, code);
    if (!existing) throw new RunError(`no code ${code}; add it with leads codes add`);
    if (existing.action !== 'retry') {
      throw new UsageError(`code ${code} (${existing.label}) is not a retry code: only codes with the retry action have retry rules`);
    }
    updateRetryRules(db, code, rules);
    return { before: existing, after: getCode(db, code)! };
  }).immediate();
}
