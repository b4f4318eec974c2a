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
} as const satisfies CommandSpec;

export type DncOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./dnc.js') } satisfies CommandDefinition<typeof spec>;
