import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leads, tempWorkspace } from '../helpers/cli.js';
import { addLead, cycleLead, exec, fileState, ok, query, showLead, stage } from '../helpers/cycle.js';

let ws: ReturnType<typeof tempWorkspace>;
let o: { db: string; env?: Record<string, string> };
beforeEach(() => {
  ws = tempWorkspace();
  o = { db: ws.db };
});
afterEach(() => ws.cleanup());

const on = (day: string) => ({ db: ws.db, env: { LEADS_TODAY: day } });
const ids = (args: string[]) => JSON.parse(leads([...args, '--json'], o).stdout).map((l: { id: number }) => l.id);

describe('leads merge', () => {
  it('one lead from two: empty fields filled, both histories in time order, OTHER an alias of KEEP', () => {
    const keep = addLead(on('2026-11-20'), '--first', 'Ann', '--last', 'Baker', '--phone', '617-555-0134', '--note', 'met at the fair');
    const other = addLead(on('2026-11-21'), '--first', 'Annie', '--last', 'Baker', '--email', 'ann@baker.example', '--city', 'Boston');
    ok(['log', String(other), '3'], on('2026-11-22'));
    ok(['note', String(keep), 'prefers mornings'], on('2026-11-23'));
    const r = leads(['merge', String(keep), String(other)], o);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'lead 2 is merged into lead 1',
        'filled      email, city',
        'kept apart  first_name (in the merge touch)',
        'touches     2 moved over, in time order',
        'alias       leads show 2 shows lead 1',
        '',
      ].join('\n'),
    );
    const lead = showLead(o, keep);
    expect(lead).toMatchObject({
      id: keep, first_name: 'Ann', email: 'ann@baker.example', city: 'Boston', phone: '617-555-0134', code: 3, touch_count: 1,
    });
    expect(lead.touches.map((t) => [t.at, t.channel, t.note ?? null])).toEqual([
      ['2026-11-20T12:00:00.000Z', 'edit', 'added by hand'],
      ['2026-11-20T12:00:00.000Z', 'note', 'met at the fair'],
      ['2026-11-21T12:00:00.000Z', 'edit', 'added by hand'],
      ['2026-11-22T12:00:00.000Z', 'call', null],
      ['2026-11-23T12:00:00.000Z', 'note', 'prefers mornings'],
      ['2026-11-24T12:00:00.000Z', 'merge', 'merged lead 2 into this one'],
    ]);
    expect(lead.touches.at(-1)).toMatchObject({
      data: {
        merged: other,
        filled: { email: 'ann@baker.example', city: 'Boston' },
        differing: { first_name: 'Annie' },
        flags: [],
        other: { status: 'prospect', code: 3, do_not_call: false },
      },
    });
    // the other id shows the kept lead; it is no longer a lead of its own anywhere
    expect(showLead(o, other).id).toBe(keep);
    expect(ids(['list'])).toEqual([keep]);
    expect(ids(['find', 'Baker'])).toEqual([keep]);
    // the email now matches the kept lead (its normalised column came with it)
    expect(query(ws.db, 'SELECT id FROM leads WHERE email_norm = ? AND merged_into IS NULL', 'ann@baker.example')).toEqual([{ id: keep }]);
    // the merged-away row is marked, not deleted: its id is never given to a new lead
    expect(query(ws.db, 'SELECT merged_into, do_not_call FROM leads WHERE id = ?', other)).toEqual([{ merged_into: keep, do_not_call: 1 }]);
    expect(addLead(o, '--first', 'Cy')).toBe(3);
  });

  it('unites do-not-contact flags: a do-not-call merged in stays do-not-call', () => {
    const keep = addLead(o, '--first', 'Bo', '--last', 'Cole');
    const other = addLead(o, '--first', 'Bo', '--last', 'Cole', '--phone', '555-0100');
    ok(['dnc', String(other), '--call', '--mail'], o);
    ok(['merge', String(keep), String(other)], o);
    expect(showLead(o, keep)).toMatchObject({ do_not_call: true, do_not_mail: true, do_not_email: false });
    expect(showLead(o, keep).touches.at(-1)).toMatchObject({ channel: 'merge', data: { flags: ['do_not_call', 'do_not_mail'] } });
    // the dnc touches came along
    expect(showLead(o, keep).touches.filter((t) => t.channel === 'dnc')).toHaveLength(2);
  });

  it('moves the other\'s pending batch items (a letter still goes out, to the kept lead)', () => {
    const keep = addLead(o, '--first', 'Cy', '--last', 'Dunn', '--street', '1 Main St', '--city', 'Boston');
    const other = addLead(o, '--first', 'Cy', '--last', 'Dunn');
    ok(['log', String(other), '2'], o);
    ok(['merge', String(keep), String(other)], o);
    expect(query(ws.db, 'SELECT lead_id, kind, batch_id FROM batch_items')).toEqual([{ lead_id: keep, kind: 'letter', batch_id: null }]);
  });

  it('keeps the kept lead in the cycle, and its stage works through either id', () => {
    const keep = cycleLead(o, 'Di', 'Ek');
    const other = addLead(o, '--first', 'Di', '--last', 'Ek', '--email', 'di@ek.example');
    ok(['merge', String(keep), String(other)], o);
    expect(showLead(o, keep)).toMatchObject({ status: 'cycle', stage: 'quote', email: 'di@ek.example' });
    expect(stage(o, other, 'thinking', '--next', '+1w').code).toBe(0);
    expect(showLead(o, keep)).toMatchObject({ stage: 'thinking', thinking_count: 1 });
  });

  it('a lead merged into a lead that is merged again still shows the last one', () => {
    const a = addLead(o, '--first', 'Ed', '--last', 'Fox');
    const b = addLead(o, '--first', 'Ed', '--last', 'Fox');
    const c = addLead(o, '--first', 'Ed', '--last', 'Fox');
    ok(['merge', String(b), String(c)], o);
    ok(['merge', String(a), String(b)], o);
    expect(showLead(o, c).id).toBe(a);
    expect(showLead(o, b).id).toBe(a);
    expect(showLead(o, a).touches.filter((t) => t.channel === 'merge')).toHaveLength(2);
    expect(ids(['list'])).toEqual([a]);
  });

  it('clears the duplicate flag between the two', () => {
    const a = addLead(o, '--first', 'Flo', '--last', 'Gray', '--phone', '617-555-0100');
    const b = addLead(o, '--first', 'Gus', '--last', 'Gray', '--phone', '617-555-0100');
    const c = addLead(o, '--first', 'Hal', '--last', 'Hunt', '--phone', '617-555-0100');
    // as an import flags a phone shared under another name
    exec(ws.db, 'UPDATE leads SET shares_with = ? WHERE id IN (?, ?)', a, b, c);
    expect(ids(['list', '--duplicates'])).toEqual([b, c]);
    ok(['merge', String(a), String(b)], o);
    expect(ids(['list', '--duplicates'])).toEqual([c]);
    ok(['merge', String(c), String(a)], o);
    expect(ids(['list', '--duplicates'])).toEqual([]);
  });

  it('--dry-run says what would change and changes no byte of the database', () => {
    const keep = addLead(o, '--first', 'Ida', '--last', 'Irons');
    const other = addLead(o, '--first', 'Ida', '--last', 'Irons', '--email', 'ida@irons.example');
    ok(['dnc', String(other), '--email'], o);
    const before = fileState(ws.db);
    const r = leads(['merge', String(keep), String(other), '--dry-run'], o);
    expect(r).toMatchObject({ code: 0, stderr: 'dry run: nothing changed\n' });
    expect(r.stdout).toBe(
      [
        'lead 2 would be merged into lead 1',
        'filled   email',
        'flags    do not email',
        'touches  2 would move over, in time order',
        'alias    leads show 2 would show lead 1',
        '',
      ].join('\n'),
    );
    const j = leads(['merge', String(keep), String(other), '--dry-run', '--json'], o);
    expect(JSON.parse(j.stdout)).toMatchObject({ dry_run: true, keep, other, filled: { email: 'ida@irons.example' }, flags: ['do_not_email'], moved: 2 });
    expect(fileState(ws.db)).toEqual(before);
  });

  it('--json gives the merge and the kept lead', () => {
    const keep = addLead(o, '--first', 'Jo');
    const other = addLead(o, '--first', 'Jo', '--city', 'Salem');
    const j = JSON.parse(leads(['merge', String(keep), String(other), '--json'], o).stdout);
    expect(j).toMatchObject({ dry_run: false, keep, other, filled: { city: 'Salem' }, moved: 1, lead: { id: keep, city: 'Salem' } });
  });
});

