// leads call in a real terminal (tmux): keys typed as a user types them, the database checked
// afterwards; a session killed with SIGKILL; a session writing while other processes write.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, ROOT, leads, leadsAsync, tempWorkspace } from '../helpers/cli.js';
import { exitCodeOf, hasTmux, occurrences, Tmux } from './tmux.js';

let ws: ReturnType<typeof tempWorkspace>;
let term: Tmux | undefined;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => {
  term?.kill();
  term = undefined;
  ws.cleanup();
});

// 15:00 UTC: 10:00 in Boston, 9:00 in Chicago, inside calling hours
const TODAY = '2026-11-24 15:00';
const env = () => ({ PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', LEADS_DB: ws.db, LEADS_TODAY: TODAY, TERM: 'xterm-256color' });
const run = (...args: string[]) => leads(args, { db: ws.db, env: { LEADS_TODAY: TODAY } });

function rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

function seed() {
  for (const [first, last, phone] of [['Ann', 'Baker', '617-555-0100'], ['Bo', 'Chan', '312-555-0100'], ['Cy', 'Dunn', '617-555-0199']]) {
    expect(run('add', '--first', first, '--last', last, '--phone', phone).code).toBe(0);
  }
}

/** Starts `leads call ARGS` in tmux; its exit code lands in a file when it ends. */
function startSession(args = ''): { exitFile: string } {
  term = new Tmux(env());
  const exitFile = join(ws.dir, 'exit-code');
  term.start(`node ${BIN} call ${args}; echo $? > ${exitFile}`);
  return { exitFile };
}

describe.skipIf(!hasTmux())('leads call in a terminal', () => {
  it('two outcomes logged, one undone, quit: the database holds exactly the expected touches', async () => {
    seed();
    const { exitFile } = startSession();
    const t = term!;
    await t.waitFor((s) => s.includes('#1 Ann Baker') && s.includes('outcome>'), 'the first card');
    t.keys('2'); // one keystroke: send letter
    // Ann has no postal address: Enter leaves the letter waiting for one
    await t.waitFor((s) => s.includes('Street for the letter (Enter to skip'), 'the address prompt');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('Note (Enter for none)'), 'the note prompt');
    t.type('sent the brochure');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('#2 Bo Chan') && occurrences(s, 'outcome>') === 2, 'the second card');
    t.keys('3');
    await t.waitFor((s) => s.includes('result: a no answer'), 'the result prompt');
    t.keys('v');
    await t.waitFor((s) => occurrences(s, 'Note (Enter for none)') === 2, 'the second note prompt');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('#3 Cy Dunn') && occurrences(s, 'outcome>') === 3, 'the third card');
    t.keys('u');
    await t.waitFor((s) => s.includes('undid code 3 for #2 Bo Chan') && occurrences(s, 'outcome>') === 4, 'the undo');
    t.keys('q');
    expect(await exitCodeOf(exitFile, term)).toBe(0);

    const screen = t.screen();
    expect(screen).toMatch(/✓ #1 code 2 send letter \(\d:\d\d\); letter for tonight's sort/);
    // 9:00 in Chicago tried: midday there the next day, 17:00 UTC
    expect(screen).toMatch(/✓ #2 code 3 not available \(\d:\d\d\); next contact 2026-11-25 17:00/);
    expect(screen).toMatch(/Session ended\s+length +under a minute\s+leads shown +4\s+calls +1\s+reached +1/);
    expect(rows('SELECT lead_id, channel, code, result, note, session_id FROM touches ORDER BY id')).toEqual([
      { lead_id: 1, channel: 'edit', code: null, result: null, note: 'added by hand', session_id: null },
      { lead_id: 2, channel: 'edit', code: null, result: null, note: 'added by hand', session_id: null },
      { lead_id: 3, channel: 'edit', code: null, result: null, note: 'added by hand', session_id: null },
      { lead_id: 1, channel: 'call', code: 2, result: null, note: 'sent the brochure', session_id: 1 },
      { lead_id: 2, channel: 'undo', code: 3, result: null, note: 'undid the call with code 3', session_id: 1 },
    ]);
    expect(rows('SELECT lead_id, kind, batch_id FROM batch_items')).toEqual([{ lead_id: 1, kind: 'letter', batch_id: null }]);
    expect(rows('SELECT id, code, touch_count, attempts, last_called_at FROM leads ORDER BY id')).toEqual([
      { id: 1, code: 2, touch_count: 1, attempts: 0, last_called_at: '2026-11-24T15:00:00.000Z' },
      { id: 2, code: null, touch_count: 0, attempts: 0, last_called_at: null },
      { id: 3, code: null, touch_count: 0, attempts: 0, last_called_at: null },
    ]);
    expect(rows('SELECT calls, reached, ended_at FROM sessions')).toEqual([{ calls: 1, reached: 1, ended_at: '2026-11-24T15:00:00.000Z' }]);
  });

  it('a number + Enter picks a two-digit code; Ctrl-C ends the session with exit 130, outcomes kept', async () => {
    seed();
    expect(run('codes', 'add', '12', 'meeting booked', '--action', 'callback').code).toBe(0);
    const { exitFile } = startSession();
    const t = term!;
    await t.waitFor((s) => s.includes('outcome>'), 'the first card');
    t.keys('1', '2'); // 1 begins 12: the keys wait, and 12 is a whole choice
    await t.waitFor((s) => s.includes('Call back when?'), 'the date prompt');
    t.type('tomorrow 10:30');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('Note (Enter for none)'), 'the note prompt');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('#2 Bo Chan'), 'the second card');
    t.keys('1', 'Enter'); // 1 + Enter: not interested
    await t.waitFor((s) => occurrences(s, 'Note (Enter for none)') === 2, 'the second note prompt');
    t.type('moved to Ohio, half typ');
    await t.waitFor((s) => s.includes('moved to Ohio, half typ'), 'the note typed');
    t.keys('C-c');
    expect(await exitCodeOf(exitFile, term)).toBe(130);
    expect(t.screen()).toContain('Session ended (Ctrl-C)');
    expect(t.screen()).toContain('leads: interrupted: the 2 calls logged in this session are saved; code 1 for #2 is saved with the note typed');
    // the note as far as it was typed is kept with its call
    expect(rows("SELECT lead_id, code, note FROM touches WHERE channel = 'call' ORDER BY id")).toEqual([
      { lead_id: 1, code: 12, note: null },
      { lead_id: 2, code: 1, note: 'moved to Ohio, half typ' },
    ]);
    expect(rows('SELECT next_contact_at FROM leads WHERE id = 1')).toEqual([{ next_contact_at: '2026-11-25T10:30:00.000Z' }]);
  });

  it('a session killed with SIGKILL after an outcome keeps that outcome', async () => {
    seed();
    term = new Tmux(env());
    const t = term;
    t.start(`exec node ${BIN} call`);
    await t.waitFor((s) => s.includes('outcome>'), 'the first card');
    t.keys('4');
    await t.waitFor((s) => s.includes('Call back when?'), 'the date prompt');
    t.type('fri 11:00');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('Note (Enter for none)'), 'the note prompt');
    t.type('asked for the price list');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('✓ #1 code 4 call back') && s.includes('#2 Bo Chan'), 'the outcome and the next card');
    t.keys('2'); // typing on the next lead when the power goes
    process.kill(t.panePid(), 'SIGKILL');
    await t.ended();

    expect(rows("SELECT lead_id, code, note, session_id FROM touches WHERE channel = 'call'")).toEqual([
      { lead_id: 1, code: 4, note: 'asked for the price list', session_id: 1 },
    ]);
    expect(rows('SELECT code, next_contact_at FROM leads WHERE id = 1')).toEqual([{ code: 4, next_contact_at: '2026-11-27T11:00:00.000Z' }]);
    expect(rows('SELECT calls, ended_at FROM sessions')).toEqual([{ calls: 1, ended_at: null }]);
    const show = run('show', '1', '--json');
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ code: 4 });
  });

  it('other processes writing at the same time (sort, log, import, report): nobody sees "database is locked"', async () => {
    seed();
    expect(run('add', '--first', 'Di', '--last', 'Ames', '--phone', '617-555-0142').code).toBe(0);
    for (const [k, v] of Object.entries({
      'sender.name': 'Sam Seller', 'sender.company': 'Seller & Co', 'sender.street': '1 Main St', 'sender.city': 'Boston',
      'sender.region': 'MA', 'sender.postal_code': '02139', 'sender.email': 'sam@seller.example', 'sender.phone': '617-555-0000',
    })) expect(run('config', 'set', k, v).code).toBe(0);
    // 400 leads with a pending letter each: tonight's sort has work to do while the session runs
    const db = new Database(ws.db);
    db.transaction(() => {
      for (let i = 0; i < 400; i++) {
        const id = Number(
          db.prepare(`INSERT INTO leads (first_name, last_name, street, city, region, postal_code, phone, code, last_called_at, next_contact_at, created_at, updated_at)
                      VALUES (?, 'Mailer', '2 Elm St', 'Boston', 'MA', '02139', '617-555-1000', 2, '2026-11-23T15:00:00.000Z', '2026-12-23T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`)
            .run(`M${i}`).lastInsertRowid,
        );
        const touch = Number(db.prepare("INSERT INTO touches (lead_id, at, channel, code) VALUES (?, '2026-11-23T15:00:00.000Z', 'call', 2)").run(id).lastInsertRowid);
        db.prepare("INSERT INTO batch_items (lead_id, touch_id, kind) VALUES (?, ?, 'letter')").run(id, touch);
      }
    })();
    db.close();
    const csv = join(ws.dir, 'more.csv');
    writeFileSync(csv, 'First Name,Last Name,Phone\n' + Array.from({ length: 5000 }, (_, i) => `Imp${i},Row${i},(212) 555-${String(i).padStart(4, '0')}`).join('\n') + '\n');
    const canImport = existsSync(join(ROOT, 'dist', 'commands', 'import.js'));

    const { exitFile } = startSession();
    const t = term!;
    await t.waitFor((s) => s.includes('outcome>'), 'the first card');

    const outputs: { args: string[]; code: number; out: string }[] = [];
    const spawnOne = (args: string[]) =>
      new Promise<void>((resolve) => {
        const p = leadsAsync(args, { db: ws.db, env: { LEADS_TODAY: TODAY }, cwd: ws.dir });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (out += d));
        p.on('close', (code) => {
          outputs.push({ args, code: code ?? -1, out });
          resolve();
        });
      });
    const writers = [
      spawnOne(['sort', '--out', join(ws.dir, 'batches')]),
      ...(canImport ? [spawnOne(['import', csv, '--list', 'more'])] : []),
      ...Array.from({ length: 6 }, (_, i) => spawnOne(['log', String(5 + i), '1', '--note', 'concurrent'])),
      // readers too: a report reads every touch of the month while the others write (issue 8)
      spawnOne(['report', '--period', 'month', '--json']),
      spawnOne(['report', '--by', 'code']),
    ];
    // meanwhile, at the phone: three outcomes and a note, each committed while the others write
    for (let n = 1; n <= 3; n++) {
      t.keys('1');
      await t.waitFor((s) => occurrences(s, 'Note (Enter for none)') === n, `note prompt ${n}`);
      t.keys('Enter');
      await t.waitFor((s) => occurrences(s, '✓ #') === n, `outcome ${n}`);
    }
    t.keys('n');
    await t.waitFor((s) => s.includes('? Note'), 'the note-only prompt');
    t.type('gatekeeper is Pam');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('note saved'), 'the note saved');
    await Promise.all(writers);
    t.keys('q');
    expect(await exitCodeOf(exitFile, term)).toBe(0);

    const screen = t.screen();
    for (const o of outputs) {
      expect(o.out, o.args.join(' ')).not.toMatch(/locked|busy/i);
      expect(o.code, `${o.args.join(' ')}: ${o.out}`).toBe(0);
    }
    expect(screen).not.toMatch(/locked|busy|internal error/i);
    expect(rows("SELECT count(*) AS n FROM touches WHERE channel = 'call' AND session_id = 1")).toEqual([{ n: 3 }]);
    expect(rows("SELECT count(*) AS n FROM touches WHERE channel = 'call' AND note = 'concurrent'")).toEqual([{ n: 6 }]);
    expect(rows("SELECT count(*) AS n FROM touches WHERE channel = 'note' AND note = 'gatekeeper is Pam'")).toEqual([{ n: 1 }]);
    expect(rows('SELECT count(*) AS n FROM batch_items WHERE batch_id IS NULL')).toEqual([{ n: 0 }]);
    if (canImport) expect(rows("SELECT count(*) AS n FROM leads WHERE list = 'more'")).toEqual([{ n: 5000 }]);
  });
});
