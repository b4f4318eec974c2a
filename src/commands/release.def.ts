// leads release [ID...]: three-strike leads (or the ones named, as Done) back to the prospect list.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'release',
  description: 'release three-strike leads (or the IDs given, as Done) to the prospect list',
  args: [['[ids...]', 'release these leads in the cycle, whatever their count']],
  flags: [
    ['--dry-run', 'show what would be released; change nothing'],
    ['--yes', 'release without asking (needed when not on a terminal)'],
    ['--json', 'JSON: {dry_run, released: [lead objects]}'],
  ],
  examples: [
    ['leads release --dry-run'],
    ['leads release --yes'],
    ['leads release 17 23', 'these leads, as done, whatever their count'],
  ],
  exits: [
    [0, 'released, or nothing to release (it says so)'],
    [1, 'an ID not in the cycle (nothing released); no on the terminal'],
    [2, 'a usage error: three-strike leads to release, no terminal and no --yes'],
  ],
  guide: 'cycle.md#leads-release-id',
} as const satisfies CommandSpec;

export type ReleaseOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./release.js') } satisfies CommandDefinition<typeof spec>;
