// leads log ID CODE: a call outcome recorded without the session (or --undo the last one).
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'log',
  description: 'record a call outcome without the session (or --undo the last one)',
  args: [
    ['<id>', 'lead id'],
    ['[code]', 'outcome code (see `leads codes`)'],
  ],
  flags: [
    ['--note <text>', 'what was said'],
    ['--next <date>', 'call-back or next contact: tomorrow, mon, +3d, "2026-12-01 14:00", ...'],
    ['--at <datetime>', 'when the call was made (default now)'],
    ['--result <result>', 'why nobody was reached (code 3): no_answer, voicemail, busy, someone_else'],
    ['--email <address>', 'the email address an email code needs, when the lead has none'],
    ['--duration <length>', 'how long the call took: 3m, 90s, 1m30s, 2:30'],
    ['--undo', "take back the lead's last call outcome"],
    ['--yes', 'go on when the lead is on the screen of a calling session'],
    ['--json', 'print the lead as JSON'],
  ],
  examples: [
    ['leads log 42 3 --result voicemail'],
    ['leads log 42 4 --next "tomorrow 10:30" --note "call after the board meeting"'],
    ['leads log 42 6 --at "2026-11-23 15:10" --duration 12m'],
    ['leads log 42 --undo', "take back the lead's last call"],
  ],
  exits: [
    [1, "no such lead; an erased lead; --undo when the call's letter or email went out, or the lead has changed since"],
    [2, 'a usage error: an unknown code, a bad date or length, a flag the code does not use, --next more than five years ahead, --at in the future or before the lead was registered'],
  ],
  guide: 'calling.md#leads-log-id-code',
} as const satisfies CommandSpec;

export type LogOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./log.js') } satisfies CommandDefinition<typeof spec>;
