// leads merge KEEP OTHER [--dry-run]: one lead from two, both histories kept.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'merge',
  description: "one lead from two: KEEP takes OTHER's history, empty fields and do-not-contact flags",
  args: [
    ['<keep>', 'the lead that stays'],
    ['<other>', 'the lead merged into it (its id then shows KEEP)'],
  ],
  flags: [
    ['--dry-run', 'show what would change; change nothing'],
    ['--json', 'the merge as JSON'],
  ],
  examples: [
    ['leads merge 42 108 --dry-run'],
    ['leads merge 42 108'],
  ],
  exits: [
    [1, 'no such lead; the two are one lead already; a prospect taking in a lead in the cycle or sold (merge the other way round); an erased lead'],
    [2, 'a usage error: KEEP and OTHER the same id'],
  ],
  guide: 'leads.md#leads-merge-keep-other',
} as const satisfies CommandSpec;

export type MergeOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./merge.js') } satisfies CommandDefinition<typeof spec>;
