// leads codes rename CODE LABEL: a new label for a code; what it does stays.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'rename',
  description: 'give a code a new label (what it does stays)',
  args: [
    ['<code>', 'the code'],
    ['<label>', 'the new label'],
  ],
  flags: [['--json', 'print the code as JSON']],
  examples: [
    ['leads codes rename 3 "no answer"'],
  ],
  exits: [
    [1, 'no such code'],
  ],
  guide: 'calling.md#the-outcome-codes-leads-codes',
} as const satisfies CommandSpec;

export type CodesRenameOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./codes-rename.js') } satisfies CommandDefinition<typeof spec>;
