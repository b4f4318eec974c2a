// leads codes (list): the outcome codes, their labels and what each does.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'list',
  description: 'list the outcome codes and what each does',
  flags: [['--json', 'JSON array of codes']],
  examples: [
    ['leads codes'],
    ['leads codes list --json'],
  ],
  guide: 'calling.md#the-outcome-codes-leads-codes',
} as const satisfies CommandSpec;

export type CodesOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./codes.js') } satisfies CommandDefinition<typeof spec>;
