// leads edit ID --FIELD VALUE...: change contact fields; the change is recorded as a touch.
import { defineCommand, type CommandSpec, type OptionsOf } from '../cli/command.js';
import { CONTACT_FLAGS } from '../cli/flags.js';

const spec = {
  name: 'edit',
  description: 'change contact fields (recorded as a touch); an empty value clears a field',
  args: [['<id>', 'lead id']],
  flags: [...CONTACT_FLAGS, ['--json', 'print the lead as JSON']],
} as const satisfies CommandSpec;

export type EditOptions = OptionsOf<typeof spec>;

export default defineCommand(spec, () => import('./edit.js'));
