// leads config set KEY VALUE: change a rule's number or the sender's details.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'set',
  description: 'change a setting',
  args: [
    ['<key>', 'e.g. sender.name or rules.cool_off_days'],
    ['<value>', 'the new value'],
  ],
  examples: [
    ['leads config set sender.name "Ann Baker"'],
    ['leads config set rules.cool_off_days 120'],
    ['leads config set dial.command "xdg-open {tel}"'],
  ],
  exits: [
    [2, 'a usage error: an unknown setting, or a value out of its range (nothing is stored, and no database is made)'],
  ],
  guide: 'settings.md',
} as const satisfies CommandSpec;

export type ConfigSetOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./config-set.js') } satisfies CommandDefinition<typeof spec>;
