// The sort serves a lead's last outcome of the day; a letter waiting for an address is
// listed in every batch until the lead has one or the letter is cancelled, and doctor
// counts those waiting.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { addLead, logCode, ok, readCsv, setSender } from '../helpers/batches.js';

process.env.TZ = 'UTC';

let ws: ReturnType<typeof tempWorkspace>;
let out: string;
beforeEach(() => {
  ws = tempWorkspace();
  out = join(ws.dir, 'out');
});
afterEach(() => ws.cleanup());

const sort = async (day: string) => {
  const r = await leadsInProcess(['sort', '--out', out, '--json'], { db: ws.db, env: { LEADS_TODAY: `${day} 20:00` } });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('the last outcome of the day', () => {
  it('a letter then an email for one lead the same day (two terminals): only the email is served', async () => {
    await setSender(ws.db);
    const ann = await addLead(ws.db, { first: 'Ann', last: 'Baker', street: '1 Main St', city: 'Boston', postal: '02110', email: 'ann@a.example' });
    await logCode(ws.db, ann, 2, { day: '2026-11-24 10:00' });
    await logCode(ws.db, ann, 5, { day: '2026-11-24 11:00' });
    const s = await sort('2026-11-24');
    expect(s.letters.count).toBe(0);
    expect(s.emails.count).toBe(1);
    expect(s.skipped.items).toEqual([expect.objectContaining({ lead_id: ann, kind: 'letter', reason: 'replaced by a later call' })]);
  });

  it('a letter, then "not interested" the same day: no letter goes out', async () => {
    await setSender(ws.db);
    const ann = await addLead(ws.db, { first: 'Ann', last: 'Baker', street: '1 Main St', city: 'Boston', postal: '02110' });
    await logCode(ws.db, ann, 2, { day: '2026-11-24 10:00' });
    await logCode(ws.db, ann, 1, { day: '2026-11-24 16:00' });
    const s = await sort('2026-11-24');
    expect(s).toMatchObject({ letters: { count: 0 }, skipped: { count: 1, reasons: { 'replaced by a later call': 1 } } });
  });

  it('undoing the later outcome gives the earlier one back to the sort', async () => {
    await setSender(ws.db);
    const ann = await addLead(ws.db, { first: 'Ann', last: 'Baker', street: '1 Main St', city: 'Boston', postal: '02110' });
    await logCode(ws.db, ann, 2, { day: '2026-11-24 10:00' });
    await logCode(ws.db, ann, 1, { day: '2026-11-24 16:00' });
    await ok(['log', String(ann), '--undo'], { db: ws.db, env: { LEADS_TODAY: '2026-11-24 16:05' } });
    expect((await sort('2026-11-24')).letters.count).toBe(1);
  });
});

describe('a letter waiting for an address', () => {
  it('is listed in every batch until the lead has one; makes no batch alone; doctor counts it; do-not-mail cancels it', async () => {
    await setSender(ws.db);
    const cy = await addLead(ws.db, { first: 'Cy', last: 'Dunn', phone: '(312) 555-0102' });
    const dee = await addLead(ws.db, { first: 'Dee', last: 'Ellis', street: '7 Elm St', city: 'Austin', postal: '78701', email: 'dee@e.example' });
    await logCode(ws.db, cy, 2, { day: '2026-11-23 10:00' });
    const first = await sort('2026-11-23');
    expect(first.letters).toMatchObject({ count: 0, needs_address: 1 });
    expect(readCsv(join(out, '2026-11-23', 'needs-address.csv'))).toEqual([expect.objectContaining({ lead_id: String(cy) })]);

    const doctor = await leadsInProcess(['doctor', '--json'], { db: ws.db });
    expect(JSON.parse(doctor.stdout).counts.letters_waiting_for_address).toBe(1);
    const said = await leadsInProcess(['doctor'], { db: ws.db });
    expect(said.stdout).toMatch(/needs address +1 letter\(s\) waiting for a postal address \(needs-address\.csv\)/);

    // nothing else to do: no batch
    expect(await sort('2026-11-24')).toMatchObject({ batch_id: null, letters: { count: 0, needs_address: 0 } });
    expect(existsSync(join(out, '2026-11-24'))).toBe(false);

    // another batch: the waiting letter is listed in it again
    await logCode(ws.db, dee, 5, { day: '2026-11-25 10:00' });
    const second = await sort('2026-11-25');
    expect(second).toMatchObject({ emails: { count: 1 }, letters: { needs_address: 1 } });
    expect(readCsv(join(out, '2026-11-25', 'needs-address.csv'))).toEqual([expect.objectContaining({ lead_id: String(cy) })]);

    // do-not-mail cancels it: the next batch says so once, and it waits no more
    await ok(['dnc', String(cy), '--mail'], { db: ws.db });
    await logCode(ws.db, dee, 6, { day: '2026-11-26 10:00' });
    const third = await sort('2026-11-26');
    expect(third.letters.needs_address).toBe(0);
    expect(third.skipped.items).toEqual([expect.objectContaining({ lead_id: cy, reason: 'do not mail' })]);
    expect(JSON.parse((await leadsInProcess(['doctor', '--json'], { db: ws.db })).stdout).counts.letters_waiting_for_address).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['2026-11-23', '2026-11-25', '2026-11-26']);
  });

  it('once the lead has an address, the next sort prints the letter', async () => {
    await setSender(ws.db);
    const cy = await addLead(ws.db, { first: 'Cy', last: 'Dunn', phone: '(312) 555-0102' });
    await logCode(ws.db, cy, 2, { day: '2026-11-23 10:00' });
    await sort('2026-11-23');
    await ok(['edit', String(cy), '--street', '9 Oak St', '--city', 'Chicago', '--postal-code', '60601'], { db: ws.db });
    const s = await sort('2026-11-24');
    expect(s.letters).toMatchObject({ count: 1, needs_address: 0 });
  });
});

describe("a follow-up's last note", () => {
  it('is never the text of an undo or an edit', async () => {
    await setSender(ws.db);
    const ann = await addLead(ws.db, { first: 'Ann', last: 'Baker', email: 'ann@a.example' });
    await logCode(ws.db, ann, 6, { day: '2026-11-24 10:00', note: 'quote for two vans' });
    await logCode(ws.db, ann, 3, { day: '2026-11-24 11:00' });
    await ok(['log', String(ann), '--undo'], { db: ws.db, env: { LEADS_TODAY: '2026-11-24 11:01' } });
    await ok(['edit', String(ann), '--city', 'Boston'], { db: ws.db, env: { LEADS_TODAY: '2026-11-24 11:02' } });
    const s = await sort('2026-11-24');
    expect(s.follow_ups.count).toBe(1);
    expect(readCsv(join(out, '2026-11-24', 'follow-ups.csv'))).toEqual([expect.objectContaining({ last_note: 'quote for two vans' })]);
  });
});
