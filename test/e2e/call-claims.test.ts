// One lead, one session: two `leads call` sessions in two real terminals (tmux) on one
// database never show the same lead; a claim ends with the outcome, skip, quit, Ctrl-C or
// the death of its process; `leads log` on a lead on another session's screen refuses
// without a terminal unless --yes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, leads, leadsProcess, tempWorkspace } from '../helpers/cli.js';
import { exitCodeOf, hasTmux, occurrences, Tmux } from './tmux.js';

let ws: ReturnType<typeof tempWorkspace>;
let terms: Tmux[] = [];
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => {
  for (const t of terms) t.kill();
  terms = [];
  ws.cleanup();
});

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

/** Starts `leads call` in a terminal of its own; its exit code lands in a file when it ends. */
function session(name: string): { term: Tmux; exitFile: string } {
  const term = new Tmux(env());
  terms.push(term);
  const exitFile = join(ws.dir, `exit-${name}`);
  term.start(`node ${BIN} call; echo $? > ${exitFile}`);
  return { term, exitFile };
}

/** The lead the terminal's last card shows. */
const lastCard = (screen: string) => [...screen.matchAll(/#(\d) (Ann Baker|Bo Chan|Cy Dunn)/g)].at(-1)?.[1];

describe.skipIf(!hasTmux())('two calling sessions on one database', () => {
  it('never show one lead twice; a claim ends with the outcome, quit and Ctrl-C; log asks for --yes meanwhile', async () => {
    seed();
    const a = session('a');
    await a.term.waitFor((s) => s.includes('#1 Ann Baker') && s.includes('outcome>'), "A's first card");
    const b = session('b');
    await b.term.waitFor((s) => s.includes('outcome>'), "B's first card");
    expect(lastCard(b.term.screen())).toBe('2');

    // Ann is on A's screen: `leads log` without a terminal refuses and says why
    const refused = leadsProcess(['log', '1', '1'], { db: ws.db, env: { LEADS_TODAY: TODAY } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^leads: lead 1 is on the screen of a calling session right now \(process \d+\): log it there, or give --yes to log it here as well; nothing was logged\n$/);
    expect(rows("SELECT count(*) AS n FROM touches WHERE channel = 'call'")).toEqual([{ n: 0 }]);

    // A logs Ann: A's next card passes Bo (on B's screen) and shows Cy
    a.term.keys('2');
    await a.term.waitFor((s) => s.includes('Street for the letter'), "A's address prompt");
    a.term.keys('Enter');
    await a.term.waitFor((s) => s.includes('Note (Enter for none)'), "A's note prompt");
    a.term.keys('Enter');
    await a.term.waitFor((s) => occurrences(s, 'outcome>') === 2, "A's second card");
    expect(lastCard(a.term.screen())).toBe('3');
    // the outcome ended A's claim on Ann: logged by hand without a question
    expect(run('note', '1', 'asked for the brochure').code).toBe(0);

    // B quits: Bo is free again; A logs Cy and is shown Bo
    b.term.keys('q');
    expect(await exitCodeOf(b.exitFile, b.term)).toBe(0);
    a.term.keys('3');
    await a.term.waitFor((s) => s.includes('result: a no answer'), "A's result prompt");
    a.term.keys('a');
    await a.term.waitFor((s) => occurrences(s, 'Note (Enter for none)') === 2, "A's second note");
    a.term.keys('Enter');
    await a.term.waitFor((s) => occurrences(s, 'outcome>') === 3, "A's third card");
    expect(lastCard(a.term.screen())).toBe('2');

    // --yes goes on; Ctrl-C ends A's claim on Bo
    const forced = leadsProcess(['log', '2', '1', '--yes'], { db: ws.db, env: { LEADS_TODAY: TODAY } });
    expect(forced.code).toBe(0);
    a.term.keys('C-c');
    expect(await exitCodeOf(a.exitFile, a.term)).toBe(130);
    expect(rows('SELECT * FROM claims')).toEqual([]);
    expect(rows("SELECT lead_id, code FROM touches WHERE channel = 'call' ORDER BY id")).toEqual([
      { lead_id: 1, code: 2 },
      { lead_id: 3, code: 3 },
      { lead_id: 2, code: 1 },
    ]);
  }, 600_000);

  it("a session killed with SIGKILL leaves its lead free: its process is gone", async () => {
    seed();
    const a = session('a');
    await a.term.waitFor((s) => s.includes('#1 Ann Baker') && s.includes('outcome>'), "A's first card");
    const claim = rows<{ pid: number }>('SELECT pid FROM claims WHERE lead_id = 1');
    expect(claim).toHaveLength(1);
    process.kill(claim[0].pid, 'SIGKILL');
    expect(await exitCodeOf(a.exitFile, a.term)).toBe(137);
    // the row is still there, but its process is not: the lead is free
    expect(rows('SELECT lead_id FROM claims')).toEqual([{ lead_id: 1 }]);
    const b = session('b');
    await b.term.waitFor((s) => s.includes('outcome>'), "B's first card");
    expect(lastCard(b.term.screen())).toBe('1');
    b.term.keys('q');
    expect(await exitCodeOf(b.exitFile, b.term)).toBe(0);
    // the next session cleared the row the killed one left
    expect(rows('SELECT * FROM claims')).toEqual([]);
    expect(leadsProcess(['log', '1', '1'], { db: ws.db, env: { LEADS_TODAY: TODAY } }).code).toBe(0);
  }, 600_000);
});
