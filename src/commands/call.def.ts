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
} as const satisfies CommandSpec;

export type CallOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./call.js') } satisfies CommandDefinition<typeof spec>;
