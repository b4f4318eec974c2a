// A call session while another process holds the write lock longer than the busy timeout
// (10 s): a big import is one transaction and a million rows take tens of seconds. The
// outcome typed meanwhile must be saved once the lock is free, the session going on; it
// used to end with "the database stayed busy too long" (exit 1) and lose that outcome. The
// lock is held until the session says it waits (past its busy timeout), never a set time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, leads, tempWorkspace } from '../helpers/cli.js';
import { hasTmux, occurrences, Tmux } from '../e2e/tmux.js';
import { figure, query } from './util.js';

let ws: ReturnType<typeof tempWorkspace>;
let term: Tmux | undefined;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => {
  term?.kill();
  ws.cleanup();
});

const TODAY = '2026-11-24 15:00';

describe.skipIf(!hasTmux())('a call session behind a long write lock', () => {
  it('waits past the busy timeout and saves the outcome; the session goes on', async () => {
    for (const [first, phone] of [['Ann', '617-555-0100'], ['Bo', '617-555-0101']]) {
      expect(leads(['add', '--first', first, '--last', 'Baker', '--phone', phone], { db: ws.db, env: { LEADS_TODAY: TODAY } }).code).toBe(0);
    }
    term = new Tmux({ PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', LEADS_DB: ws.db, LEADS_TODAY: TODAY, TERM: 'xterm-256color' });
    const exitFile = join(ws.dir, 'exit');
    term.start(`node ${BIN} call; echo $? > ${exitFile}`);
    const t = term;
    await t.waitFor((s) => s.includes('outcome>'), 'the first card');

    // another process takes the write lock, as an import's one transaction does, and holds
    // it until the session says it is waiting: its 10 s busy timeout has run out by then
    const other = new Database(ws.db);
    other.exec('BEGIN IMMEDIATE');
    other.prepare("INSERT INTO settings (key, value) VALUES ('reliability.lock', 'held')").run();
    const held = Date.now();
    t.keys('1');
    await t.waitFor((s) => s.includes('Note (Enter for none)'), 'the note prompt');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('is writing; waiting to save this'), 'the waiting line', 180_000);
    expect(query(ws.db, "SELECT count(*) AS n FROM touches WHERE channel = 'call'"), 'saved while the lock was held').toEqual([{ n: 0 }]);
    other.exec('ROLLBACK');
    other.close();
    const waited = Date.now() - held;

    await t.waitFor((s) => s.includes('✓ #1 code 1') && occurrences(s, 'outcome>') === 2, 'the outcome saved and the next card', 180_000);
    t.keys('q');
    await t.waitFor((s) => s.includes('Session ended'), 'the end');
    const screen = t.screen();
    expect(screen).not.toMatch(/stayed busy|locked/);
    expect(query(ws.db, "SELECT lead_id, code FROM touches WHERE channel = 'call'")).toEqual([{ lead_id: 1, code: 1 }]);
    figure('call session behind a long write lock', `lock held ${(waited / 1000).toFixed(1)} s (busy timeout 10 s): outcome saved after it, session went on`);
  }, 600_000);
});
