// leads away --until DAY [--from DAY] | --off: a holiday or a sick day.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'away',
  description: 'a holiday or a sick day: nothing falls due until you are back; retries come back a share a day',
  flags: [
    ['--until <day>', 'the day you are back (tomorrow, mon, 2026-12-01): nothing falls due before it'],
    ['--from <day>', 'a time away planned ahead: the first day away (default now)'],
    ['--off', 'back now: ends the time away (or calls off one planned)'],
    ['--json', 'where you stand as JSON'],
  ],
  examples: [
    ['leads away --until tomorrow', 'a sick day: back tomorrow'],
    ['leads away --from 2026-12-21 --until 2027-01-04', 'a holiday planned ahead'],
    ['leads away --off', 'back early'],
    ['leads away', 'away or not, and the retries that wait, by day'],
  ],
  exits: [
    [0, 'done; also when you were not away and --off has nothing to end'],
    [2, 'a usage error: a day back that is not after today (or --from), more than a year away, --from without --until, --off with --until'],
  ],
  guide: 'calling.md#away-and-back-leads-away',
} as const satisfies CommandSpec;

export type AwayOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./away.js') } satisfies CommandDefinition<typeof spec>;
