import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leads, tempWorkspace } from '../helpers/cli.js';
import { addLead, cycleLead, history, ok, query, showLead, stage } from '../helpers/cycle.js';

let ws: ReturnType<typeof tempWorkspace>;
let o: { db: string; env?: Record<string, string> };
beforeEach(() => {
  ws = tempWorkspace();
  o = { db: ws.db };
});
afterEach(() => ws.cleanup());

const on = (day: string) => ({ db: ws.db, env: { LEADS_TODAY: day } });

describe('leads stage', () => {
  it('walks a lead quote → thinking → application → delivery → sold, one stage touch each', () => {
    const id = cycleLead(o, 'Ann', 'Baker');
    expect(showLead(o, id)).toMatchObject({ status: 'cycle', stage: 'quote', thinking_count: 0 });
    const moves = [
      ['thinking', '#1 Ann Baker: quote → thinking (thinking 1 of 3)\n'],
      ['application', '#1 Ann Baker: thinking → application\n'],
      ['delivery', '#1 Ann Baker: application → delivery\n'],
      ['sold', '#1 Ann Baker: delivery → sold (sold: out of the cycle)\n'],
    ];
    for (const [to, line] of moves) {
      const r = stage(o, id, to, '--next', '+3d');
      expect(r).toMatchObject({ code: 0, stdout: line, stderr: '' });
    }
    expect(showLead(o, id)).toMatchObject({ status: 'sold', stage: 'sold', thinking_count: 1, next_contact_at: '2026-11-27T09:00:00.000Z' });
    expect(history(o, id)).toEqual(['edit', 'call 6', 'stage thinking', 'stage application', 'stage delivery', 'stage sold']);
    const t = showLead(o, id).touches;
    expect(t[2]).toMatchObject({ channel: 'stage', stage: 'thinking', data: { from: 'quote', thinking_count: 1, strikes: 3 } });
    expect(t[3]).toMatchObject({ data: { from: 'thinking' } });
    // a sold lead is out of the cycle: any further move is refused
    const again = stage(o, id, 'done');
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toBe(`leads: lead ${id} is not in the sales cycle (it is sold); a call with code 6 puts a lead into it\n`);
  });

  it('a quote accepted at once goes straight to application, with no strike', () => {
    const id = cycleLead(o, 'Bo');
    ok(['stage', String(id), 'application', '--next', '2026-12-01'], o);
    expect(showLead(o, id)).toMatchObject({ stage: 'application', thinking_count: 0, next_contact_at: '2026-12-01T09:00:00.000Z' });
  });

  it('counts each thinking response; the third says release will let it go', () => {
    const id = cycleLead(o, 'Cy');
    stage(o, id, 'thinking', '--next', '+1w');
    const second = stage(o, id, 'thinking', '--next', '+1w');
    expect(second).toMatchObject({ code: 0, stdout: '#1 Cy Lead: thinking → thinking (thinking 2 of 3)\n', stderr: '' });
    const third = stage(o, id, 'thinking', '--note', 'still thinking', '--next', '+1w');
    expect(third.stdout).toBe('#1 Cy Lead: thinking → thinking (thinking 3 of 3)\n');
    expect(third.stderr).toBe('lead 1 has 3 thinking responses: `leads release` lets it go\n');
    expect(showLead(o, id)).toMatchObject({ status: 'cycle', stage: 'thinking', thinking_count: 3 });
    expect(showLead(o, id).touches.at(-1)).toMatchObject({ channel: 'stage', stage: 'thinking', note: 'still thinking' });
  });

  it('cold feet at application is another thinking response', () => {
    const id = cycleLead(o, 'Di');
    stage(o, id, 'application', '--next', '+2d');
    expect(stage(o, id, 'thinking', '--next', '+2d').stdout).toContain('application → thinking (thinking 1 of 3)');
  });

  it('the strike count follows the rules.strikes setting', () => {
    ok(['config', 'set', 'rules.strikes', '2'], o);
    const id = cycleLead(o, 'Ed');
    stage(o, id, 'thinking', '--next', '+1d');
    const r = stage(o, id, 'thinking', '--next', '+1d');
    expect(r.stdout).toContain('(thinking 2 of 2)');
    expect(r.stderr).toContain('lead 1 has 2 thinking responses');
  });

  it('done releases the lead (a release touch) as `leads release ID` does', () => {
    const id = cycleLead(o, 'Flo');
    const r = stage(o, id, 'done', '--note', 'went with a competitor');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('#1 Flo Lead: quote → done (released to the prospect list; callable again 2027-05-23 12:00)\n');
    expect(showLead(o, id)).toMatchObject({ status: 'prospect', stage: 'done', thinking_count: 0, next_contact_at: '2027-05-23T12:00:00.000Z' });
    expect(showLead(o, id).touches.at(-1)).toMatchObject({
      channel: 'release', stage: 'done', note: 'went with a competitor', data: { reason: 'chosen', from: 'quote', thinking_count: 0, cycle: 1 },
    });
  });

  it('keeps days in stage running through repeated thinking responses; a new stage starts them again', () => {
    const id = cycleLead(o, 'Gus');
    stage(on('2026-11-25'), id, 'thinking', '--next', '+1w');
    stage(on('2026-12-02'), id, 'thinking', '--next', '+1w');
    const [row] = query<{ stage_at: string }>(ws.db, 'SELECT stage_at FROM leads WHERE id = ?', id);
    expect(row.stage_at).toBe('2026-11-25T12:00:00.000Z');
    stage(on('2026-12-09'), id, 'application', '--next', '+1w');
    expect(query<{ stage_at: string }>(ws.db, 'SELECT stage_at FROM leads WHERE id = ?', id)[0].stage_at).toBe('2026-12-09T12:00:00.000Z');
  });

  it('warns when the lead is left with no next contact ahead', () => {
    const id = cycleLead(o, 'Hal');
    // the follow-up of code 6 is tomorrow 9:00; on the day after it has passed
    const r = stage(on('2026-11-26'), id, 'thinking');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('lead 1 has no next contact date ahead: give one with --next DATE\n');
  });

  it('--json prints the lead with the move', () => {
    const id = cycleLead(o, 'Ida');
    const r = stage(o, id, 'thinking', '--json', '--next', 'tomorrow');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id, stage: 'thinking', thinking_count: 1, from: 'quote', strikes: 3, struck: false });
  });

  it('follows the alias of a merged lead', () => {
    const keep = cycleLead(o, 'Jo', 'Kerr');
    const other = addLead(o, '--first', 'Jo', '--last', 'Kerr', '--email', 'jo@kerr.example');
    ok(['merge', String(keep), String(other)], o);
    expect(stage(o, other, 'thinking', '--next', '+1d').stdout).toBe(`#${keep} Jo Kerr: quote → thinking (thinking 1 of 3)\n`);
  });
});

