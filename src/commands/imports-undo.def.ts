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
  examples: [
    ['leads imports undo 7 --dry-run'],
    ['leads imports undo 7 --yes'],
  ],
  exits: [
    [0, 'undone, what could not be undone listed with its reason'],
    [1, 'no such import; an import undone already; no on the terminal (nothing undone)'],
    [2, 'a usage error: no terminal and no --yes'],
  ],
  guide: 'importing.md#leads-imports',
} as const satisfies CommandSpec;

export type ImportsUndoOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./imports-undo.js') } satisfies CommandDefinition<typeof spec>;
