// Stale cycle leads in `leads due`: a lead in the sales cycle with no next contact, or with
// one overdue by more than rules.stale_days (default 7), is marked stale.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leads, tempWorkspace } from '../helpers/cli.js';
import { cycleLead, exec, ok } from '../helpers/cycle.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const on = (day: string) => ({ db: ws.db, env: { LEADS_TODAY: day } });

function seed() {
  const longAgo = cycleLead(on('2026-11-02'), 'Ann', 'Old'); // follow-up 2026-11-03: 21 days overdue
  const recent = cycleLead(on('2026-11-18'), 'Bo', 'Recent'); // follow-up 2026-11-19: 5 days overdue
  const none = cycleLead(on('2026-11-10'), 'Cy', 'None');
  // a cycle lead left with no next contact (data from before follow-up dates were kept)
  exec(ws.db, 'UPDATE leads SET next_contact_at = NULL WHERE id = ?', none);
  const dnc = cycleLead(on('2026-11-02'), 'Di', 'Dnc');
  ok(['dnc', String(dnc)], on('2026-11-02'));
  return { longAgo, recent, none, dnc };
}

describe('leads due: stale cycle leads', () => {
  it('marks follow-ups overdue beyond the setting, and adds cycle leads with nothing due', () => {
    seed();
    const r = leads(['due'], on('2026-11-24'));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      [
        // no phone or address: their time is read in the user's own zone, and says so
        'due\toverdue\tkind\tid\tname\tcompany\tphone\ttheir time\tstage',
        '2026-11-03 09:00\t21 d\tfollow-up, stale\t1\tAnn Old\t\t\t12:00 UTC (yours)\tquote',
        '2026-11-19 09:00\t5 d\tfollow-up\t2\tBo Recent\t\t\t12:00 UTC (yours)\tquote',
        '\t\tstale\t3\tCy None\t\t\t12:00 UTC (yours)\tquote',
        '2026-11-03 09:00\t21 d\tstale\t4\tDi Dnc\t\t\t12:00 UTC (yours)\tquote',
        '',
      ].join('\n'),
    );
  });

  it('--json: each entry says whether it is stale', () => {
    const ids = seed();
    const j = JSON.parse(leads(['due', '--json'], on('2026-11-24')).stdout);
    expect(j.map((e: { id: number; kind: string; stale: boolean; due_at: string | null }) => [e.id, e.kind, e.stale, e.due_at])).toEqual([
      [ids.longAgo, 'follow_up', true, '2026-11-03T09:00:00.000Z'],
      [ids.recent, 'follow_up', false, '2026-11-19T09:00:00.000Z'],
      [ids.none, 'stale', true, null],
      [ids.dnc, 'stale', true, '2026-11-03T09:00:00.000Z'],
    ]);
  });

  it('follows rules.stale_days', () => {
    const ids = seed();
    ok(['config', 'set', 'rules.stale_days', '3'], on('2026-11-24'));
    const j = JSON.parse(leads(['due', '--json'], on('2026-11-24')).stdout);
    expect(j.find((e: { id: number }) => e.id === ids.recent)).toMatchObject({ kind: 'follow_up', stale: true });
  });

  it('a stale lead alone is something due (not "Nothing due.")', () => {
    const id = cycleLead(on('2026-11-10'), 'Ed');
    exec(ws.db, 'UPDATE leads SET next_contact_at = NULL WHERE id = ?', id);
    const r = leads(['due'], on('2026-11-24'));
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[1]).toBe('\t\tstale\t1\tEd Lead\t\t\t12:00 UTC (yours)\tquote');
  });

  it('sold and released leads are never stale', () => {
    const sold = cycleLead(on('2026-11-02'), 'Flo');
    ok(['stage', String(sold), 'application'], on('2026-11-02'));
    ok(['stage', String(sold), 'delivery'], on('2026-11-02'));
    ok(['stage', String(sold), 'sold'], on('2026-11-02'));
    const gone = cycleLead(on('2026-11-02'), 'Gus');
    ok(['release', String(gone)], on('2026-11-02'));
    expect(leads(['due', '--json'], on('2026-11-24')).stdout).toBe('[]\n');
  });
});
