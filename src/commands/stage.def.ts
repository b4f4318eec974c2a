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
  examples: [
    ['leads stage 17 thinking --note "wants to talk to her partner" --next "+1w"'],
    ['leads stage 17 application --next mon'],
    ['leads stage 17 sold'],
  ],
  exits: [
    [1, 'no such lead; a lead not in the cycle; a move the method does not allow (the stages it can go to are named); an erased lead'],
    [2, 'a usage error: an unknown stage (the stages are listed), a bad --next date'],
  ],
  guide: 'cycle.md#leads-stage-id-stage',
} as const satisfies CommandSpec;

export type StageOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./stage.js') } satisfies CommandDefinition<typeof spec>;
