// leads import of lists with leads abroad and of the exports people have (fixtures written for
// the purpose, in test/fixtures/import/): each phone read in its row's own country, a number not
// valid there kept as written with no E.164, a US ZIP that lost its zeros padded and counted, an
// email that is no address set aside and counted, a display name taken off an address;
// Thunderbird's CSV export in full; a Japanese business-card export in UTF-8 and in Shift_JIS.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { leadsInProcess, ROOT, tempWorkspace } from '../helpers/cli.js';
import { query } from '../helpers/cycle.js';

const FIX = join(ROOT, 'test', 'fixtures', 'import');

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const run = (args: string[]) => leadsInProcess(args, { db: ws.db });
const lead = (where: string) => {
  const l = query(ws.db, `SELECT * FROM leads WHERE ${where}`)[0];
  return { ...l, extra: l.extra ? JSON.parse(l.extra as string) : null, other_phones: l.other_phones ? JSON.parse(l.other_phones as string) : null };
};

async function imp(file: string, ...args: string[]) {
  const r = await run(['import', join(FIX, file), '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('a list with leads abroad (abroad.csv)', () => {
  it("each phone is read in its row's country; one not valid there gets no E.164; ZIPs and emails set right, and counted", async () => {
    expect(await imp('abroad.csv')).toMatchObject({ read: 8, inserted: 8, rejected: 0, phones_kept_as_written: 2, zips_padded: 3, emails_not_addresses: 1 });
    // `0201234567` is no London number (one digit short): kept as written, flagged, never made a +1 number
    expect(lead("last_name = 'Abbot'")).toMatchObject({ phone: '0201234567', phone_e164: null, phone_valid: 0, country: 'GB' });
    expect(lead("last_name = 'Bell'")).toMatchObject({ phone: '020 7946 0958', phone_e164: '+442079460958', phone_valid: 1, country: 'United Kingdom' });
    expect(lead("last_name = 'Dorn'")).toMatchObject({ phone_e164: '+49301234567', country: 'Deutschland' });
    expect(lead("last_name = 'Endo'")).toMatchObject({ phone_e164: '+81312345678', city: '千代田区', region: '東京都' });
    // `ST` is the state, `E-mail Addr` the email; a ZIP that lost its leading zero beside a US state is padded, as written kept
    expect(lead("last_name = 'Cole'")).toMatchObject({ region: 'MA', postal_code: '02110', email: 'cara@cole.example', extra: { 'Post Code as written': '2110' } });
    expect(lead("last_name = 'Fox'")).toMatchObject({ postal_code: '00211', phone: '555-0199', phone_e164: null });
    // UK postcodes are no ZIPs
    expect(lead("last_name = 'Bell'")).toMatchObject({ postal_code: 'EC1A 1BB', extra: null });
    // not an address: kept with the lead, never its email; a display name taken apart from the address
    expect(lead("last_name = 'Bad'")).toMatchObject({ email: null, email_norm: null, extra: { 'E-mail Addr': 'not-an-email', 'Post Code as written': '2111' } });
    expect(lead("last_name = 'Dunn'")).toMatchObject({ email: 'cy@a.example', email_norm: 'cy@a.example', extra: null });
  });

  it('the summary says what was padded, kept as written and set aside', async () => {
    const r = await run(['import', join(FIX, 'abroad.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2 phones kept as written, to be dialled as written: not valid numbers in their row's country (its country column, else US); --country?");
    expect(r.stdout).toContain('3 US ZIPs of 3-4 digits padded with the leading zeros a spreadsheet dropped (2110 → 02110); as written kept with the lead');
    expect(r.stdout).toContain('1 email is not an address (no name@domain): kept with the lead, not as its email; nothing is sent there');
    expect(r.stdout).toContain('columns: name=Name, phone=Tel., email=E-mail Addr, address=Mailing Address, city=Town, region=ST, postal_code=Post Code, country=Country');
  });

  it('a row whose only way to reach the person is an email that is no address is rejected, with the reason', async () => {
    const file = join(ws.dir, 'bad.csv');
    (await import('node:fs')).writeFileSync(file, 'Email,Notes\nnot-an-email,met at the fair\nann@baker.example,\n');
    const r = JSON.parse((await run(['import', file, '--json'])).stdout);
    expect(r).toMatchObject({ inserted: 1, rejected: 1, rejects: [{ line: 2, reason: 'no name, company or phone, and the email is not an address' }] });
  });
});

describe("Thunderbird's CSV export", () => {
  it('the work block first, the home block whole with its ZIP code when there is no work address; fax kept', async () => {
    const r = await imp('thunderbird.csv');
    expect(r).toMatchObject({ read: 2, inserted: 2, rejected: 0 });
    expect(r.candidates.postal_code).toEqual(['Work ZipCode', 'Home ZipCode']);
    // the comma ending each line makes a blank last header: no word about it
    expect(r.renamed).toEqual([]);
    expect(lead("last_name = 'Baker'")).toMatchObject({
      first_name: 'Ann', company: 'Baker Co', title: 'Owner', phone: '(617) 555-0134', mobile: '(617) 555-0135', email: 'ann@bakerco.example',
      street: '1 Main St, Suite 4', city: 'Boston', region: 'MA', postal_code: '02110', country: 'USA',
      other_phones: [{ label: 'Home Phone', number: '(617) 555-0138' }],
    });
    expect(lead("last_name = 'Baker'").extra).toMatchObject({
      'Fax Number': '(617) 555-0136', 'Secondary Email': 'ann@home.example', 'Home Address': '9 Home Ln', 'Home ZipCode': '02169', Department: 'Sales',
    });
    expect(lead("last_name = 'Dunn'")).toMatchObject({ phone: '(503) 555-0103', street: '5 Elm St, Apt 2', city: 'Salem', region: 'OR', postal_code: '97301', country: 'USA' });
  });
});

describe('a Japanese business-card export', () => {
  it.each([
    ['japanese-cards.csv', 'utf8', 'JP'],
    ['japanese-cards-sjis.csv', 'shift_jis', 'Japan'],
  ])('%s (%s, --country %s): name family first, company, title, phones, email, address; the department and the rest kept', async (file, encoding, country) => {
    const r = await imp(file, '--country', country);
    expect(r).toMatchObject({ read: 2, inserted: 2, encoding, phones_kept_as_written: 0 });
    expect(lead("company = 'ソニー株式会社'")).toMatchObject({
      first_name: '太郎', last_name: '山田', title: '課長', phone: '03-1234-5678', phone_e164: '+81312345678', mobile: '090-1234-5678',
      mobile_e164: '+819012345678', email: 'taro.yamada@sony.example', street: '東京都千代田区丸の内1-1-1', postal_code: '100-0005',
      extra: { 部署名: '営業部', FAX: '03-1234-5679', URL: 'https://sony.example', 名刺交換日: '2026/04/01', 氏名: '山田 太郎' },
    });
    // a whole name only: split family name first
    expect(lead("company = '株式会社サンプル'")).toMatchObject({ first_name: '花子', last_name: '佐藤', phone_e164: '+81612345678' });
  });

  it('read in the default country (US) its phones are kept as written and the summary points to --country', async () => {
    const r = await run(['import', join(FIX, 'japanese-cards-sjis.csv')]);
    // two office phones and a mobile, each counted
    expect(r.stdout).toContain('3 phones kept as written');
    expect(r.stdout).toContain('read as SHIFT_JIS');
    expect(lead("last_name = '山田'")).toMatchObject({ phone: '03-1234-5678', phone_e164: null, mobile: '090-1234-5678', mobile_e164: null });
  });
});
