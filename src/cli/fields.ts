// Contact fields from command-line flags (`--first Ann --postal-code 02139`).
import type { ContactField, ContactFields } from '../core/lead.js';
import type { FlagsOf } from './command.js';
import type { CONTACT_FLAGS } from './flags.js';

export type ContactOptions = FlagsOf<typeof CONTACT_FLAGS>;

/** The flag of each contact field, as its options key */
const FIELD_FLAGS: Record<ContactField, keyof ContactOptions> = {
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

export function fieldsFromFlags(opts: ContactOptions): ContactFields {
  const out: ContactFields = {};
  for (const [field, flag] of Object.entries(FIELD_FLAGS)) {
    const value = opts[flag];
    if (typeof value === 'string') out[field as ContactField] = value;
  }
  return out;
}
