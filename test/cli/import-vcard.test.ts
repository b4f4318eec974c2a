// leads import of vCard files as phones and mail programs write them (fixtures written for the
// purpose, in test/fixtures/import/): 3.0 and 4.0 from a phone, Android's 2.1 export
// (quoted-printable UTF-8 with soft line breaks), Outlook 2007's 2.1 (Windows-1252, bare type
// words, an ORG unit), a Japanese phone's Shift_JIS card, a Mac's UTF-16 file without a
// byte-order mark, CR CR LF line ends, a card with 11 phones; every phone, email and address
// kept; a card too big to be a person's read with a reason; a file with no card refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leadsInProcess, ROOT, tempWorkspace } from '../helpers/cli.js';
import { query } from '../helpers/cycle.js';

const FIX = join(ROOT, 'test', 'fixtures', 'import');

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const run = (args: string[]) => leadsInProcess(args, { db: ws.db });
const q = (sql: string, ...params: unknown[]) => query(ws.db, sql, ...params);
const leadsOf = () =>
  q('SELECT * FROM leads ORDER BY id').map((l) => ({
    ...l,
    extra: l.extra ? JSON.parse(l.extra as string) : null,
    other_phones: l.other_phones ? JSON.parse(l.other_phones as string) : null,
  }));
const noteOf = (id: unknown) => q<{ note: string }>("SELECT note FROM touches WHERE lead_id = ? AND channel = 'import'", id)[0]?.note;

