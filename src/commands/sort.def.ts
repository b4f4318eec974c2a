// leads sort: the end-of-day batch of letters, emails and follow-ups.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'sort',
  description: 'the end-of-day sort: letters, emails and follow-ups of every outcome not yet served',
  flags: [
    ['--date <date>', 'the batch of this day: calls up to its end (default today)'],
    ['--out <dir>', 'write under DIR/YYYY-MM-DD/ (default the sort.out_dir setting, ./batches)'],
    ['--dry-run', 'show what would be written and change nothing'],
    ['--json', 'the summary as JSON: batch_id, letters, emails, follow_ups, skipped (and delivery, when email.deliver or calendar.url deliver)'],
  ],
  examples: [
    ['leads sort'],
    ['leads sort --dry-run'],
    ['leads sort --date 2026-11-23 --out ~/batches --json'],
  ],
  exits: [
    [0, 'the batch is written, or there was nothing to sort'],
    [1, 'a sender setting the batch needs is missing (the `leads config set` command is named), a folder is in the way: nothing written; or the batch is written and a mail or calendar server kept something from being delivered (one line per cause; it waits for `leads batches ID --deliver`)'],
    [2, 'a usage error: a bad --date, or one after today'],
    [130, 'interrupted: every outcome is either served with its files or still waiting'],
  ],
  guide: 'sort.md#leads-sort',
} as const satisfies CommandSpec;

export type SortOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./sort.js') } satisfies CommandDefinition<typeof spec>;
