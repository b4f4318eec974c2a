// Write commands while another process holds the database's write lock, as an import's
// one transaction of minutes does (SPEC "Storage": every write command waits for a busy
// database, a line on stderr while it waits, as long as an import can hold it; none fails
// for being second). The lock is held by a second process that says when it has it and
// lets go when told: no step waits on a clock. And an import into a database it made
// itself, interrupted: no database is left behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leads, leadsAsync, tempWorkspace } from '../helpers/cli.js';
import { dropUnusedDatabase, openDatabase } from '../../src/store/db.js';
import { occurrences } from '../e2e/tmux.js';
import { holdWriteLock, peopleCsv, query, scalar } from './util.js';

const WAITING = 'leads: waiting for another leads command to finish with the database… (Ctrl-C gives up)';
const GAVE_UP = 'leads: gave up waiting for another leads command to finish with the database; nothing of the write under way was saved, try again once it is done';

let ws: ReturnType<typeof tempWorkspace>;
const children: ChildProcess[] = [];
let holder: ReturnType<typeof holdWriteLock> | undefined;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => {
  holder?.kill();
  holder = undefined;
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  ws.cleanup();
});

/** The binary in a child process, its output gathered, `ended` when it has exited. */
function run(args: string[], o: { db?: string; env?: Record<string, string> } = {}) {
  const child = leadsAsync(args, { db: o.db ?? ws.db, env: o.env });
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
      const look = () => out.stderr.includes(text) && resolve();
      child.stderr.on('data', look);
      look();
      void ended.then(() => (out.stderr.includes(text) ? resolve() : reject(new Error(`ended without saying "${text}": ${out.stderr}`))));
    });
  return Object.assign(out, { ended, said });
}

/** The lock held by another process, once it has it. */
async function held() {
  holder = holdWriteLock(ws.db);
  await holder.held;
  return holder;
}

const ANN = ['add', '--first', 'Ann', '--last', 'Baker', '--phone', '(617) 555-0100'];
const touches = () => query(ws.db, "SELECT channel, code, note FROM touches WHERE lead_id = 1 AND channel IN ('call', 'note') ORDER BY channel");

