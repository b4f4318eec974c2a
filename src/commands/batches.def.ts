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
  examples: [
    ['leads batches'],
    ['leads batches 12 --json'],
    ['leads batches 12 --rewrite --out ~/reprint'],
  ],
  exits: [
    [1, 'no such batch; a batch with no files to write; the --out folder exists already'],
    [2, 'a usage error: --rewrite without a batch id, --out without --rewrite'],
  ],
  guide: 'sort.md#leads-batches-id',
} as const satisfies CommandSpec;

export type BatchesOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./batches.js') } satisfies CommandDefinition<typeof spec>;
