// leads call: the calling session (or, with --json, the queue it would call).
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'call',
  description: 'the calling session: one lead at a time, an outcome code each',
  flags: [
    ['--source <source>', 'only leads from this source'],
    ['--list <list>', 'only leads of this prospect list'],
    ['--territory <regions>', 'only these states/regions or postal-code prefixes, comma-separated'],
    ['--limit <n>', 'stop after N calls'],
    ['--any-hour', 'also leads outside 8:00-21:00 their local time'],
    ['--json', 'print the queue as JSON instead of calling (no terminal needed)'],
  ],
  examples: [
    ['leads call --list sample --limit 40'],
    ['leads call --territory MA,NH,021'],
    ['leads call --any-hour', 'also leads outside 8:00-21:00 their time'],
    ['leads call --json --limit 10', 'the queue, no terminal needed'],
  ],
  exits: [
    [0, 'the session ended with `q`, the queue or the --limit'],
    [1, 'no lead is in the --territory given'],
    [2, 'a usage error: no terminal (use `leads log`, or `--json` for the queue), a territory term that is neither a state/region nor a postal-code prefix, --limit 0'],
    [130, 'Ctrl-C at a prompt: every outcome already answered is saved, and the session summary is printed'],
  ],
  guide: 'calling.md#leads-call',
} as const satisfies CommandSpec;

export type CallOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./call.js') } satisfies CommandDefinition<typeof spec>;
