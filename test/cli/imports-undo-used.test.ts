// leads imports undo never takes back what was used since the import: an address an email
// went to, a postal address a letter was printed with, a number a call was placed to.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leadsInProcess, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';
import { query } from '../helpers/cycle.js';
import { setSender } from '../helpers/batches.js';
import { interruptedLine } from '../../dist/cli/interrupt.js';
import { planUndo, type ChangeTouch } from '../../dist/core/import/undo.js';

process.env.TZ = 'UTC';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const run = async (args: string[], env: Record<string, string> = {}) => {
  const r = await leadsInProcess(args, { db: ws.db, env });
  return r;
};
const q = (sql: string, ...params: unknown[]) => query(ws.db, sql, ...params);

/** Ann was there with a phone only; the import fills her email and postal address. */
async function filled(): Promise<number> {
  expect((await run(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '617-555-0134'], { LEADS_TODAY: '2026-11-01' })).code).toBe(0);
  const f = join(ws.dir, 'list.csv');
  writeFileSync(f, 'First Name,Last Name,Phone,Email,Street,City,Zip\nAnn,Baker,617-555-0134,ann@baker.example,1 Main St,Boston,02110\n');
  const r = await run(['import', f, '--json'], { LEADS_TODAY: '2026-11-02' });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).import_id as number;
}

describe('imports undo after use', () => {
  it('an email sent to the address the import filled: the email stays, the unused address goes back, the undo is a touch', async () => {
    const id = await filled();
    await setSender(ws.db);
    expect((await run(['log', '1', '5'], { LEADS_TODAY: '2026-11-03' })).code).toBe(0);
    expect((await run(['sort', '--out', join(ws.dir, 'out')], { LEADS_TODAY: '2026-11-03 20:00' })).code).toBe(0);
    expect(q("SELECT count(*) AS n FROM touches WHERE channel = 'email'")[0].n).toBe(1);

    const r = await run(['imports', 'undo', String(id), '--yes', '--json'], { LEADS_TODAY: '2026-11-04' });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.restored).toEqual([{ id: 1, fields: ['street', 'city', 'postal_code'] }]);
    expect(j.kept).toEqual([{ id: 1, reason: 'email: an email went to it since' }]);
    expect(q('SELECT email, email_norm, street, city, postal_code FROM leads WHERE id = 1')[0]).toEqual({
      email: 'ann@baker.example', email_norm: 'ann@baker.example', street: null, city: null, postal_code: null,
    });
    expect(q("SELECT channel, note FROM touches WHERE lead_id = 1 AND channel IN ('import', 'undo') ORDER BY id")).toEqual([
      { channel: 'import', note: null },
      { channel: 'undo', note: `import ${id} taken back: street, city, postal_code put back` },
    ]);
    // a Ctrl-C after the work says what was done, not "nothing was changed"
    expect(interruptedLine()).toBe(`leads: interrupted: import ${id} is undone (0 leads removed, 1 lead put back, 1 lead kept)`);
  });

  it('a letter printed with the address: the address stays; the unused email goes back', async () => {
    const id = await filled();
    await setSender(ws.db);
    expect((await run(['log', '1', '2'], { LEADS_TODAY: '2026-11-03' })).code).toBe(0);
    expect((await run(['sort', '--out', join(ws.dir, 'out')], { LEADS_TODAY: '2026-11-03 20:00' })).code).toBe(0);
    const r = await run(['imports', 'undo', String(id), '--yes'], { LEADS_TODAY: '2026-11-04' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`put back  #1 Ann Baker (email)\nkeep      #1 Ann Baker: street, city, postal_code: a letter was printed with it since\n`);
    expect(q('SELECT email, street FROM leads WHERE id = 1')[0]).toEqual({ email: null, street: '1 Main St' });
  });

  it('a call placed to a number the import changed: the number stays', async () => {
    expect((await run(['add', '--first', 'Bo', '--last', 'Chan', '--email', 'bo@chan.example'], { LEADS_TODAY: '2026-11-01' })).code).toBe(0);
    const f = join(ws.dir, 'list.csv');
    writeFileSync(f, 'First Name,Last Name,Email,Phone\nBo,Chan,bo@chan.example,312-555-0100\n');
    const id = JSON.parse((await run(['import', f, '--json'], { LEADS_TODAY: '2026-11-02' })).stdout).import_id;
    expect((await run(['log', '1', '3'], { LEADS_TODAY: '2026-11-03' })).code).toBe(0);
    const r = await run(['imports', 'undo', String(id), '--yes', '--json'], { LEADS_TODAY: '2026-11-04' });
    expect(JSON.parse(r.stdout).kept).toEqual([{ id: 1, reason: 'phone: a call was placed to it since' }]);
    expect(q('SELECT phone_e164 FROM leads WHERE id = 1')[0].phone_e164).toBe('+13125550100');
  });

  it('asked on a terminal: the list first, then the question', async () => {
    const id = await filled();
    const p = scriptedPrompter([true]);
    const r = await leadsInProcess(['imports', 'undo', String(id)], { db: ws.db, tty: true, prompter: p });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('put back  #1 Ann Baker (email, street, city, postal_code)\n');
    expect(p.asked).toEqual([`Undo import ${id} (0 leads to remove, 1 lead to put back, 0 leads to keep)?`]);
  });
});

describe('planUndo: what was used is kept', () => {
  const touch = (since: string[], over: Partial<ChangeTouch> = {}): ChangeTouch => ({
    touch_id: 1, lead_id: 1, name: 'Ann', changed: ['email', 'city'], since, forgotten: false,
    before: { email: null, email_norm: null, city: 'Salem' },
    after: { email: 'a@b.example', email_norm: 'a@b.example', city: 'Boston' },
    current: { email: 'a@b.example', email_norm: 'a@b.example', city: 'Boston' },
    ...over,
  });
  it.each([
    { since: [], restored: ['email', 'city'], kept: null },
    { since: ['note', 'edit'], restored: ['email', 'city'], kept: null },
    { since: ['email'], restored: ['city'], kept: 'email: an email went to it since' },
    { since: ['letter'], restored: ['email'], kept: 'city: a letter was printed with it since' },
    { since: ['email', 'letter'], restored: null, kept: 'email: an email went to it since; city: a letter was printed with it since' },
    { since: ['call'], restored: ['email', 'city'], kept: null },
  ])('touches since $since', ({ since, restored, kept }) => {
    const p = planUndo([], [touch(since)]);
    expect(p.restore.map((r) => r.fields)).toEqual(restored ? [restored] : []);
    expect(p.kept.map((k) => k.reason)).toEqual(kept ? [kept] : []);
    // an email kept keeps its matching form too
    if (restored && !restored.includes('email')) expect(p.restore[0].columns).not.toHaveProperty('email_norm');
  });
});
