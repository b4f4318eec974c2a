// leads show ID: the lead card with its full touch history.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'show',
  description: 'the lead card with its full touch history',
  args: [['<id>', 'lead id']],
  flags: [['--json', 'JSON: the lead object with its touches']],
  examples: [
    ['leads show 42'],
    ['leads show 42 --json'],
  ],
  exits: [
    [1, 'no such lead'],
  ],
  guide: 'leads.md#leads-show-id',
} as const satisfies CommandSpec;

export type ShowOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./show.js') } satisfies CommandDefinition<typeof spec>;
