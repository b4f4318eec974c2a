// leads forget ID: erase a person's personal data; outcomes and a hashed suppression stay.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'forget',
  description: "erase a person's personal data; the anonymous outcomes and a hashed suppression stay",
  args: [['<id>', 'lead id (a lead merged into another: that lead, and the merged row too)']],
  flags: [
    ['--yes', 'erase without asking (needed when not on a terminal)'],
    ['--json', 'what was erased and kept, as JSON'],
  ],
  examples: [
    ['leads forget 42'],
    ['leads forget 42 --yes --json'],
  ],
  exits: [
    [1, 'no such lead; no on the terminal (nothing erased); a damaged database file (nothing erased)'],
    [2, 'a usage error: no terminal and no --yes'],
  ],
  guide: 'data.md#leads-forget-id',
} as const satisfies CommandSpec;

export type ForgetOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./forget.js') } satisfies CommandDefinition<typeof spec>;
