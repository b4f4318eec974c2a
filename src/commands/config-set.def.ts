// leads config set KEY VALUE: change a rule's number or the sender's details.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'set',
  description: 'change a setting',
  args: [
    ['<key>', 'e.g. sender.name or rules.cool_off_days'],
    ['<value>', 'the new value'],
  ],
} as const satisfies CommandSpec;

export type ConfigSetOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./config-set.js') } satisfies CommandDefinition<typeof spec>;
