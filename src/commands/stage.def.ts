// leads stage ID STAGE: move a finished lead (code 6) through the sales cycle.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'stage',
  description: 'move a finished lead (code 6) through the sales cycle',
  args: [
    ['<id>', 'lead id'],
    ['<stage>', 'quote, thinking, application, delivery, sold or done (release)'],
  ],
  flags: [
    ['--note <text>', 'a note with the move'],
    ['--next <date>', 'the next contact (follow-up): YYYY-MM-DD, tomorrow, +3d, ...'],
    ['--json', 'print the lead as JSON'],
  ],
} as const satisfies CommandSpec;

export type StageOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./stage.js') } satisfies CommandDefinition<typeof spec>;
