// leads dnc import FILE: load a do-not-call registry.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'import',
  description: 'load a do-not-call registry: every lead with one of its numbers becomes do-not-call',
  args: [['<file>', 'the registry: phone numbers in any format, one a line or in CSV cells']],
  flags: [
    ['--dry-run', 'count what would change; change nothing'],
    ['--json', 'the counts as JSON'],
  ],
  examples: [
    ['leads dnc import registry.csv --dry-run'],
    ['leads dnc import registry.csv'],
  ],
  exits: [
    [1, 'the file cannot be read, is not a file, or holds no phone number: nothing changed'],
  ],
  guide: 'data.md#a-do-not-call-registry-leads-dnc-import-file',
} as const satisfies CommandSpec;

export type DncImportOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./dnc-import.js') } satisfies CommandDefinition<typeof spec>;
