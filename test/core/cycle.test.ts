import { describe, expect, it } from 'vitest';
import {
  MOVES,
  OPEN_STAGES,
  STAGES,
  parseStage,
  pipeline,
  planMove,
  releasedColumns,
  requireInCycle,
  staleCutoff,
  isStruck,
  type Stage,
} from '../../dist/core/cycle.js';
import { RunError, UsageError } from '../../dist/core/errors.js';

const lead = (over: Record<string, unknown> = {}) =>
  ({ id: 7, status: 'cycle', stage: 'quote', thinking_count: 0, merged_into: null, ...over }) as never;

describe('stage moves', () => {
  // every (from, to) pair: allowed exactly when the table says so
  const allowed: Record<string, Stage[]> = {
    quote: ['thinking', 'application', 'done'],
    thinking: ['thinking', 'application', 'done'],
    application: ['thinking', 'delivery', 'done'],
    delivery: ['sold', 'done'],
  };
  for (const from of OPEN_STAGES) {
    for (const to of STAGES) {
      const ok = allowed[from].includes(to);
      it(`${from} → ${to} is ${ok ? 'allowed' : 'refused (exit 1, naming the allowed stages)'}`, () => {
        const l = lead({ stage: from, thinking_count: 1 });
        if (ok) {
          const m = planMove(l, to, 3);
          expect(m).toMatchObject({ from, to, thinkingCount: to === 'thinking' ? 2 : 1 });
        } else {
          let err: unknown;
          try {
            planMove(l, to, 3);
          } catch (e) {
            err = e;
          }
          expect(err).toBeInstanceOf(RunError);
          expect((err as Error).message).toContain(`can move to: ${MOVES[from].join(', ')}`);
        }
      });
    }
  }

  it('the strike is reached at the strikes setting, not before', () => {
    expect(planMove(lead({ stage: 'thinking', thinking_count: 1 }), 'thinking', 3).struck).toBe(false);
    expect(planMove(lead({ stage: 'thinking', thinking_count: 2 }), 'thinking', 3).struck).toBe(true);
    expect(planMove(lead({ stage: 'quote', thinking_count: 0 }), 'thinking', 1).struck).toBe(true);
    // moving on from thinking is not a strike, whatever the count
    expect(planMove(lead({ stage: 'thinking', thinking_count: 5 }), 'application', 3).struck).toBe(false);
  });

  it.each([
    [{ status: 'prospect', stage: null }, /its status is prospect/],
    [{ status: 'prospect', stage: 'done' }, /it was released \(stage done\)/],
    [{ status: 'sold', stage: 'sold' }, /it is sold/],
    [{ status: 'disqualified', stage: null }, /its status is disqualified/],
  ])('a lead not in the cycle (%o) is exit 1 saying where it is', (over, why) => {
    expect(() => requireInCycle(lead(over))).toThrow(RunError);
    expect(() => requireInCycle(lead(over))).toThrow(why);
    expect(() => requireInCycle(lead(over))).toThrow(/lead 7 is not in the sales cycle/);
  });

  it.each([
    ['quote', 'quote'],
    [' Thinking ', 'thinking'],
    ['DONE', 'done'],
  ])('parses the stage %j', (text, stage) => expect(parseStage(text)).toBe(stage));

  it.each(['', 'thinkin', 'closed', undefined])('an unknown stage %j is a usage error listing the stages', (text) => {
    expect(() => parseStage(text)).toThrow(UsageError);
    expect(() => parseStage(text)).toThrow('the stages are: quote, thinking, application, delivery, sold, done');
  });
});

describe('release and staleness', () => {
  it('a released lead is a prospect at done, counters closed, resting for the cool-off', () => {
    const now = new Date(2026, 10, 24, 12);
    expect(releasedColumns(now, 180)).toEqual({
      status: 'prospect',
      stage: 'done',
      stage_at: now.toISOString(),
      thinking_count: 0,
      next_contact_at: new Date(2027, 4, 23, 12).toISOString(),
    });
  });

  it.each([
    [{ status: 'cycle', thinking_count: 3, merged_into: null }, 3, true],
    [{ status: 'cycle', thinking_count: 2, merged_into: null }, 3, false],
    [{ status: 'cycle', thinking_count: 2, merged_into: null }, 2, true],
    [{ status: 'prospect', thinking_count: 3, merged_into: null }, 3, false],
    [{ status: 'cycle', thinking_count: 3, merged_into: 1 }, 3, false],
  ])('struck: %o at %i strikes → %s', (over, strikes, want) => {
    expect(isStruck(lead(over), strikes)).toBe(want);
  });

  it('the stale cutoff is the start of the day `days` days ago', () => {
    expect(staleCutoff(new Date(2026, 10, 24, 15, 30), 7)).toEqual(new Date(2026, 10, 17));
    expect(staleCutoff(new Date(2026, 0, 3, 1), 7)).toEqual(new Date(2025, 11, 27));
  });

  it('the pipeline groups by stage in the method order, longest in stage first', () => {
    const now = new Date(2026, 10, 24, 12);
    const at = (d: number) => new Date(2026, 10, d, 10).toISOString();
    const groups = pipeline(
      [
        { id: 1, stage: 'thinking', stage_at: at(20) },
        { id: 2, stage: 'quote', stage_at: at(23) },
        { id: 3, stage: 'quote', stage_at: at(10) },
        { id: 4, stage: 'delivery', stage_at: null },
        { id: 5, stage: 'quote', stage_at: at(23) },
      ],
      now,
    );
    expect(groups.map((g) => [g.stage, g.leads.map((l) => [l.id, l.days_in_stage])])).toEqual([
      ['quote', [[3, 14], [2, 1], [5, 1]]],
      ['thinking', [[1, 4]]],
      ['application', []],
      ['delivery', [[4, null]]],
    ]);
  });
});
