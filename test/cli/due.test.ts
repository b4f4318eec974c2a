// leads due: call-backs and follow-ups due by a day, overdue first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leads, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const run = (...args: string[]) => leads(args, { db: ws.db, env: { LEADS_TODAY: '2026-11-24 15:00' } });
// registered before the calls back-filled with --at (a call cannot precede its lead)
const add = (first: string) =>
  Number(leads(['add', '--first', first, '--phone', '617-555-0100'], { db: ws.db, env: { LEADS_TODAY: '2026-11-01 09:00' } }).stdout);

function seed() {
  const ids = { today: add('Today'), overdue: add('Overdue'), tomorrow: add('Tomorrow'), cycle: add('Cycle'), retry: add('Retry'), fresh: add('Fresh'), dnc: add('Dnc') };
  run('log', String(ids.today), '4', '--at', '2026-11-20 10:00', '--next', 'today 16:00');
  run('log', String(ids.overdue), '4', '--at', '2026-11-18 10:00', '--next', '2026-11-21 09:00');
  run('log', String(ids.tomorrow), '4', '--next', 'tomorrow 11:00');
  run('log', String(ids.cycle), '6', '--at', '2026-11-20 10:00', '--next', '2026-11-23 10:00');
  run('log', String(ids.retry), '3', '--at', '2026-11-20 10:00');
  run('log', String(ids.dnc), '4', '--at', '2026-11-20 10:00', '--next', '2026-11-22 10:00');
  run('dnc', String(ids.dnc));
  return ids;
}

describe('leads due', () => {
  it('lists call-backs and follow-ups due by today, overdue first (piped: tab-separated)', () => {
    seed();
    const r = run('due');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'due\toverdue\tkind\tid\tname\tcompany\tphone\ttheir time\tstage',
        '2026-11-21 09:00\t3 d\tcall-back\t2\tOverdue\t\t617-555-0100\t10:00 EST\t',
        '2026-11-23 10:00\t1 d\tfollow-up\t4\tCycle\t\t617-555-0100\t10:00 EST\tquote',
        '2026-11-24 16:00\t\tcall-back\t1\tToday\t\t617-555-0100\t10:00 EST\t',
        '',
      ].join('\n'),
    );
  });

  it('--date takes a friendly date; --json gives lead objects with due_at, kind, overdue_days', () => {
    const ids = seed();
    const r = run('due', '--date', 'tomorrow', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.map((e: { id: number; kind: string; overdue_days: number }) => [e.id, e.kind, e.overdue_days])).toEqual([
      [ids.overdue, 'call_back', 3],
      [ids.cycle, 'follow_up', 1],
      [ids.today, 'call_back', 0],
      [ids.tomorrow, 'call_back', 0],
    ]);
    expect(list[0]).toMatchObject({
      due_at: '2026-11-21T09:00:00.000Z', first_name: 'Overdue', do_not_call: false,
      local_time: '10:00 EST', time_zone_used: 'America/New_York', time_zone_from: 'phone',
    });
  });

  it('nothing due: says so on stderr, exit 0, stdout empty; --json prints []', () => {
    expect(run('due')).toMatchObject({ code: 0, stdout: '', stderr: 'Nothing due.\n' });
    expect(run('due', '--json')).toMatchObject({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('a bad date is exit 2 naming the forms', () => {
    const r = run('due', '--date', 'next blue moon');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^leads: bad date "next blue moon": use YYYY-MM-DD, "YYYY-MM-DD HH:mm", today, tomorrow/);
  });
});
