// leads dnc ID [--call] [--email] [--mail] [--undo --yes], or leads dnc import FILE.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'dnc',
  description: 'record a do-not-contact request (default: do not call), or `leads dnc import FILE` a registry',
  args: [
    ['<id>', 'lead id, or `import` to load a do-not-call registry'],
    ['[file]', 'with import: the registry, a list of phone numbers in any format'],
  ],
  flags: [
    ['--call', 'do not call'],
    ['--email', 'do not email'],
    ['--mail', 'do not mail'],
    ['--note <text>', 'how the request came'],
    ['--undo', 'lift the request (a mistake); asks, or takes --yes'],
    ['--yes', 'confirm --undo without asking'],
    ['--dry-run', 'with import: count what would change; change nothing'],
    ['--json', 'print the lead (or the registry import) as JSON'],
  ],
} as const satisfies CommandSpec;

export type DncOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./dnc.js') } satisfies CommandDefinition<typeof spec>;
