// leads codes retry CODE --delay D --round N --rest DAYS: a retry code's rules.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'retry',
  description: "change a retry code's rules: least delay, tries of a round, rest between rounds",
  args: [['<code>', 'a code with the retry action (3: not available)']],
  flags: [
    ['--delay <time>', 'least time before the next try: 1d (from the next day), 2d, 4h, 90m'],
    ['--round <n>', 'tries of a round without reaching anyone before a rest (default 6)'],
    ['--rest <days>', 'days of rest between rounds (default 30)'],
    ['--json', 'print the code as JSON'],
  ],
  examples: [
    ['leads codes retry 3 --delay 2d --round 8 --rest 21'],
    ['leads codes add 8 "left a voicemail" --action retry --not-reached --delay 3d', 'an own retry code, with its rules'],
  ],
  exits: [
    [1, 'no such code'],
    [2, 'a usage error: not a retry code, no rule given, a delay under 15 minutes or over a year, a round outside 1-50'],
  ],
  guide: 'calling.md#how-a-leads-next-call-is-chosen',
} as const satisfies CommandSpec;

export type CodesRetryOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./codes-retry.js') } satisfies CommandDefinition<typeof spec>;
