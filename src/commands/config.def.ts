// leads config (list): every setting with its value, its default and what it is for.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'list',
  description: 'every setting with its value and default',
  flags: [['--json', 'JSON array of settings']],
  examples: [
    ['leads config'],
    ['leads config list --json'],
  ],
  guide: 'settings.md',
} as const satisfies CommandSpec;

export type ConfigOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./config.js') } satisfies CommandDefinition<typeof spec>;
