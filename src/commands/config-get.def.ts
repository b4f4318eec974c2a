// leads config get KEY: one setting's value (its default when never set).
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'get',
  description: 'print one setting (its default when never set)',
  args: [['<key>', 'the setting']],
  flags: [['--json', 'the setting as JSON']],
} as const satisfies CommandSpec;

export type ConfigGetOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./config-get.js') } satisfies CommandDefinition<typeof spec>;
