// leads sort: the end-of-day batch of letters, emails and follow-ups.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'sort',
  description: 'the end-of-day sort: letters, emails and follow-ups of every outcome not yet served',
  flags: [
    ['--date <date>', 'the batch of this day: calls up to its end (default today)'],
    ['--out <dir>', 'write under DIR/YYYY-MM-DD/ (default the sort.out_dir setting, ./batches)'],
    ['--dry-run', 'show what would be written and change nothing'],
    ['--json', 'the summary as JSON: batch_id, letters, emails, follow_ups, skipped'],
  ],
} as const satisfies CommandSpec;

export type SortOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./sort.js') } satisfies CommandDefinition<typeof spec>;
