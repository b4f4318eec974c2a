import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leads, leadsAwaited, leadsInProcess, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';
import { addLead, cycleLead, fileState, finish, history, ok, query, showLead } from '../helpers/cycle.js';

let ws: ReturnType<typeof tempWorkspace>;
let o: { db: string; env?: Record<string, string> };
beforeEach(() => {
  ws = tempWorkspace();
  o = { db: ws.db };
});
afterEach(() => ws.cleanup());

const on = (day: string) => ({ db: ws.db, env: { LEADS_TODAY: day } });

/** A cycle lead with n thinking responses; awaited, so a test of many leads never holds its thread. */
async function thinking(name: string, n: number): Promise<number> {
  const id = cycleLead(o, name);
  for (let i = 0; i < n; i++) expect((await leadsAwaited(['stage', String(id), 'thinking', '--next', '+1w'], o)).code).toBe(0);
  return id;
}

const pendingFollowUps = (id: number) =>
  query(ws.db, "SELECT id FROM batch_items WHERE lead_id = ? AND kind = 'follow_up' AND batch_id IS NULL", id).length;

describe('leads release by count', () => {
  it('releases the leads at three thinking responses, and only them', async () => {
    const a = await thinking('Ann', 3);
    const b = await thinking('Bo', 2);
    const c = await thinking('Cy', 4);
    expect(pendingFollowUps(a)).toBe(1);
    const r = leads(['release', '--yes'], o);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('id\tname\tcompany\tstage\tthinking\tdays\n1\tAnn Lead\t\tthinking\t3\t0\n3\tCy Lead\t\tthinking\t4\t0\n');
    expect(r.stderr).toBe('released 2 leads to the prospect list; callable again from 2027-05-23 12:00\n');
    for (const id of [a, c]) {
      expect(showLead(o, id)).toMatchObject({ status: 'prospect', stage: 'done', thinking_count: 0, next_contact_at: '2027-05-23T12:00:00.000Z', code: 6 });
      expect(showLead(o, id).touches.at(-1)).toMatchObject({
        channel: 'release', stage: 'done', data: { reason: 'strikes', from: 'thinking', cycle: 1, follow_ups_cleared: 1 },
      });
      // released from the follow-up list too
      expect(pendingFollowUps(id)).toBe(0);
    }
    expect(showLead(o, a).touches.at(-1)).toMatchObject({ data: { thinking_count: 3 } });
    expect(showLead(o, b)).toMatchObject({ status: 'cycle', stage: 'thinking', thinking_count: 2 });
    expect(pendingFollowUps(b)).toBe(1);
    // the history is all there
    expect(history(o, a)).toEqual(['edit', 'call 6', 'stage thinking', 'stage thinking', 'stage thinking', 'release done']);
  });

  it('nothing to release is exit 0 and says so', async () => {
    await thinking('Ann', 2);
    const r = leads(['release'], o);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: 'nothing to release: no lead in the cycle has 3 thinking responses\n' });
    const j = leads(['release', '--json', '--yes'], o);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual({ dry_run: false, released: [] });
  });

  it('not a terminal and no --yes: exit 2 saying so, and nothing changes', async () => {
    const a = await thinking('Ann', 3);
    const before = fileState(ws.db);
    const r = leads(['release'], o);
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'leads: release would let go of 1 lead: add --yes to release without a terminal (--dry-run to see them)\n',
    });
    expect(fileState(ws.db)).toEqual(before);
    expect(showLead(o, a)).toMatchObject({ status: 'cycle', thinking_count: 3 });
  });

  it('on a terminal it lists the leads and asks; yes releases them', async () => {
    const a = await thinking('Ann', 3);
    const p = scriptedPrompter([true]);
    const r = await leadsInProcess(['release'], { db: ws.db, tty: true, prompter: p });
    expect(r.code).toBe(0);
    expect(p.asked).toEqual(['Release 1 lead to the prospect list?']);
    expect(r.stdout).toContain('Ann Lead');
    expect(r.stderr).toBe('released 1 lead to the prospect list; callable again from 2027-05-23 12:00\n');
    expect(showLead(o, a)).toMatchObject({ status: 'prospect', stage: 'done' });
  });

  it('on a terminal, no is exit 1 and nothing is released', async () => {
    const a = await thinking('Ann', 3);
    const before = fileState(ws.db);
    const r = await leadsInProcess(['release'], { db: ws.db, tty: true, prompter: scriptedPrompter([false]) });
    expect(r).toMatchObject({ code: 1, stderr: 'leads: nothing released\n' });
    expect(fileState(ws.db)).toEqual(before);
    expect(showLead(o, a)).toMatchObject({ status: 'cycle', thinking_count: 3 });
  });

  it('follows the strikes setting', async () => {
    ok(['config', 'set', 'rules.strikes', '2'], o);
    await thinking('Ann', 2);
    await thinking('Bo', 1);
    const r = leads(['release', '--yes', '--json'], o);
    expect(JSON.parse(r.stdout).released.map((l: { id: number }) => l.id)).toEqual([1]);
  });

  it('rests the released lead for the cool-off setting', async () => {
    ok(['config', 'set', 'rules.cool_off_days', '30'], o);
    const a = await thinking('Ann', 3);
    ok(['release', '--yes'], o);
    expect(showLead(o, a).next_contact_at).toBe('2026-12-24T12:00:00.000Z');
  });

  it('--json gives the released lead objects', async () => {
    await thinking('Ann', 3);
    const r = leads(['release', '--yes', '--json'], o);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.dry_run).toBe(false);
    expect(j.released).toHaveLength(1);
    expect(j.released[0]).toMatchObject({ id: 1, status: 'prospect', stage: 'done', thinking_count: 0 });
  });
});

