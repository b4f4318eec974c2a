// The lead's one column definition and what is derived from it: the contact fields, the
// columns an import writes (its wire order), and those forget erases.
import { describe, expect, it } from 'vitest';
import { CONTACT_FIELDS, IMPORTED_COLUMNS, LEAD_COLUMNS, PERSONAL_COLUMNS } from '../../dist/core/lead.js';
import { forgottenColumns } from '../../dist/core/forget.js';
import { nameKeyOf } from '../../dist/core/import/names.js';

describe('the lead\'s columns', () => {
  it('every personal column is erased by forget, and nothing that is not personal', () => {
    const erased = forgottenColumns('2026-01-01T00:00:00Z') as Record<string, unknown>;
    for (const c of LEAD_COLUMNS.filter((c) => 'personal' in c)) expect(erased[c.name], c.name).toBeNull();
    for (const kept of ['source', 'list', 'status', 'code', 'created_at']) expect(erased).not.toHaveProperty(kept);
  });

  it('the newer columns are personal: further phones, name key, time zone', () => {
    for (const c of ['other_phones', 'name_key', 'time_zone', 'phone_e164', 'email_norm', 'extra']) expect(PERSONAL_COLUMNS).toContain(c);
  });

  it('the contact fields are the ones add and edit take, in their order', () => {
    expect(CONTACT_FIELDS).toEqual([
      'first_name', 'last_name', 'company', 'title', 'phone', 'mobile', 'email', 'street', 'city', 'region', 'postal_code',
      'country', 'source', 'list',
    ]);
  });

  it('every column is named once; an import writes columns of the lead', () => {
    expect(new Set(LEAD_COLUMNS.map((c) => c.name)).size).toBe(LEAD_COLUMNS.length);
    for (const c of IMPORTED_COLUMNS) expect(LEAD_COLUMNS.map((l) => l.name)).toContain(c);
  });

  it.each([
    [{ first_name: 'Ann', last_name: 'Baker', company: 'Acme' }, 'ann|baker|acme'],
    [{ first_name: 'Ann', phone_e164: '+16175550134' }, null],
    [{ first_name: 'Ann', mobile_e164: '+16175550134' }, null],
    [{ first_name: 'Ann', email_norm: 'ann@x.example' }, null],
  ])('a lead gets a name key only without phone, mobile or email: %o', (fields, key) => {
    const l = { first_name: null, last_name: null, company: null, phone_e164: null, mobile_e164: null, email_norm: null, ...fields };
    expect(nameKeyOf(l)).toBe(key);
  });
});
