// Ctrl-C at each prompt of the calling session: the last line says exactly what of the card
// on screen was kept and what was not; a note half typed is kept with a call that was saved.
// A full disk under the outcome's write: the card stays and the code can be given again.
process.env.TZ = 'UTC';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { Cancelled } from '../../dist/core/errors.js';
import type { Prompter } from '../../dist/cli/context.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const AT = '2026-11-24 15:00';
type Answer = string | { ctrlC: string } | (() => string);
/** Answers in order; `{ ctrlC: typed }` is Ctrl-C with that much typed; a function answers after doing something. */
function answers(list: Answer[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = async (m: string) => {
    asked.push(m);
    if (!list.length) throw new Error(`unexpected prompt: ${m}`);
    const a = list.shift()!;
    if (typeof a === 'function') return a();
    if (typeof a === 'object') throw new Cancelled('cancelled', a.ctrlC || undefined);
    return a;
  };
  return { asked, input: next, key: next, confirm: async (m) => (await next(m)) === 'y' };
}
const CTRL_C = { ctrlC: '' };

function session(p: Prompter, db = ws.db) {
  return leadsInProcess(['call'], { db, tty: true, prompter: p, env: { LEADS_TODAY: AT, NO_COLOR: '1' } });
}
function rows<T = Record<string, unknown>>(text: string, db = ws.db): T[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(text).all() as T[];
  } finally {
    d.close();
  }
}
const calls = (db = ws.db) => rows("SELECT lead_id, code, note FROM touches WHERE channel IN ('call', 'note') ORDER BY id", db);
function two(db = ws.db) {
  for (const [first, phone] of [['Ann', '617-555-0100'], ['Bo', '312-555-0100']]) {
    expect(leads(['add', '--first', first, '--last', 'Baker', '--phone', phone], { db, env: { LEADS_TODAY: '2026-11-01 09:00' } }).code).toBe(0);
  }
}

describe('Ctrl-C in the calling session says what was kept', () => {
  it.each([
    { at: 'the outcome prompt', script: [CTRL_C], line: 'no call was logged in this session', saved: [] },
    {
      at: 'the call-back date',
      script: ['1', '', '4', CTRL_C],
      line: 'the call logged in this session is saved; code 4 for #2 was not logged (it needs a call-back date)',
      saved: [{ lead_id: 1, code: 1, note: null }],
    },
    { at: 'the result of a retry', script: ['3', CTRL_C], line: 'no call was logged in this session; code 3 for #1 was not logged (it needs the result of the call)', saved: [] },
    { at: 'the email address', script: ['5', CTRL_C], line: 'no call was logged in this session; code 5 for #1 was not logged (it needs an email address)', saved: [] },
    { at: 'the postal address', script: ['2', '9 Oak St', CTRL_C], line: 'no call was logged in this session; code 2 for #1 was not logged (its postal address was not finished)', saved: [] },
    {
      at: 'the note, half typed',
      script: ['2', '', { ctrlC: 'wants the brochure in Span' }],
      line: 'the call logged in this session is saved; code 2 for #1 is saved with the note typed',
      saved: [{ lead_id: 1, code: 2, note: 'wants the brochure in Span' }],
    },
    { at: 'the note, empty', script: ['1', CTRL_C], line: 'the call logged in this session is saved; code 1 for #1 is saved', saved: [{ lead_id: 1, code: 1, note: null }] },
    {
      at: "the card's own note",
      script: ['n', { ctrlC: 'gatekeeper: ask for Mo' }],
      line: 'no call was logged in this session; the note typed on #1 is saved',
      saved: [{ lead_id: 1, code: null, note: 'gatekeeper: ask for Mo' }],
    },
    { at: "the card's own note, empty", script: ['n', CTRL_C], line: 'no call was logged in this session; no note was saved on #1', saved: [] },
  ])('at $at', async ({ script, line, saved }) => {
    two();
    const r = await session(answers(script));
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('Session ended (Ctrl-C)');
    expect(r.stderr).toBe(`leads: interrupted: ${line}\n`);
    expect(calls()).toEqual(saved);
    // the claim ended with the session
    expect(rows('SELECT * FROM claims')).toEqual([]);
  });
});

/** A tmpfs of its own (root only), to fill. */
function smallDisk(): string | null {
  const dir = join(ws.dir, 'disk');
  mkdirSync(dir);
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]).status === 0 ? dir : null;
}
/** Fills the disk to its last byte; the filler's path, to remove it. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    try {
      for (;;) writeSync(fd, block, 0, 512);
    } catch {
      // full
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

const canMount = process.getuid?.() === 0;

describe.skipIf(!canMount)('a full disk in the session', () => {
  let disk: string | null = null;
  afterEach(() => {
    if (disk) spawnSync('umount', [disk]);
  });

  it('the card stays, the message says the disk is full, the code given again once there is space is saved', async () => {
    disk = smallDisk();
    expect(disk).not.toBeNull();
    const db = join(disk!, 'leads.db');
    two(db);
    let filler = '';
    const p = answers([
      () => ((filler = fill(disk!)), '2'),
      '',
      'sent the brochure',
      // the write failed: the same card asks again; space is freed and the code given again
      () => (rmSync(filler), '2'),
      '',
      'sent the brochure',
      'q',
    ]);
    const r = await session(p, db);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the disk holding the database is full: code 2 for #1 was not saved; free some space, then give the code again');
    expect(r.stdout).not.toContain('internal error');
    // the same card, asked again
    expect(p.asked.filter((m) => m === 'outcome>')).toHaveLength(3);
    expect(r.stdout.split('#1 Ann Baker').length - 1).toBe(1);
    expect(calls(db)).toEqual([{ lead_id: 1, code: 2, note: 'sent the brochure' }]);
    expect(rows('SELECT lead_id, kind FROM batch_items', db)).toEqual([{ lead_id: 1, kind: 'letter' }]);
  });
});

describe('a letter for a lead without a postal address', () => {
  it('asks for the parts it lacks; the answers become the lead\'s, an edit touch says so, undo takes them back', async () => {
    two();
    const p = answers(['2', '9 Oak St', 'Chicago', '60601', '', 'sent the brochure', 'u', 'q']);
    const r = await session(p);
    expect(r.code, r.stderr).toBe(0);
    expect(p.asked.slice(1, 5)).toEqual([
      'Street for the letter (Enter to skip: it waits in needs-address.csv)',
      'City (Enter for none)',
      'Postal code (Enter for none)',
      'State/region (Enter for none)',
    ]);
    // undone: the address given with the call goes with it
    expect(rows('SELECT street, city, postal_code, region FROM leads WHERE id = 1')).toEqual([{ street: null, city: null, postal_code: null, region: null }]);
    const again = answers(['2', '9 Oak St', 'Chicago', '60601', 'IL', '', 'q']);
    expect((await session(again)).code).toBe(0);
    expect(rows('SELECT street, city, postal_code, region FROM leads WHERE id = 1')).toEqual([{ street: '9 Oak St', city: 'Chicago', postal_code: '60601', region: 'IL' }]);
    expect(rows("SELECT channel, data FROM touches WHERE lead_id = 1 AND channel = 'edit' AND data LIKE '%Oak%'")).toHaveLength(1);
  });
});
