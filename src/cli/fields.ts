// Contact fields from command-line flags (`--first Ann --postal-code 02139`).
import type { ContactField, ContactFields } from '../core/lead.js';

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
