// leads list: leads as a table, filtered and sorted.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';
import { LEAD_FILTER_FLAGS } from '../cli/flags.js';

const spec = {
  name: 'list',
  description: 'leads as a table',
  flags: [
    ...LEAD_FILTER_FLAGS,
    ['--duplicates', 'leads flagged as sharing a phone or email with another lead'],
    ['--json', 'JSON array of lead objects'],
  ],
  examples: [
    ['leads list --list sample --limit 20'],
    ['leads list --status cycle', 'the pipeline by stage'],
    ['leads list --code 2 --json'],
    ['leads list --duplicates'],
  ],
  guide: 'leads.md#leads-list',
} as const satisfies CommandSpec;

export type ListOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./list.js') } satisfies CommandDefinition<typeof spec>;
