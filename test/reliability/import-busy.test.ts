// A write command while a real import in another process holds the database (SPEC
// "Storage": every write command waits for a busy database as long as an import can hold
// it; none fails for being second). The import is one transaction from its first row to
// its commit; `leads add` started meanwhile waits for it and succeeds after it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leads, leadsAsync, tempWorkspace } from '../helpers/cli.js';
import { peopleCsv } from './util.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

/** Whether another connection holds the write lock: a write transaction cannot begin at once. */
function writeLockHeld(path: string): boolean {
  const db = new Database(path, { timeout: 0 });
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw e;
  } finally {
    db.close();
  }
}

describe('a write command while an import holds the database', () => {
  it('waits for the import to commit, then succeeds', async () => {
    const rows = 60_000;
    const list = join(ws.dir, 'list.csv');
    writeFileSync(list, peopleCsv(rows));
    const child = leadsAsync(['import', list, '--json'], { db: ws.db });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let done = false;
    void exited.then(() => (done = true));
    // the import takes the lock once its file is checked; until then, a turn of the event loop at a time
    while (!writeLockHeld(ws.db)) {
      expect(done, `the import ended before it held the database: ${stderr}`).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    const add = leads(['add', '--first', 'Zed', '--last', 'Second', '--phone', '(617) 555-9999', '--json'], { db: ws.db });
    expect(add.stderr).not.toMatch(/busy|locked/);
    expect(add.code).toBe(0);
    expect(await exited).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ inserted: rows });
    // the add came second: its lead follows every lead of the import
    expect(JSON.parse(add.stdout).id).toBe(rows + 1);
  }, 900_000);
});
