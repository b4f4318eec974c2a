// leads config get KEY: one setting's value (its default when never set).
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'get',
  description: 'print one setting (its default when never set)',
  args: [['<key>', 'the setting']],
  flags: [['--json', 'the setting as JSON']],
  examples: [
    ['leads config get rules.strikes'],
  ],
  exits: [
    [2, 'a usage error: an unknown setting'],
  ],
  guide: 'settings.md',
} as const satisfies CommandSpec;

export type ConfigGetOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./config-get.js') } satisfies CommandDefinition<typeof spec>;