describe('leads release by id', () => {
  it('releases the leads named as Done, whatever their count, without asking', async () => {
    const a = await thinking('Ann', 0);
    const b = await thinking('Bo', 1);
    const c = await thinking('Cy', 3);
    const r = leads(['release', String(a), String(b), String(a)], o);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').slice(1).map((l) => l.split('\t')[0])).toEqual(['1', '2']);
    expect(r.stderr).toBe('released 2 leads to the prospect list; callable again from 2027-05-23 12:00\n');
    expect(showLead(o, a).touches.at(-1)).toMatchObject({ channel: 'release', data: { reason: 'chosen', from: 'quote', thinking_count: 0 } });
    expect(showLead(o, b).touches.at(-1)).toMatchObject({ channel: 'release', data: { reason: 'chosen', thinking_count: 1 } });
    expect(showLead(o, c)).toMatchObject({ status: 'cycle', thinking_count: 3 });
    // one release touch each, even for an id given twice
    expect(history(o, a).filter((t) => t.startsWith('release'))).toHaveLength(1);
  });

  it('a lead not in the cycle is exit 1 naming it, and no lead is released', async () => {
    const a = await thinking('Ann', 3);
    const b = addLead(o, '--first', 'Bo');
    const before = fileState(ws.db);
    const r = leads(['release', String(a), String(b)], o);
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `leads: lead ${b} is not in the sales cycle (its status is prospect); a call with code 6 puts a lead into it\n`,
    });
    expect(fileState(ws.db)).toEqual(before);
    expect(leads(['release', '99'], o)).toMatchObject({ code: 1, stderr: 'leads: no lead 99\n' });
    expect(leads(['release', 'abc'], o).code).toBe(2);
  });

  it('a released lead released again is not in the cycle (exit 1)', async () => {
    const a = await thinking('Ann', 0);
    ok(['release', String(a)], o);
    expect(leads(['release', String(a)], o).stderr).toContain('it was released (stage done)');
  });
});

describe('leads release --dry-run', () => {
  it('by count: shows the leads and changes no byte of the database', async () => {
    await thinking('Ann', 3);
    await thinking('Bo', 1);
    const before = fileState(ws.db);
    const r = leads(['release', '--dry-run'], o);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('id\tname\tcompany\tstage\tthinking\tdays\n1\tAnn Lead\t\tthinking\t3\t0\n');
    expect(r.stderr).toBe('dry run: would release 1 lead to the prospect list; nothing changed\n');
    expect(fileState(ws.db)).toEqual(before);
    const j = leads(['release', '--dry-run', '--json', '--yes'], o);
    expect(JSON.parse(j.stdout)).toMatchObject({ dry_run: true, released: [{ id: 1, status: 'cycle', thinking_count: 3 }] });
    expect(fileState(ws.db)).toEqual(before);
  });

  it('by id: shows the leads and changes no byte of the database', async () => {
    const a = await thinking('Ann', 1);
    const before = fileState(ws.db);
    const r = leads(['release', String(a), '--dry-run'], o);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Ann Lead');
    expect(fileState(ws.db)).toEqual(before);
    expect(showLead(o, a)).toMatchObject({ status: 'cycle' });
  });
});

describe('the strike count across re-entries into the cycle', () => {
  it('counts thinking responses per cycle: a lead back in the cycle starts at zero', async () => {
    const a = await thinking('Ann', 2);
    ok(['release', String(a)], o);
    // after the cool-off, called again and finished again: a second cycle
    const later = on('2027-06-01');
    finish(later, a);
    expect(showLead(later, a)).toMatchObject({ status: 'cycle', stage: 'quote', thinking_count: 0 });
    expect(query(ws.db, 'SELECT cycles FROM leads WHERE id = ?', a)).toEqual([{ cycles: 2 }]);
    // awaited runs from here: this test's runs together could hold the thread past 60 s
    const strike = () => leadsAwaited(['stage', String(a), 'thinking', '--next', '+1w'], later);
    expect((await strike()).stdout).toContain('(thinking 1 of 3)');
    // two strikes in the first cycle and one in this one: not three
    expect((await leadsAwaited(['release'], later)).stderr).toBe('nothing to release: no lead in the cycle has 3 thinking responses\n');
    await strike();
    await strike();
    const r = await leadsAwaited(['release', '--yes', '--json'], later);
    expect(JSON.parse(r.stdout).released.map((l: { id: number }) => l.id)).toEqual([a]);
    expect(showLead(later, a).touches.at(-1)).toMatchObject({ channel: 'release', data: { reason: 'strikes', cycle: 2, thinking_count: 3 } });
  });
});
