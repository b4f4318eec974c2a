// leads add: register one prospect by flags, or by prompts on a terminal.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';
import { CONTACT_FLAGS } from '../cli/flags.js';

const spec = {
  name: 'add',
  description: 'register one prospect (prompts on a terminal when no fields are given)',
  flags: [
    ...CONTACT_FLAGS,
    ['--note <text>', 'a first note'],
    ['--inbound', 'the lead came to you (a web form, a call, a visit): first in the queue for its first hour'],
    ['--json', 'print the lead as JSON'],
  ],
} as const satisfies CommandSpec;

export type AddOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./add.js') } satisfies CommandDefinition<typeof spec>;
