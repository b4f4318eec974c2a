// leads batches [ID] [--rewrite [--out DIR]]: past batches, one batch's items, or its files written again.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'batches',
  description: 'past batches; one batch and what was in it; or its files written again',
  args: [['[id]', 'batch id']],
  flags: [
    ['--rewrite', "write the batch's files again (from the leads as they are now)"],
    ['--out <dir>', 'with --rewrite: write under DIR (default the sort.out_dir setting)'],
    ['--json', 'JSON: the batches, or the batch with its items'],
  ],
} as const satisfies CommandSpec;

export type BatchesOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./batches.js') } satisfies CommandDefinition<typeof spec>;
