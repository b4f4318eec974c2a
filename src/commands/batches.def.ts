// leads batches [ID] [--rewrite [--out DIR]] [--deliver]: past batches, one batch's items, its files written again, or its deliveries tried again.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'batches',
  description: 'past batches and what waits to be delivered; one batch and what was in it; its files written again; or its emails and events delivered again',
  args: [['[id]', 'batch id']],
  flags: [
    ['--rewrite', "write the batch's files again (from the leads as they are now)"],
    ['--out <dir>', 'with --rewrite: write under DIR (default the sort.out_dir setting)'],
    ['--deliver', "deliver the batch's emails and follow-ups that wait (email.deliver, calendar.url); its events are put again"],
    ['--resend <lead>', 'with --deliver: send this lead\'s unsure email all the same (you looked in Sent: it is not there)', { repeat: true }],
    ['--json', 'JSON: the batches, or the batch with its items'],
  ],
  examples: [
    ['leads batches'],
    ['leads batches 12 --json'],
    ['leads batches 12 --rewrite --out ~/reprint'],
    ['leads batches 12 --deliver'],
    ['leads batches 12 --deliver --resend 431'],
  ],
  exits: [
    [1, 'no such batch; a batch with no files to write; the --out folder exists already; a server kept something from being delivered (one line per cause; it waits)'],
    [2, 'a usage error: --rewrite without a batch id, --out without --rewrite, --deliver without a batch id or with --rewrite, --resend without --deliver'],
  ],
  guide: 'sort.md#leads-batches-id',
} as const satisfies CommandSpec;

export type BatchesOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./batches.js') } satisfies CommandDefinition<typeof spec>;
