// leads due: call-backs and follow-ups due by the end of a day (default today), overdue first.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'due',
  description: 'call-backs and follow-ups due, overdue first',
  flags: [
    ['--date <date>', 'due by the end of this day (default today)'],
    ['--json', 'JSON array of leads with due_at and kind'],
  ],
  examples: [
    ['leads due'],
    ['leads due --date tomorrow --json'],
  ],
  guide: 'calling.md#leads-due',
} as const satisfies CommandSpec;

export type DueOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./due.js') } satisfies CommandDefinition<typeof spec>;
