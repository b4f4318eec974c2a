import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANSI, leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { addLead, cycleLead, finish, ok, stage } from '../helpers/cycle.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const on = (day: string) => ({ db: ws.db, env: { LEADS_TODAY: day } });

/** Four leads across the pipeline, moved on different days; one sold, one released, one prospect. */
function seed() {
  const ann = cycleLead(on('2026-11-02'), 'Ann', 'Baker'); // quote since the 2nd
  const bo = cycleLead(on('2026-11-02'), 'Bo', 'Cole');
  stage(on('2026-11-10'), bo, 'thinking', '--next', '2026-11-30'); // thinking since the 10th
  const cy = cycleLead(on('2026-11-20'), 'Cy', 'Dunn'); // quote since the 20th
  const di = cycleLead(on('2026-11-02'), 'Di', 'Ek');
  stage(on('2026-11-03'), di, 'application', '--next', '+1w');
  stage(on('2026-11-04'), di, 'delivery', '--next', '+1w');
  const sold = cycleLead(on('2026-11-02'), 'Ed', 'Sold');
  stage(on('2026-11-03'), sold, 'application');
  stage(on('2026-11-03'), sold, 'delivery');
  stage(on('2026-11-03'), sold, 'sold');
  const gone = cycleLead(on('2026-11-02'), 'Flo', 'Gone');
  ok(['release', String(gone)], on('2026-11-03'));
  addLead({ db: ws.db }, '--first', 'Gus', '--last', 'Prospect');
  return { ann, bo, cy, di };
}

describe('leads list --status cycle: the pipeline', () => {
  it('piped: one table, by stage in the method order, longest in stage first, with days in stage', () => {
    seed();
    const r = leads(['list', '--status', 'cycle'], { db: ws.db });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      [
        'stage\tid\tname\tcompany\tphone\tdays\tthinking\tnext',
        'quote\t1\tAnn Baker\t\t\t22\t0\t2026-11-03 09:00',
        'quote\t3\tCy Dunn\t\t\t4\t0\t2026-11-23 09:00',
        'thinking\t2\tBo Cole\t\t\t14\t1\t2026-11-30 09:00',
        'delivery\t4\tDi Ek\t\t\t20\t0\t2026-11-11 09:00',
        '',
      ].join('\n'),
    );
  });

  it('on a terminal: a heading per stage with its count', async () => {
    seed();
    const r = await leadsInProcess(['list', '--status', 'cycle'], { db: ws.db, tty: true, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    const headings = r.stdout.split('\n').filter((l) => /^[a-z]+ \(\d+\)$/.test(l));
    expect(headings).toEqual(['quote (2)', 'thinking (1)', 'application (0)', 'delivery (1)']);
    expect(r.stdout.indexOf('Ann Baker')).toBeLessThan(r.stdout.indexOf('Cy Dunn'));
    expect(r.stdout.indexOf('Cy Dunn')).toBeLessThan(r.stdout.indexOf('thinking (1)'));
  });

  it('--json: the lead objects in pipeline order with stage_at and days_in_stage', () => {
    seed();
    const j = JSON.parse(leads(['list', '--status', 'cycle', '--json'], { db: ws.db }).stdout);
    expect(j.map((l: { id: number; stage: string; days_in_stage: number }) => [l.id, l.stage, l.days_in_stage])).toEqual([
      [1, 'quote', 22],
      [3, 'quote', 4],
      [2, 'thinking', 14],
      [4, 'delivery', 20],
    ]);
    expect(j[0]).toMatchObject({ status: 'cycle', stage_at: '2026-11-02T12:00:00.000Z' });
  });

  it('other filters still apply; --sort gives the plain list', () => {
    seed();
    expect(leads(['list', '--status', 'cycle', '--stage', 'quote'], { db: ws.db }).stdout.trim().split('\n')).toHaveLength(3);
    const sorted = leads(['list', '--status', 'cycle', '--sort', 'name'], { db: ws.db });
    expect(sorted.stdout.split('\n')[0]).toBe('id\tname\tcompany\tphone\tcode\tstatus\ttouches\tnext');
  });

  it('an empty pipeline: the header only (piped)', () => {
    addLead({ db: ws.db }, '--first', 'Ann');
    expect(leads(['list', '--status', 'cycle'], { db: ws.db }).stdout).toBe('stage\tid\tname\tcompany\tphone\tdays\tthinking\tnext\n');
  });

  it('a lead back in the cycle for a second time starts its days again', () => {
    const id = cycleLead(on('2026-10-01'), 'Hal', 'Again');
    ok(['release', String(id)], on('2026-10-02'));
    finish(on('2026-11-20'), id);
    expect(leads(['list', '--status', 'cycle'], { db: ws.db }).stdout.split('\n')[1]).toBe('quote\t1\tHal Again\t\t\t4\t0\t2026-11-23 09:00');
  });
});
