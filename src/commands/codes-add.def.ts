// leads codes add CODE LABEL --action A: a user's own outcome code.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'add',
  description: 'add your own outcome code with an action',
  args: [
    ['<code>', 'a number 0-99 not in use'],
    ['<label>', 'what the code means'],
  ],
  flags: [
    [
      '--action <action>',
      'what it does: rest, letter, retry, callback, email, finish, dnc, disqualify or none',
      { required: true },
    ],
    ['--needs-date', 'asks for a date when logged'],
    ['--needs-email', 'needs the lead to have an email address'],
    ['--not-reached', 'no person was spoken to (not counted as reached); the default of a retry code'],
    ['--reached', 'a person was spoken to (counted as reached); the default of every action but retry'],
    ['--json', 'print the code as JSON'],
  ],
  examples: [
    ['leads codes add 8 "left with assistant" --action retry'],
  ],
  exits: [
    [1, 'the code exists already'],
    [2, 'a usage error: no --action, an action not in the list, an email code with --not-reached'],
  ],
  guide: 'calling.md#the-outcome-codes-leads-codes',
} as const satisfies CommandSpec;

export type CodesAddOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./codes-add.js') } satisfies CommandDefinition<typeof spec>;
