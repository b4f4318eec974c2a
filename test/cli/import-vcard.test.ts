// leads import of a vCard file (3.0 from a phone, 4.0): one lead per card, typed phones
// (cell the mobile, fax and pager never the phone, the rest kept), the work address whole,
// a company's card without a person's name, a card that never ends rejected with its line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { leadsInProcess, ROOT, tempWorkspace } from '../helpers/cli.js';
import { query } from '../helpers/cycle.js';

const VCF = join(ROOT, 'test', 'fixtures', 'import', 'contacts.vcf');

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const run = (args: string[]) => leadsInProcess(args, { db: ws.db });
const q = (sql: string, ...params: unknown[]) => query(ws.db, sql, ...params);
const leadsOf = () => q('SELECT * FROM leads ORDER BY id');

describe('vCard files', () => {
  it('one lead per card with its typed phones, email and work address; a card without END rejected', async () => {
    const r = await run(['import', VCF, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ read: 4, inserted: 3, rejected: 1, rejects: [{ line: 37, reason: 'a vCard that does not end (no END:VCARD)' }] });
    const [ann, bo, shop] = leadsOf();
    expect(ann).toMatchObject({
      first_name: 'Ann M.', last_name: 'Baker', company: 'Baker Co', title: 'Owner',
      phone: '(617) 555-0134', phone_e164: '+16175550134', mobile: '(617) 555-0135', email: 'ann@bakerco.example',
      street: '1 Main St, Suite 4', city: 'Boston', region: 'MA', postal_code: '02110', country: 'USA',
    });
    expect(JSON.parse(ann.other_phones as string).map((p: { number: string }) => p.number)).toEqual(['+1 617 555 0137', '(617) 555-0138']);
    const extra = JSON.parse(ann.extra as string);
    // fax and pager kept, never the phone; the home address kept whole beside the work one; no photo
    expect(extra).toMatchObject({ 'Phone 1 - Value': '(617) 555-0136', 'Phone 6 - Value': '(617) 555-0139', 'Address 1 - Street': '9 Home Ln', Department: 'Sales' });
    expect(JSON.stringify(extra)).not.toContain('9j/4AAQ');
    expect(q("SELECT note FROM touches WHERE lead_id = ? AND channel = 'import'", ann.id)).toEqual([{ note: 'Met at the expo, spring' }]);
    expect(bo).toMatchObject({ first_name: 'Bo', last_name: 'Chan', phone: '+1-312-555-0100', phone_e164: '+13125550100', mobile: '+13125550101' });
    expect(shop).toMatchObject({ first_name: null, last_name: null, company: 'Chan Plumbing', phone: '(312) 555-0199' });
    const text = await run(['import', VCF]);
    expect(text.stdout).toContain('read as vCard: one lead a card');
    expect(text.stdout).not.toContain('Phone 8 - Value');
    // imported again: nothing new
    expect(JSON.parse((await run(['import', VCF, '--json'])).stdout)).toMatchObject({ format: 'vcard', inserted: 0, duplicates_in_db: 3 });
  });
});