describe('write commands while another leads holds the database', () => {
  it('add, log and note each say once that they wait, then do their work once it lets go', async () => {
    expect(leads(ANN, { db: ws.db }).code).toBe(0);
    const lock = await held();
    const add = run(['add', '--first', 'Zed', '--last', 'Second', '--phone', '(617) 555-9999', '--json']);
    const log = run(['log', '1', '4', '--next', 'tomorrow 14:00', '--note', 'call after lunch']);
    const note = run(['note', '1', 'asked for the price list']);
    await Promise.all([add.said(WAITING), log.said(WAITING), note.said(WAITING)]);
    // said while they wait: nothing of theirs is in the database yet
    expect(touches()).toEqual([]);
    expect(scalar(ws.db, 'SELECT count(*) FROM leads')).toBe(1);

    await lock.letGo('commit');
    const ends = await Promise.all([add.ended, log.ended, note.ended]);
    for (const [i, w] of [add, log, note].entries()) {
      expect(ends[i], w.stderr).toEqual({ code: 0, signal: null });
      // the line, once, and nothing else: no "busy", no "locked"
      expect(w.stderr).toBe(`${WAITING}\n`);
    }
    // stdout as without the wait
    expect(JSON.parse(add.stdout)).toMatchObject({ id: 2, first_name: 'Zed', phone_e164: '+16175559999' });
    expect(log.stdout).toBe('#1 Ann Baker: code 4 (call back); next contact 2026-11-25 14:00\n');
    expect(touches()).toEqual([
      { channel: 'call', code: 4, note: 'call after lunch' },
      { channel: 'note', code: null, note: 'asked for the price list' },
    ]);
    expect(scalar(ws.db, "SELECT value FROM settings WHERE key = 'reliability.lock'")).toBe('held');
  });

  it('an import waits the same way, then imports its file', async () => {
    expect(leads(ANN, { db: ws.db }).code).toBe(0);
    const file = join(ws.dir, 'list.csv');
    writeFileSync(file, peopleCsv(50));
    const lock = await held();
    const imp = run(['import', file, '--json']);
    await imp.said(WAITING);
    expect(scalar(ws.db, 'SELECT count(*) FROM leads')).toBe(1);
    await lock.letGo();
    expect(await imp.ended, imp.stderr).toEqual({ code: 0, signal: null });
    expect(occurrences(imp.stderr, WAITING)).toBe(1);
    expect(JSON.parse(imp.stdout)).toMatchObject({ read: 50, inserted: 50 });
    expect(scalar(ws.db, 'SELECT count(*) FROM leads')).toBe(51);
  });

  it('on a free database, the same commands say nothing on stderr', () => {
    const o = { db: ws.db };
    expect(leads([...ANN, '--json'], o)).toMatchObject({ code: 0, stderr: '' });
    expect(leads(['log', '1', '4', '--next', 'tomorrow 14:00'], o)).toMatchObject({ code: 0, stderr: '' });
    expect(leads(['note', '1', 'asked for the price list'], o)).toMatchObject({ code: 0, stderr: '' });
  });

  it('gives up when the wait runs out: the line, then the error, exit 1, nothing written', async () => {
    expect(leads(ANN, { db: ws.db }).code).toBe(0);
    const lock = await held();
    // LEADS_BUSY_WAIT shortens the wait (15 minutes by default) to a second
    const note = run(['note', '1', 'never saved'], { env: { LEADS_BUSY_WAIT: '1' } });
    expect(await note.ended).toEqual({ code: 1, signal: null });
    expect(note.stderr).toBe(`${WAITING}\n${GAVE_UP}\n`);
    await lock.letGo('commit');
    expect(touches()).toEqual([]);
  });

  it('a wait that is not a number of seconds is said as such', () => {
    const r = leads(ANN, { db: ws.db, env: { LEADS_BUSY_WAIT: 'soon' } });
    expect(r).toMatchObject({ code: 1, stderr: 'leads: LEADS_BUSY_WAIT must be a number of seconds, not "soon"\n' });
  });

  it('Ctrl-C while a write waits ends it at once, having written nothing', async () => {
    expect(leads(ANN, { db: ws.db }).code).toBe(0);
    const lock = await held();
    const note = run(['note', '1', 'never saved']);
    await note.said(WAITING);
    note.child.kill('SIGINT');
    // it ends while the lock is still held: the wait is not sat out
    expect(await note.ended).toEqual({ code: null, signal: 'SIGINT' });
    await lock.letGo('commit');
    expect(touches()).toEqual([]);
  });
});

describe('an import that made the database, interrupted before it saved anything', () => {
  it('leaves no database behind, and says so', async () => {
    const db = join(ws.dir, 'new', 'leads.db');
    const file = join(ws.dir, 'list.csv');
    writeFileSync(file, peopleCsv(20_000));
    const imp = run(['import', file, '--json'], { db });
    // from the moment the database is made, Ctrl-C takes it back
    await imp.said('leads: made a new database');
    imp.child.kill('SIGINT');
    expect(await imp.ended, imp.stderr).toEqual({ code: 130, signal: null });
    expect(imp.stdout).toBe('');
    expect(imp.stderr).toContain('leads: interrupted: nothing');
    expect(imp.stderr.trimEnd().split('\n').at(-1)).toBe(`leads: nothing was imported, so no database was kept at ${db}`);
    for (const side of ['', '-wal', '-shm']) expect(existsSync(db + side), `${db}${side}`).toBe(false);
  });

  it('keeps it when another leads has written to it meanwhile', () => {
    const db = join(ws.dir, 'new', 'leads.db');
    const made = openDatabase(db, undefined, { create: true });
    const other = new Database(db);
    other.prepare("INSERT INTO settings (key, value) VALUES ('reliability.other', 'wrote')").run();
    other.close();
    expect(dropUnusedDatabase(made)).toBe(false);
    expect(query(db, "SELECT value FROM settings WHERE key = 'reliability.other'")).toEqual([{ value: 'wrote' }]);
  });

  it('keeps it when another leads has it open', () => {
    const db = join(ws.dir, 'new', 'leads.db');
    const made = openDatabase(db, undefined, { create: true });
    const other = new Database(db);
    other.prepare('SELECT count(*) FROM leads').get();
    try {
      expect(dropUnusedDatabase(made)).toBe(false);
      expect(existsSync(db)).toBe(true);
    } finally {
      other.close();
    }
  });
});
