// SQL for outcome codes.
import type { DB } from './db.js';
import type { CodeRow } from '../core/codes.js';

export function listCodes(db: DB): CodeRow[] {
  return db.prepare('SELECT * FROM codes ORDER BY code').all() as CodeRow[];
}

export function getCode(db: DB, code: number): CodeRow | undefined {
  return db.prepare('SELECT * FROM codes WHERE code = ?').get(code) as CodeRow | undefined;
}

export function insertCode(db: DB, c: CodeRow): void {
  db.prepare(
    `INSERT INTO codes (code, label, action, needs_date, needs_email, reached, builtin)
     VALUES (@code, @label, @action, @needs_date, @needs_email, @reached, @builtin)`,
  ).run(c);
}

export function renameCode(db: DB, code: number, label: string): void {
  db.prepare('UPDATE codes SET label = ? WHERE code = ?').run(label, code);
}
