// leads find TEXT: leads by name, company, phone (any format), email or notes.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'find',
  description: 'search names, company, phone (any format), email and notes',
  args: [['<text...>', 'what to look for']],
  flags: [
    ['--limit <n>', 'at most N leads (default 50)'],
    ['--json', 'JSON array of lead objects'],
  ],
  examples: [
    ['leads find baker'],
    ['leads find "617 555 0134"', 'a phone in any format'],
  ],
  guide: 'leads.md#leads-find-text',
} as const satisfies CommandSpec;

export type FindOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./find.js') } satisfies CommandDefinition<typeof spec>;
