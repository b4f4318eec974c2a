// Write commands while a real import in another process holds the database (SPEC
// "Storage": every write command waits for a busy database, a line on stderr while it
// waits, as long as an import can hold it; none fails for being second). The import is one
// transaction from its first row to its commit. To hold the lock as long as a test needs
// on any machine, the import is stopped (SIGSTOP) once it holds it and let go (SIGCONT)
// once the writers have said they wait: no step waits on a clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leads, leadsAsync, ROOT, tempWorkspace } from '../helpers/cli.js';
import { peopleCsv, query, scalar } from './util.js';

const GEN = join(ROOT, '..', 'shared', 'bench', 'gen-leads.mjs');
const WAITING = 'leads: waiting for the database: another leads is writing to it';

let ws: ReturnType<typeof tempWorkspace>;
const children: ChildProcess[] = [];
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => {
  // a stopped import must not outlive a failed test
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  ws.cleanup();
});

/** A prospect list of `rows` rows: the shared generator when it is there, else our own. */
function bigFile(rows: number): string {
  const path = join(ws.dir, 'list.csv');
  if (existsSync(GEN)) execFileSync(process.execPath, [GEN, String(rows), path, '7']);
  else writeFileSync(path, peopleCsv(rows));
  return path;
}

/** Whether another connection holds the write lock: a write transaction cannot begin at once. */
function writeLockHeld(path: string): boolean {
  if (!existsSync(path)) return false;
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

/** The binary in a child process, its output gathered, `ended` when it has exited. */
function run(args: string[], db = ws.db) {
  const child = leadsAsync(args, { db });
  children.push(child);
  const out = { child, stdout: '', stderr: '' };
  child.stdout.on('data', (b) => (out.stdout += b));
  child.stderr.on('data', (b) => (out.stderr += b));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  /** resolves once stderr holds `text`; rejects if the process ends first */
  const said = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const look = () => {
        if (out.stderr.includes(text)) resolve();
      };
      child.stderr.on('data', look);
      look();
      void ended.then(() => (out.stderr.includes(text) ? resolve() : reject(new Error(`ended without saying "${text}": ${out.stderr}`))));
    });
  return Object.assign(out, { ended, said });
}

/**
 * An import of `file` that holds the write lock for its rows, stopped there: `resume()`
 * lets it finish. Into a new database, once it has said so: the database is made whole.
 */
