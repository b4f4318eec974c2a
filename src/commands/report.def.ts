// leads report: how am I doing, this period against the one before.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'report',
  description: 'how am I doing: the period against the one before, with the change',
  flags: [
    ['--period <period>', 'the day, week (from Monday) or month so far (default week)', { choices: ['day', 'week', 'month'] }],
    ['--from <date>', 'first day: with --to (default today), those days; with --period, the period holding it'],
    ['--to <date>', 'last day of a --from report'],
    ['--by <what>', 'break down by outcome code, source, list or cycle stage', { choices: ['code', 'source', 'list', 'stage'] }],
    ['--json', 'the figures as JSON'],
    ['--csv', 'the figures as CSV'],
  ],
  examples: [
    ['leads report --period month'],
    ['leads report --from 2026-10-01 --to 2026-10-31 --by source --csv'],
  ],
  exits: [
    [2, 'a usage error: a bad date, --json with --csv'],
  ],
  guide: 'reports.md#leads-report',
} as const satisfies CommandSpec;

export type ReportOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./report.js') } satisfies CommandDefinition<typeof spec>;
