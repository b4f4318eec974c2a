// SQL for outcome codes.
import type { DB } from './db.js';
import { prepared } from './statements.js';
import type { CodeRow } from '../core/codes.js';

export function listCodes(db: DB): CodeRow[] {
  return prepared(db, 'SELECT * FROM codes ORDER BY code').all() as CodeRow[];
}

export function getCode(db: DB, code: number): CodeRow | undefined {
  return prepared(db, 'SELECT * FROM codes WHERE code = ?').get(code) as CodeRow | undefined;
}

export function insertCode(db: DB, c: CodeRow): void {
  db.prepare(
    `INSERT INTO codes (code, label, action, needs_date, needs_email, reached, builtin, retry_delay_minutes, retry_round, retry_rest_days)
     VALUES (@code, @label, @action, @needs_date, @needs_email, @reached, @builtin, @retry_delay_minutes, @retry_round, @retry_rest_days)`,
  ).run(c);
}

/** Sets some of a code's retry rules (the columns given). */
export function updateRetryRules(db: DB, code: number, rules: Partial<Pick<CodeRow, 'retry_delay_minutes' | 'retry_round' | 'retry_rest_days'>>): void {
  const cols = Object.keys(rules).filter((k) => /^retry_(delay_minutes|round|rest_days)$/.test(k));
  if (!cols.length) return;
  db.prepare(`UPDATE codes SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE code = @code`).run({ ...rules, code });
}

export function renameCode(db: DB, code: number, label: string): void {
  db.prepare('UPDATE codes SET label = ? WHERE code = ?').run(label, code);
}
