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
} as const satisfies CommandSpec;

export type ForgetOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./forget.js') } satisfies CommandDefinition<typeof spec>;