async function importHolding(file: string, db = ws.db) {
  const made = !existsSync(db);
  const imp = run(['import', file, '--json'], db);
  if (made) await imp.said('leads: made a new database');
  let ended = false;
  void imp.ended.then(() => (ended = true));
  // the import takes the lock once its file is checked; until then, a turn of the event loop at a time
  while (!writeLockHeld(db)) {
    expect(ended, `the import ended before it held the database: ${imp.stderr}`).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  imp.child.kill('SIGSTOP');
  expect(writeLockHeld(db), `the import ended as it was stopped: ${imp.stderr}`).toBe(true);
  return Object.assign(imp, { resume: () => imp.child.kill('SIGCONT') });
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('write commands while an import holds the database', () => {
  it('add, log and note each say once that they wait, then do their work once the import commits', async () => {
    expect(leads(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '(617) 555-0100'], { db: ws.db }).code).toBe(0);
    const rows = 40_000;
    const imp = await importHolding(bigFile(rows));

    const add = run(['add', '--first', 'Zed', '--last', 'Second', '--phone', '(617) 555-9999', '--json']);
    const log = run(['log', '1', '4', '--next', 'tomorrow 14:00', '--note', 'call after lunch']);
    const note = run(['note', '1', 'asked for the price list']);
    await Promise.all([add.said(WAITING), log.said(WAITING), note.said(WAITING)]);
    // said while they wait: the import holds the database still, and nothing of theirs is in it
    expect(writeLockHeld(ws.db)).toBe(true);
    expect(scalar(ws.db, "SELECT count(*) FROM touches WHERE lead_id = 1 AND channel IN ('call', 'note')")).toBe(0);

    imp.resume();
    const [i, a, l, n] = await Promise.all([imp.ended, add.ended, log.ended, note.ended]);
    expect(i, imp.stderr).toEqual({ code: 0, signal: null });
    const imported = JSON.parse(imp.stdout);
    expect(imported.read).toBe(rows);
    for (const [w, end] of [[add, a], [log, l], [note, n]] as const) {
      expect(end, w.stderr).toEqual({ code: 0, signal: null });
      expect(occurrences(w.stderr, WAITING)).toBe(1);
      expect(w.stderr).not.toMatch(/busy|locked/);
    }
    // stdout as without the wait: the add's JSON, the log's and the note's lines
    const added = JSON.parse(add.stdout);
    expect(added).toMatchObject({ first_name: 'Zed', phone_e164: '+16175559999' });
    // the add came second: its lead follows every lead of the import
    expect(added.id).toBe(1 + imported.inserted + 1);
    expect(log.stdout).toBe('#1 Ann Baker: code 4 (call back); next contact 2026-11-25 14:00\n');
    expect(query(ws.db, "SELECT channel, code, note FROM touches WHERE lead_id = 1 AND channel IN ('call', 'note') ORDER BY channel")).toEqual([
      { channel: 'call', code: 4, note: 'call after lunch' },
      { channel: 'note', code: null, note: 'asked for the price list' },
    ]);
  }, 240_000);

  it('on a free database, the same commands say nothing on stderr', () => {
    const o = { db: ws.db };
    const add = leads(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '(617) 555-0100', '--json'], o);
    expect(add).toMatchObject({ code: 0, stderr: '' });
    expect(leads(['log', '1', '4', '--next', 'tomorrow 14:00'], o)).toMatchObject({ code: 0, stderr: '' });
    expect(leads(['note', '1', 'asked for the price list'], o)).toMatchObject({ code: 0, stderr: '' });
  });

  it('Ctrl-C while a write waits ends it at once, having written nothing', async () => {
    expect(leads(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '(617) 555-0100'], { db: ws.db }).code).toBe(0);
    const imp = await importHolding(bigFile(20_000));
    const note = run(['note', '1', 'never saved']);
    await note.said(WAITING);
    note.child.kill('SIGINT');
    // it ends while the import still holds the database: the wait is not sat out
    expect(await note.ended).toEqual({ code: null, signal: 'SIGINT' });
    expect(writeLockHeld(ws.db)).toBe(true);
    imp.resume();
    expect((await imp.ended).code, imp.stderr).toBe(0);
    expect(scalar(ws.db, "SELECT count(*) FROM touches WHERE channel = 'note'")).toBe(0);
  }, 240_000);
});

describe('an import that made the database, interrupted before it saved anything', () => {
  it('leaves no database behind', async () => {
    const db = join(ws.dir, 'new', 'leads.db');
    const imp = await importHolding(bigFile(20_000), db);
    imp.child.kill('SIGINT');
    imp.resume();
    expect((await imp.ended).code).toBe(130);
    expect(imp.stderr).toContain(`leads: made a new database at ${db}`);
    expect(imp.stderr).toContain('leads: interrupted: nothing of this import was saved');
    expect(imp.stderr).toContain(`leads: nothing was imported, so no database was kept at ${db}`);
    for (const side of ['', '-wal', '-shm']) expect(existsSync(db + side), `${db}${side}`).toBe(false);
  }, 240_000);

  it('keeps it when another leads has written to it meanwhile', async () => {
    const db = join(ws.dir, 'new', 'leads.db');
    const imp = await importHolding(bigFile(20_000), db);
    const add = run(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '(617) 555-0100'], db);
    await add.said(WAITING);
    imp.child.kill('SIGINT');
    imp.resume();
    expect((await imp.ended).code).toBe(130);
    expect(await add.ended, add.stderr).toEqual({ code: 0, signal: null });
    expect(imp.stderr).not.toContain('no database was kept');
    expect(query(db, 'SELECT id, first_name FROM leads')).toEqual([{ id: 1, first_name: 'Ann' }]);
  }, 240_000);
});
