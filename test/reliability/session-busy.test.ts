// A call session while another process holds the write lock (a big import is one
// transaction, and a million rows take minutes): the session says on its screen that it
// waits, within about a second, and the outcome typed meanwhile is saved once the lock is
// free, the session going on. Ctrl-C while it waits ends it at once with the line that says
// what was kept: the outcomes logged before.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, leads, tempWorkspace } from '../helpers/cli.js';
import { exitCodeOf, hasTmux, occurrences, Tmux } from '../e2e/tmux.js';
import { figure, query } from './util.js';

let ws: ReturnType<typeof tempWorkspace>;
let term: Tmux | undefined;
let other: Database.Database | undefined;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => {
  term?.kill();
  other?.close();
  ws.cleanup();
});

const TODAY = '2026-11-24 15:00';
const WAITING = 'waiting for another leads command to finish with the database, to save this…';

/** A session over two leads, on its first card. */
async function session(exitFile: string): Promise<Tmux> {
  for (const [first, phone] of [['Ann', '617-555-0100'], ['Bo', '617-555-0101']]) {
    expect(leads(['add', '--first', first, '--last', 'Baker', '--phone', phone], { db: ws.db, env: { LEADS_TODAY: TODAY } }).code).toBe(0);
  }
  const t = new Tmux({ PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', LEADS_DB: ws.db, LEADS_TODAY: TODAY, TERM: 'xterm-256color' });
  t.start(`node ${BIN} call; echo $? > ${exitFile}`);
  await t.waitFor((s) => s.includes('outcome>'), 'the first card');
  return t;
}

/** Another process takes the write lock, as an import's one transaction does. */
function holdLock(): Database.Database {
  const db = new Database(ws.db);
  db.exec('BEGIN IMMEDIATE');
  db.prepare("INSERT INTO settings (key, value) VALUES ('reliability.lock', 'held')").run();
  return db;
}

describe.skipIf(!hasTmux())('a call session behind a long write lock', () => {
  it('says it waits and saves the outcome once the lock is free; the session goes on', async () => {
    const t = (term = await session(join(ws.dir, 'exit')));
    other = holdLock();
    const held = Date.now();
    t.keys('1');
    await t.waitFor((s) => s.includes('Note (Enter for none)'), 'the note prompt');
    t.keys('Enter');
    const waiting = await t.waitFor((s) => s.includes(WAITING), 'the waiting line', 30_000);
    const said = Date.now() - held;
    // the session's own line, on its screen, in place of the line other commands say on stderr
    expect(waiting).not.toContain('leads: waiting for another');
    expect(query(ws.db, "SELECT count(*) AS n FROM touches WHERE channel = 'call'")).toEqual([{ n: 0 }]);
    other.exec('ROLLBACK');
    other.close();
    other = undefined;

    await t.waitFor((s) => s.includes('✓ #1 code 1') && occurrences(s, 'outcome>') === 2, 'the outcome saved and the next card', 30_000);
    t.keys('q');
    await t.waitFor((s) => s.includes('Session ended'), 'the end');
    const screen = t.screen();
    expect(screen).not.toMatch(/stayed busy|locked/);
    expect(occurrences(screen, WAITING)).toBe(1);
    expect(query(ws.db, "SELECT lead_id, code FROM touches WHERE channel = 'call'")).toEqual([{ lead_id: 1, code: 1 }]);
    figure('call session behind a write lock', `waiting said ${(said / 1000).toFixed(1)} s after the lock was taken (keys typed included); outcome saved once free, session went on`);
  });

  it('Ctrl-C while it waits ends the session at once; the outcome logged before stays', async () => {
    const exitFile = join(ws.dir, 'exit');
    const t = (term = await session(exitFile));
    t.keys('1');
    await t.waitFor((s) => s.includes('Note (Enter for none)'), 'the note prompt');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('✓ #1 code 1') && occurrences(s, 'outcome>') === 2, 'the first outcome and the next card', 30_000);
    other = holdLock();
    t.keys('1');
    await t.waitFor((s) => s.includes('Note (Enter for none)') && occurrences(s, 'Note (Enter for none)') === 2, 'the second note prompt');
    t.keys('Enter');
    await t.waitFor((s) => s.includes(WAITING), 'the waiting line', 30_000);
    t.keys('C-c');
    // it ends while the lock is still held, the wait not sat out, saying what it kept
    expect(await exitCodeOf(exitFile, t)).toBe(130);
    expect(t.screen()).toContain('leads: interrupted: every change saved before this moment stays saved; the one under way, if any, was not');
    expect(query(ws.db, "SELECT lead_id, code FROM touches WHERE channel = 'call'")).toEqual([{ lead_id: 1, code: 1 }]);
  });
});
