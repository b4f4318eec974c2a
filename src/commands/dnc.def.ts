// leads dnc ID [--call] [--email] [--mail] [--undo --yes]: a do-not-contact request.
// `leads dnc import FILE` is a subcommand of its own (dnc-import.def.ts).
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'dnc',
  description: 'record a do-not-contact request (default: do not call); `leads dnc import FILE` loads a registry',
  args: [['<id>', 'lead id']],
  flags: [
    ['--call', 'do not call'],
    ['--email', 'do not email'],
    ['--mail', 'do not mail'],
    ['--note <text>', 'how the request came'],
    ['--undo', 'lift the request (a mistake); asks, or takes --yes'],
    ['--yes', 'confirm --undo without asking'],
    ['--json', 'print the lead as JSON'],
  ],
  examples: [
    ['leads dnc 42 --call --note "asked on the phone"'],
    ['leads dnc 42 --email --mail'],
    ['leads dnc 42 --email --undo --yes'],
  ],
  exits: [
    [1, 'no such lead; --undo answered no on the terminal (nothing changed)'],
    [2, 'a usage error: --undo without a terminal and without --yes'],
  ],
  guide: 'data.md#do-not-contact-leads-dnc-id',
} as const satisfies CommandSpec;

export type DncOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./dnc.js') } satisfies CommandDefinition<typeof spec>;
