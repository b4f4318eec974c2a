// leads imports undo ID: take an import back.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'undo',
  description: 'take an import back: its untouched leads removed, the fields it changed put back',
  args: [['<id>', 'the import (see leads imports)']],
  flags: [
    ['--dry-run', 'show what would be removed, put back and kept; change nothing'],
    ['--yes', 'undo without asking'],
    ['--json', 'what was removed, put back and kept, as JSON'],
  ],
} as const satisfies CommandSpec;

export type ImportsUndoOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./imports-undo.js') } satisfies CommandDefinition<typeof spec>;
