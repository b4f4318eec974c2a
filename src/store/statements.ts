// Statements prepared once a connection: preparing costs about as much as running a small
// statement, and the statements between two calls of a session run again at every call.
import type { Statement } from 'better-sqlite3';
import type { DB } from './db.js';

const PREPARED = new WeakMap<DB, Map<string, Statement<unknown[]>>>();

/** The statement of `sql` on this connection, prepared on first use. */
export function prepared(db: DB, sql: string): Statement<unknown[]> {
  let byText = PREPARED.get(db);
  if (!byText) PREPARED.set(db, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) byText.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}
