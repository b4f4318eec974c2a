// Contact fields from command-line flags (`--first Ann --postal-code 02139`).
import type { ContactField, ContactFields } from '../core/lead.js';
import type { Command } from './commander.js';

/** commander's camelCase option name for each contact field */
export const FIELD_FLAGS: Record<ContactField, string> = {
  first_name: 'first',
  last_name: 'last',
  company: 'company',
  title: 'title',
  phone: 'phone',
  mobile: 'mobile',
  email: 'email',
  street: 'street',
  city: 'city',
  region: 'region',
  postal_code: 'postalCode',
  country: 'country',
  source: 'source',
  list: 'list',
};

export function fieldsFromFlags(opts: Record<string, unknown>): ContactFields {
  const out: ContactFields = {};
  for (const [field, flag] of Object.entries(FIELD_FLAGS)) {
    if (typeof opts[flag] === 'string') out[field as ContactField] = opts[flag] as string;
  }
  return out;
}

/** The flag, value name and help of each contact field, as `add` and `edit` take them. */
const FIELD_OPTIONS: [string, string][] = [
  ['--first <name>', 'first name'],
  ['--last <name>', 'last name'],
  ['--company <name>', 'company'],
  ['--title <title>', 'job title'],
  ['--phone <phone>', 'phone, any format'],
  ['--mobile <phone>', 'mobile phone'],
  ['--email <email>', 'email address'],
  ['--street <street>', 'street address'],
  ['--city <city>', 'city'],
  ['--region <region>', 'state, province or region'],
  ['--postal-code <code>', 'postal or ZIP code'],
  ['--country <country>', 'country'],
  ['--source <source>', 'where the lead came from'],
  ['--list <list>', 'the prospect list it belongs to'],
];

export function withContactOptions(cmd: Command): Command {
  for (const [flags, help] of FIELD_OPTIONS) cmd.option(flags, help);
  return cmd;
}
