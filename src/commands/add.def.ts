// leads add: register one prospect by flags, or by prompts on a terminal.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';
import { CONTACT_FLAGS } from '../cli/flags.js';

const spec = {
  name: 'add',
  description: 'register one prospect (prompts on a terminal when no fields are given)',
  flags: [...CONTACT_FLAGS, ['--note <text>', 'a first note'], ['--json', 'print the lead as JSON']],
  examples: [
    ['leads add --first Ann --last Baker --company "Baker & Sons" --phone "(617) 555-0134" --email ann@baker.example.com --postal-code 02139 --source referral'],
    ['leads add', 'on a terminal: asks for the fields'],
  ],
  exits: [
    [0, 'the lead is registered; its id is printed (`--json`: the lead object)'],
    [2, 'a usage error: no fields given without a terminal, an email that is not an address, a lead with neither name, company, phone nor email'],
  ],
  guide: 'importing.md#leads-add',
} as const satisfies CommandSpec;

export type AddOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./add.js') } satisfies CommandDefinition<typeof spec>;
