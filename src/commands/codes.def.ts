// leads codes (list): the outcome codes, their labels and what each does.
import { defineCommand, type CommandSpec, type OptionsOf } from '../cli/command.js';

const spec = {
  name: 'list',
  description: 'list the outcome codes and what each does',
  flags: [['--json', 'JSON array of codes']],
} as const satisfies CommandSpec;

export type CodesOptions = OptionsOf<typeof spec>;

export default defineCommand(spec, () => import('./codes.js'));
