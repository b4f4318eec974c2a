// leads config set KEY VALUE: change a rule's number or the sender's details.
import { defineCommand, type CommandSpec, type OptionsOf } from '../cli/command.js';

const spec = {
  name: 'set',
  description: 'change a setting',
  args: [
    ['<key>', 'e.g. sender.name or rules.cool_off_days'],
    ['<value>', 'the new value'],
  ],
} as const satisfies CommandSpec;

export type ConfigSetOptions = OptionsOf<typeof spec>;

export default defineCommand(spec, () => import('./config-set.js'));