describe('leads stage refusals', () => {
  it('a lead not in the cycle is exit 1 saying so, and nothing is recorded', () => {
    const id = addLead(o, '--first', 'Ann');
    const r = stage(o, id, 'thinking');
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'leads: lead 1 is not in the sales cycle (its status is prospect); a call with code 6 puts a lead into it\n',
    });
    expect(history(o, id)).toEqual(['edit']);
  });

  it('a released lead is not in the cycle either', () => {
    const id = cycleLead(o, 'Bo');
    ok(['release', String(id)], o);
    expect(stage(o, id, 'quote').stderr).toContain('(it was released (stage done))');
  });

  it('an unknown stage is exit 2 listing the stages', () => {
    const id = cycleLead(o, 'Cy');
    const r = stage(o, id, 'closed');
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'leads: unknown stage "closed"; the stages are: quote, thinking, application, delivery, sold, done\n',
    });
  });

  it('a move the method does not allow is exit 1 naming where the lead can go', () => {
    const id = cycleLead(o, 'Di');
    expect(stage(o, id, 'sold')).toMatchObject({
      code: 1,
      stderr: 'leads: lead 1 is at quote; from quote it can move to: thinking, application, done\n',
    });
    expect(stage(o, id, 'quote').stderr).toBe('leads: lead 1 is already at quote; from quote it can move to: thinking, application, done\n');
    expect(showLead(o, id)).toMatchObject({ stage: 'quote', thinking_count: 0 });
  });

  it('no such lead is exit 1; a bad id, a missing stage or a bad date is exit 2', () => {
    cycleLead(o, 'Ed');
    expect(stage(o, 99, 'thinking')).toMatchObject({ code: 1, stderr: 'leads: no lead 99\n' });
    expect(leads(['stage', 'x', 'thinking'], o).code).toBe(2);
    expect(leads(['stage', '1'], o).code).toBe(2);
    const bad = stage(o, 1, 'thinking', '--next', 'someday');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^leads: bad date "someday"/);
    expect(showLead(o, 1)).toMatchObject({ stage: 'quote', thinking_count: 0 });
  });
});
