// leads imports undo: an import taken back after some of its leads were called. The leads
// nothing happened to go, the fields it changed on leads already there come back if
// unchanged since, what stays is listed with the reason; atomic; shown as undone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leadsInProcess, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';
import { query } from '../helpers/cycle.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const run = (args: string[], o: { tty?: boolean; answers?: boolean[] } = {}) =>
  leadsInProcess(args, { db: ws.db, tty: o.tty, prompter: o.answers ? scriptedPrompter(o.answers) : undefined });
const q = (sql: string, ...params: unknown[]) => query(ws.db, sql, ...params);
const file = (name: string, text: string) => {
  const p = join(ws.dir, name);
  writeFileSync(p, text);
  return p;
};

/** Two leads there before; an import that adds three, fills one's empty email and overwrites the other's city. */
async function setUp() {
  await run(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '617-555-0134', '--city', 'Salem']);
  await run(['add', '--first', 'Bo', '--last', 'Chan', '--phone', '312-555-0100']);
  const f = file('list.csv', [
    'First Name,Last Name,Phone,Email,City',
    'Ann,Baker,617-555-0134,,Boston',
    'Bo,Chan,312-555-0100,bo@chan.example,',
    'Cy,Dunn,503-555-0103,,',
    'Di,Eno,503-555-0104,,',
    'Ed,Fox,503-555-0105,,',
  ].join('\n') + '\n');
  const r = JSON.parse((await run(['import', f, '--on-duplicate', 'update', '--json'])).stdout);
  expect(r).toMatchObject({ inserted: 3, updated: 2 });
  return r.import_id as number;
}

describe('leads imports undo', () => {
  it('after some of its leads were called: the untouched go, the called stay, the changed fields come back', async () => {
    const id = await setUp();
    const dunn = q("SELECT id FROM leads WHERE last_name = 'Dunn'")[0].id as number;
    expect((await run(['log', String(dunn), '3'])).code).toBe(0);
    expect((await run(['note', String(q("SELECT id FROM leads WHERE last_name = 'Fox'")[0].id), 'asked for a brochure'])).code).toBe(0);
    // Bo's email edited by hand after the import: it stays
    expect((await run(['edit', '2', '--email', 'bo@chanco.example'])).code).toBe(0);

    const dry = await run(['imports', 'undo', String(id), '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toBe(`dry run: undoing import ${id}: 1 lead to remove, 1 lead to put back, 3 leads to keep; nothing changed\n`);
    expect(dry.stdout).toContain(`keep      #${dunn} Cy Dunn: called since`);
    expect(q('SELECT count(*) AS n FROM leads')[0].n).toBe(5);

    const r = await run(['imports', 'undo', String(id), '--yes', '--json']);
    expect(r.stderr).toBe(`import ${id} undone: 1 lead removed, 1 lead put back, 3 leads kept\n`);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.removed).toHaveLength(1);
    expect(j.restored).toEqual([{ id: 1, fields: ['city'] }]);
    expect(j.kept).toEqual([
      { id: dunn, reason: 'called since' },
      { id: expect.any(Number), reason: 'has a note since' },
      { id: 2, reason: 'email changed since' },
    ]);
    expect(q('SELECT last_name FROM leads ORDER BY id').map((l) => l.last_name)).toEqual(['Baker', 'Chan', 'Dunn', 'Fox']);
    expect(q('SELECT city, phone_e164 FROM leads WHERE id = 1')[0]).toEqual({ city: 'Salem', phone_e164: '+16175550134' });
    expect(q('SELECT email FROM leads WHERE id = 2')[0].email).toBe('bo@chanco.example');
    // the called lead keeps its history; the put-back lead keeps the import's touch, and the undo is a touch of its own
    expect(q("SELECT channel FROM touches WHERE lead_id = ? ORDER BY id", dunn).map((t) => t.channel)).toEqual(['import', 'call']);
    expect(q('SELECT channel, import_id, note FROM touches WHERE lead_id = 1 ORDER BY id')).toEqual([
      { channel: 'edit', import_id: null, note: 'added by hand' },
      { channel: 'import', import_id: id, note: null },
      { channel: 'undo', import_id: id, note: `import ${id} taken back: city put back` },
    ]);
    // a lead the undo did not change gets no touch
    expect(q("SELECT count(*) AS n FROM touches WHERE lead_id = 2 AND channel = 'undo'")[0].n).toBe(0);

    const list = await run(['imports']);
    expect(list.stdout.split('\n')[1].split('\t').at(-1)).toMatch(/^2026-11-24/);
    expect(JSON.parse((await run(['imports', '--json'])).stdout)[0].undone_at).toMatch(/^2026-11-24/);
    // once only
    const again = await run(['imports', 'undo', String(id), '--yes']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^leads: import \d+ was undone already/);
  });

  it('asks on a terminal; without one it wants --yes; an unknown import is exit 1', async () => {
    const id = await setUp();
    const piped = await run(['imports', 'undo', String(id)]);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('add --yes');
    const no = await run(['imports', 'undo', String(id)], { tty: true, answers: [false] });
    expect(no.code).toBe(1);
    expect(q('SELECT count(*) AS n FROM leads')[0].n).toBe(5);
    const yes = await run(['imports', 'undo', String(id)], { tty: true, answers: [true] });
    expect(yes.code).toBe(0);
    expect(q('SELECT count(*) AS n FROM leads')[0].n).toBe(2);
    expect((await run(['imports', 'undo', '99', '--yes'])).code).toBe(1);
  });

  it('the same file imported again after an undo adds its leads again', async () => {
    const id = await setUp();
    await run(['imports', 'undo', String(id), '--yes']);
    const r = JSON.parse((await run(['import', join(ws.dir, 'list.csv'), '--json'])).stdout);
    expect(r).toMatchObject({ inserted: 3, imported_before: null });
  });
});

describe('leads imports undo: one file that changes a lead twice', () => {
  it('two rows repeating one lead are taken back together: the lead as it was before the first, both touches kept', async () => {
    expect((await run(['import', file('a.csv', 'First Name,Last Name,Phone\nAnn,Baker,617-555-0134\n')])).code).toBe(0);
    const twice = file('b.csv', 'First Name,Last Name,Phone,Fav,Colour\nAnn,Baker,617-555-0134,red,\nAnn,Baker,617-555-0134,,blue\n');
    expect((await run(['import', twice])).code).toBe(0);
    const changed = q("SELECT extra FROM leads WHERE last_name = 'Baker'")[0].extra as string;
    expect(q("SELECT count(*) AS n FROM touches WHERE channel = 'import'")).toEqual([{ n: 3 }]);
    // before: the import put something there to take back, so the check below can fail
    expect(JSON.parse(changed)).toMatchObject({ Fav: 'red', Colour: 'blue' });
    const r = await run(['imports', 'undo', '2', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/changed since/);
    expect(q("SELECT extra FROM leads WHERE last_name = 'Baker'")).toEqual([{ extra: null }]);
    // every import touch stays in the history, and the undo is one touch
    expect(q("SELECT count(*) AS n FROM touches WHERE channel = 'import'")).toEqual([{ n: 3 }]);
    expect(q("SELECT count(*) AS n FROM touches WHERE channel = 'undo'")).toEqual([{ n: 1 }]);
  });
});
