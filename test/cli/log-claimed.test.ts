// leads log on a lead another calling session has on screen: asked on a terminal, refused
// piped unless --yes; a claim of a dead process or past its expiry is no claim.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { leads, leadsInProcess, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';
import { claimHolds } from '../../dist/core/claims.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace();
  expect(leads(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '617-555-0100'], { db: ws.db }).code).toBe(0);
});
afterEach(() => ws.cleanup());

function sql(text: string, ...params: unknown[]) {
  const db = new Database(ws.db);
  try {
    return db.prepare(text).run(...params);
  } finally {
    db.close();
  }
}
const calls = () => {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare("SELECT count(*) AS n FROM touches WHERE channel = 'call'").pluck().get();
  } finally {
    db.close();
  }
};

/** A session of another process with lead 1 on its screen, until `expires`. */
function claimed(pid: number, expires = '2999-01-01T00:00:00.000Z') {
  sql("INSERT INTO sessions (started_at) VALUES ('2026-11-24T09:00:00.000Z')");
  sql('INSERT INTO claims (lead_id, session_id, pid, claimed_at, expires_at) VALUES (1, 1, ?, ?, ?)', pid, '2026-11-24T09:00:00.000Z', expires);
}
/** The id of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;

describe('leads log on a claimed lead', () => {
  it('piped: refused with exit 2 and the reason, nothing logged; --yes logs it', () => {
    claimed(process.pid);
    const r = leads(['log', '1', '1'], { db: ws.db });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`leads: lead 1 is on the screen of a calling session right now (process ${process.pid}): log it there, or give --yes to log it here as well; nothing was logged\n`);
    expect(calls()).toBe(0);
    expect(leads(['log', '1', '--undo'], { db: ws.db }).code).toBe(2);
    expect(leads(['log', '1', '1', '--yes'], { db: ws.db }).code).toBe(0);
    expect(calls()).toBe(1);
  });

  it('on a terminal: asked; no logs nothing (exit 1), yes logs', async () => {
    claimed(process.pid);
    const no = scriptedPrompter([false]);
    const r = await leadsInProcess(['log', '1', '1'], { db: ws.db, tty: true, prompter: no });
    expect(no.asked).toEqual([`lead 1 is on the screen of a calling session right now (process ${process.pid}). Log it here as well?`]);
    expect(r).toMatchObject({ code: 1, stderr: 'leads: nothing was logged\n' });
    expect(calls()).toBe(0);
    const yes = await leadsInProcess(['log', '1', '1'], { db: ws.db, tty: true, prompter: scriptedPrompter([true]) });
    expect(yes.code).toBe(0);
    expect(calls()).toBe(1);
  });

  it('a claim whose process has ended, or past its expiry, is no claim', () => {
    claimed(Number(deadPid()));
    expect(leads(['log', '1', '1'], { db: ws.db }).code).toBe(0);
    sql('UPDATE claims SET pid = ?, expires_at = ?', process.pid, '2000-01-01T00:00:00.000Z');
    expect(leads(['log', '1', '--undo'], { db: ws.db }).code).toBe(0);
  });
});

describe('claimHolds', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');
  it.each([
    { expires: '2026-11-24T12:05:00.000Z', alive: true, holds: true },
    { expires: '2026-11-24T12:05:00.000Z', alive: false, holds: false },
    { expires: '2026-11-24T12:00:00.000Z', alive: true, holds: false },
    { expires: '2026-11-24T11:00:00.000Z', alive: true, holds: false },
  ])('expires $expires, process alive $alive: holds $holds', ({ expires, alive, holds }) => {
    expect(claimHolds({ pid: 1, expires_at: expires }, now, () => alive)).toBe(holds);
  });
});
