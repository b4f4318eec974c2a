// leads codes rename CODE LABEL: a new label for a code; what it does stays.
import { defineCommand, type CommandSpec, type OptionsOf } from '../cli/command.js';

const spec = {
  name: 'rename',
  description: 'give a code a new label (what it does stays)',
  args: [
    ['<code>', 'the code'],
    ['<label>', 'the new label'],
  ],
  flags: [['--json', 'print the code as JSON']],
} as const satisfies CommandSpec;

export type CodesRenameOptions = OptionsOf<typeof spec>;

export default defineCommand(spec, () => import('./codes-rename.js'));
