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
} as const satisfies CommandSpec;

export type AwayOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./away.js') } satisfies CommandDefinition<typeof spec>;
