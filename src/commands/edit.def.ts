// leads edit ID --FIELD VALUE...: change contact fields; the change is recorded as a touch.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';
import { CONTACT_FLAGS } from '../cli/flags.js';

const spec = {
  name: 'edit',
  description: 'change contact fields or the priority (recorded as a touch); an empty value clears a field',
  args: [['<id>', 'lead id']],
  flags: [
    ...CONTACT_FLAGS,
    ['--priority <n>', 'among prospects never called, higher is called first: -9 to 9 (default 0)'],
    ['--json', 'print the lead as JSON'],
  ],
  examples: [
    ['leads edit 42 --phone "617.555.0188" --email ann.baker@example.com'],
    ['leads edit 42 --street "1 Elm St" --city Boston --region MA --postal-code 02110', 'an address for a letter waiting in needs-address.csv'],
    ['leads edit 42 --priority 5', 'called before the other new prospects'],
  ],
  exits: [
    [1, 'no such lead; an erased lead (`leads forget`)'],
    [2, 'a usage error: no field given, an email that is not an address, a priority outside -9 to 9, an edit that would clear every name, company, phone and email'],
  ],
  guide: 'leads.md#leads-edit-id',
} as const satisfies CommandSpec;

export type EditOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./edit.js') } satisfies CommandDefinition<typeof spec>;
