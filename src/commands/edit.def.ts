// leads edit ID --FIELD VALUE...: change contact fields; the change is recorded as a touch.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';
import { CONTACT_FLAGS } from '../cli/flags.js';

const spec = {
  name: 'edit',
  description: 'change contact fields (recorded as a touch); an empty value clears a field',
  args: [['<id>', 'lead id']],
  flags: [...CONTACT_FLAGS, ['--json', 'print the lead as JSON']],
} as const satisfies CommandSpec;

export type EditOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./edit.js') } satisfies CommandDefinition<typeof spec>;