async function imp(file: string, ...args: string[]) {
  const r = await run(['import', join(FIX, file), '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('vCard 3.0 and 4.0', () => {
  it('one lead per card: typed phones, the work email and address; every other phone, email and address kept; a card without END rejected', async () => {
    expect(await imp('contacts.vcf')).toMatchObject({ read: 4, inserted: 3, rejected: 1, format: 'vcard', rejects: [{ line: 37, reason: 'a vCard that does not end (no END:VCARD)' }] });
    const [ann, bo, shop] = leadsOf();
    // the middle name and the prefix are not in the first name; ORG's unit is apart from the company
    expect(ann).toMatchObject({
      first_name: 'Ann', last_name: 'Baker', company: 'Baker Co', title: 'Owner',
      phone: '(617) 555-0134', phone_e164: '+16175550134', mobile: '(617) 555-0135', email: 'ann@bakerco.example',
      street: '1 Main St, Suite 4', city: 'Boston', region: 'MA', postal_code: '02110', country: 'USA',
      other_phones: [{ label: 'Home', number: '(617) 555-0138' }, { label: 'Other', number: '+1 617 555 0137' }],
    });
    // fax and pager kept, never called; the home email and address kept whole; no photo
    expect(ann.extra).toEqual({
      'Middle Name': 'M.', 'Name Prefix': 'Dr.', Department: 'Sales', Fax: '(617) 555-0136', Pager: '(617) 555-0139',
      'E-mail (Home)': 'ann@home.example', 'Address (Home)': '9 Home Ln, Quincy, MA 02169, USA',
    });
    expect(noteOf(ann.id)).toBe('Met at the expo, spring');
    expect(bo).toMatchObject({ first_name: 'Bo', last_name: 'Chan', phone: '+1-312-555-0100', phone_e164: '+13125550100', mobile: '+13125550101' });
    expect(shop).toMatchObject({ first_name: null, last_name: null, company: 'Chan Plumbing', phone: '(312) 555-0199' });
    const text = await run(['import', join(FIX, 'contacts.vcf')]);
    expect(text.stdout).toContain('read as vCard: one lead a card');
    // imported again: nothing new
    expect(await imp('contacts.vcf')).toMatchObject({ inserted: 0, duplicates_in_db: 3 });
  });

  it('a card with 11 phones (4.0, tel: URIs): the work phone, the first mobile, and the 9 others on the lead, each with its type', async () => {
    expect(await imp('eleven-phones.vcf')).toMatchObject({ read: 1, inserted: 1 });
    const [rosa] = leadsOf();
    expect(rosa).toMatchObject({ phone: '+1-617-555-0110', phone_e164: '+16175550110', mobile: '+1-617-555-0111' });
    expect(rosa.other_phones.map((p: { number: string }) => p.number)).toEqual(
      ['12', '13', '14', '15', '16', '17', '18', '19', '20'].map((n) => `+1-617-555-01${n}`),
    );
    expect(rosa.other_phones.map((p: { label: string }) => p.label)).toEqual(['Home', 'Work', 'Cell', 'Home', 'Phone', 'Main', 'Text', 'Video', 'Work']);
    // the card shows them all
    const show = await run(['show', String(rosa.id)]);
    for (let n = 10; n <= 20; n++) expect(show.stdout).toContain(`+1-617-555-01${n}`);
  });

  it('lines ending CR CR LF: the email and address are read, the mobile stays the mobile, folded lines join', async () => {
    expect(await imp('crcrlf.vcf')).toMatchObject({ read: 1, inserted: 1, rejected: 0 });
    const [ivy] = leadsOf();
    expect(ivy).toMatchObject({
      first_name: 'Ivy', last_name: 'Ode', phone: '(515) 555-0101', mobile: '(515) 555-0111', email: 'ivy@odefarms.example',
      street: '1 Barn Rd', city: 'Ames', region: 'IA', postal_code: '50010',
    });
    expect(noteOf(ivy.id)).toBe('Prefers calls in the morning');
  });
});

describe('vCard 2.1', () => {
  it("Android's export: quoted-printable UTF-8 with soft line breaks, bare TYPE words, the preferred work phone", async () => {
    expect(await imp('android-21.vcf')).toMatchObject({ read: 3, inserted: 3, rejected: 0 });
    const [jurgen, wei, cy] = leadsOf();
    expect(jurgen).toMatchObject({
      first_name: 'Jürgen', last_name: 'Müller', company: 'Weiß & Söhne GmbH', phone: '0711 1234567', phone_e164: '+497111234567',
      mobile: '+49 171 2345678', email: 'j.mueller@weiss.example', street: 'Königstraße 5', city: 'Stuttgart', postal_code: '70173',
      country: 'Deutschland', extra: { Department: 'Einkauf' },
    });
    // the note's soft line breaks fall inside `=XX` runs: joined, nothing lost or doubled
    expect(noteOf(jurgen.id)).toBe('Messe Stuttgart, Halle 3: wants a quote for the spring order, call after Easter');
    expect(wei).toMatchObject({ first_name: '伟', last_name: '王', mobile: '+86 139 1234 5678', email: 'wei.wang@mail.example' });
    expect(cy).toMatchObject({ phone: '(503) 555-0104', other_phones: [{ label: 'Home', number: '(503) 555-0103' }], extra: null });
  });

  it("Outlook 2007's export: Windows-1252 values, ORG's unit apart, middle name, prefix and suffix apart, the fax kept, a clipped ZIP padded", async () => {
    const r = await imp('outlook-2007.vcf');
    expect(r).toMatchObject({ read: 2, inserted: 2, zips_padded: 1 });
    const [ann, jurgen] = leadsOf();
    expect(ann).toMatchObject({
      first_name: 'Ann', last_name: 'Baker', company: 'IBM', title: 'Controller', phone: '(617) 555-0134', mobile: '(617) 555-0135',
      email: 'ann@ibm.example', street: '1 Main St', city: 'Boston', region: 'MA', postal_code: '02110', country: 'United States of America',
      other_phones: [{ label: 'Home', number: '(617) 555-0138' }],
    });
    expect(ann.extra).toEqual({
      Department: 'Accounting', 'Middle Name': 'Marie', 'Name Prefix': 'Dr.', 'Name Suffix': 'PhD', Fax: '(617) 555-0136', 'ZIP as written': '2110',
    });
    expect(jurgen).toMatchObject({ first_name: 'Jürgen', last_name: 'Weiß', company: 'Weiß & Söhne GmbH', street: 'Königstraße 5', phone_e164: '+497111234567' });
    // a soft line break inside a word, in a Windows-1252 quoted-printable note
    expect(noteOf(jurgen.id)).toBe('Erstes Gespräch auf der Messe; spricht auch Englisch, bitte vormittags anrufen.');
  });

  it('a Japanese card in Shift_JIS: every value in its CHARSET, ソ (whose second byte is a backslash) whole, the reading kept, the phone read in Japan', async () => {
    expect(await imp('shift-jis.vcf')).toMatchObject({ read: 1, inserted: 1, phones_kept_as_written: 0 });
    const [taro] = leadsOf();
    expect(taro).toMatchObject({
      first_name: '太郎', last_name: '山田', company: 'ソニー株式会社', title: '課長', phone: '03-1234-5678', phone_e164: '+81312345678',
      mobile: '090-1234-5678', mobile_e164: '+819012345678', email: 'taro.yamada@sony.example', street: '丸の内1-1-1', city: '千代田区',
      region: '東京都', postal_code: '100-0005', country: '日本',
    });
    expect(taro.extra).toEqual({ Department: '営業部', 'Name Reading': 'ﾔﾏﾀﾞ ﾀﾛｳ' });
  });
});

describe('vCard files as a Mac writes them', () => {
  it("UTF-16 without a byte-order mark: detected; Apple's labels on grouped phones; company cards are company leads", async () => {
    const r = await imp('mac-utf16.vcf');
    expect(r).toMatchObject({ read: 3, inserted: 3, encoding: 'utf16be' });
    const [eleni, chan, lee] = leadsOf();
    expect(eleni).toMatchObject({
      first_name: 'Eleni', last_name: 'Papadopoulos', company: 'Παπαδόπουλος Α.Ε.', phone: '+30 21 0123 4567', phone_e164: '+302101234567',
      mobile: '+30 694 123 4567', email: 'eleni@papadopoulos.example', street: 'Ermou 10', city: 'Αθήνα', postal_code: '105 63', country: 'Greece',
      other_phones: [{ label: 'Assistant', number: '+30 21 0765 4321' }],
    });
    // N empty and ORG set, or X-ABShowAs:COMPANY: a company lead; a person's name on it is kept beside it
    expect(chan).toMatchObject({ first_name: null, last_name: null, company: 'Chan Plumbing', phone_e164: '+13125550199', extra: null });
    expect(lee).toMatchObject({ first_name: null, last_name: null, company: 'Lee Bakery', extra: { 'Contact Name': 'Bo Lee' } });
    expect((await run(['import', join(FIX, 'mac-utf16.vcf'), '--dry-run'])).stdout).toContain('read as UTF-16BE');
  });
});

describe('vCard files that are not what they seem', () => {
  it('a card of 200,000 phone lines is left out with its reason; the file is read on and the card after it comes in', async () => {
    const file = join(ws.dir, 'huge.vcf');
    const tels = Array.from({ length: 200_000 }, (_, i) => `TEL;TYPE=CELL:+1 617 555 ${String(i % 10000).padStart(4, '0')}`);
    writeFileSync(file, ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Many Phones', ...tels, 'END:VCARD', 'BEGIN:VCARD', 'VERSION:3.0', 'FN:Ann Baker', 'TEL:(617) 555-0134', 'END:VCARD', ''].join('\r\n'));
    const r = await run(['import', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      inserted: 1, rejected: 1, rejects: [{ line: 1, reason: "a vCard of 200,002 properties (more than 1,000): not a person's card, left out" }],
    });
    expect(leadsOf().map((l) => l.last_name)).toEqual(['Baker']);
  });

  it('a .vcf file with no card in it: exit 1 with the reason, nothing imported', async () => {
    const file = join(ws.dir, 'notes.vcf');
    writeFileSync(file, 'Ann Baker 617 555 0134\n');
    const r = await run(['import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`leads: ${file}: the file holds no vCard (BEGIN:VCARD … END:VCARD): nothing imported\n`);
    expect(q('SELECT count(*) AS n FROM leads')).toEqual([{ n: 0 }]);
  });

  it('a file whose every card is rejected yields no lead: exit 1 with the first reason, nothing imported', async () => {
    const file = join(ws.dir, 'open.vcf');
    writeFileSync(file, 'BEGIN:VCARD\r\nVERSION:2.1\r\nN:Baker;Ann;;;\r\nTEL:(617) 555-0134\r\n');
    const r = await run(['import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`leads: ${file}: its one card was rejected (line 1: a vCard that does not end (no END:VCARD)); nothing imported\n`);
    expect(q('SELECT count(*) AS n FROM leads')).toEqual([{ n: 0 }]);
  });

  it('--rejects holds a rejected card whole, with its line and reason', async () => {
    const file = join(ws.dir, 'two.vcf');
    writeFileSync(file, 'BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:no name\\, no number\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Baker\r\nEND:VCARD\r\n');
    const rejects = join(ws.dir, 'rejects.csv');
    const r = await run(['import', file, '--rejects', rejects, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 1, rejected: 1 });
    expect(readFileSync(rejects, 'utf8')).toBe('line,reason,vCard\r\n1,"no name, company, phone or email","VERSION:3.0\nNOTE:no name\\, no number"\r\n');
  });
});