describe('leads merge: the other lead\'s numbers', () => {
  it('a phone, mobile or further phone the kept lead lacks becomes one of its further phones; one it holds is not repeated', () => {
    const keep = addLead(o, '--first', 'Jo', '--last', 'Kurz', '--phone', '617-555-0100');
    const other = addLead(o, '--first', 'Jo', '--last', 'Kurz', '--phone', '+1 617 555 0100', '--mobile', '617-555-0177');
    const j = JSON.parse(leads(['merge', String(keep), String(other), '--json'], o).stdout);
    // the mobile fills the kept lead's empty mobile; the same phone written otherwise (+1 ...) is not carried
    expect(j.lead).toMatchObject({ phone: '617-555-0100', mobile: '617-555-0177', other_phones: [] });
    const third = addLead(o, '--first', 'Jo', '--last', 'Kurz', '--phone', '617-555-0188', '--mobile', '617-555-0177');
    const k = JSON.parse(leads(['merge', String(keep), String(third), '--json'], o).stdout);
    expect(k.lead.other_phones).toEqual([{ label: `phone of lead ${third}`, number: '617-555-0188' }]);
    expect(k.filled).toMatchObject({ other_phones: '617-555-0188' });
  });
});

describe('leads merge refusals', () => {
  it('the same id twice is exit 2; two ids of one lead are exit 1', () => {
    const a = addLead(o, '--first', 'Ann');
    const b = addLead(o, '--first', 'Ann');
    expect(leads(['merge', String(a), String(a)], o)).toMatchObject({
      code: 2, stderr: 'leads: KEEP and OTHER are the same lead: give two lead ids\n',
    });
    ok(['merge', String(a), String(b)], o);
    const before = fileState(ws.db);
    expect(leads(['merge', String(a), String(b)], o)).toMatchObject({
      code: 1, stderr: 'leads: leads 1 and 2 are already one lead (lead 1)\n',
    });
    expect(leads(['merge', String(b), String(a)], o).code).toBe(1);
    expect(fileState(ws.db)).toEqual(before);
  });

  it('no such lead is exit 1; a bad id is exit 2', () => {
    addLead(o, '--first', 'Ann');
    expect(leads(['merge', '1', '9'], o)).toMatchObject({ code: 1, stderr: 'leads: no lead 9\n' });
    expect(leads(['merge', '1', 'x'], o)).toMatchObject({ code: 2, stderr: 'leads: OTHER must be a positive whole number, not "x"\n' });
    expect(leads(['merge', '1'], o).code).toBe(2);
  });

  it('a prospect cannot swallow a lead in the cycle: exit 1 saying which way round', () => {
    const prospect = addLead(o, '--first', 'Bo');
    const inCycle = cycleLead(o, 'Bo');
    const before = fileState(ws.db);
    expect(leads(['merge', String(prospect), String(inCycle)], o)).toMatchObject({
      code: 1,
      stderr: `leads: lead ${inCycle} is in the sales cycle and lead ${prospect} is not; keep the one further along: leads merge ${inCycle} ${prospect}\n`,
    });
    expect(fileState(ws.db)).toEqual(before);
    ok(['merge', String(inCycle), String(prospect)], o);
  });
});

describe('leads list --duplicates', () => {
  it('lists the leads flagged as sharing a phone or email, with the lead they share it with', () => {
    addLead(o, '--first', 'Ann', '--last', 'Baker', '--phone', '617-555-0100');
    addLead(o, '--first', 'Bo', '--last', 'Cole', '--phone', '617-555-0100', '--company', 'Cole Inc');
    addLead(o, '--first', 'Cy', '--last', 'Dunn');
    exec(ws.db, 'UPDATE leads SET shares_with = 1 WHERE id = 2');
    const r = leads(['list', '--duplicates'], o);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('id\tname\tcompany\tphone\temail\tshares_with\n2\tBo Cole\tCole Inc\t617-555-0100\t\t1\n');
    expect(JSON.parse(leads(['list', '--duplicates', '--json'], o).stdout)).toMatchObject([{ id: 2, shares_with: 1 }]);
  });

  it('none flagged: a header and no rows', () => {
    addLead(o, '--first', 'Ann');
    expect(leads(['list', '--duplicates'], o).stdout).toBe('id\tname\tcompany\tphone\temail\tshares_with\n');
  });
});
