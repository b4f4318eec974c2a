// leads imports (list): past imports, newest first.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'list',
  description: 'past imports: file, when, counts, source, list, cost; undone ones marked',
  flags: [
    ['--limit <n>', 'the last N imports'],
    ['--json', 'JSON array of imports'],
  ],
  examples: [
    ['leads imports'],
    ['leads imports --json'],
  ],
  guide: 'importing.md#leads-imports',
} as const satisfies CommandSpec;

export type ImportsOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./imports.js') } satisfies CommandDefinition<typeof spec>;
