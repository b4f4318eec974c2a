// leads import of real exports' shapes (fixtures written for the purpose, in
// test/fixtures/import/): every column a person filled lands somewhere, chosen per row;
// localised and typed headers; a re-import adds nothing; a file that is no contact list
// or no CSV at all is refused whole.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leadsInProcess, ROOT, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';

const FIX = join(ROOT, 'test', 'fixtures', 'import');

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const run = (args: string[]) => leadsInProcess(args, { db: ws.db });

async function imp(args: string[]) {
  const r = await run(['import', ...args, '--json']);
  if (r.code !== 0) throw new Error(`import failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function q<T = Record<string, unknown>>(sql: string): T[] {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const lead = (where: string) => {
  const l = q(`SELECT * FROM leads WHERE ${where}`)[0];
  return { ...l, extra: l.extra ? JSON.parse(l.extra as string) : null, other_phones: l.other_phones ? JSON.parse(l.other_phones as string) : null };
};
const count = () => q<{ n: number }>('SELECT count(*) AS n FROM leads')[0].n;

describe('localised Outlook', () => {
  it('a German Outlook export: phone, mobile, email and the business address; Ort (Location) kept, never the city', async () => {
    const r = await imp([join(FIX, 'outlook-de.csv'), '--country', 'DE']);
    expect(r).toMatchObject({ read: 2, inserted: 2, rejected: 0, encoding: 'win1252', delimiter: ';' });
    expect(r.candidates.phone).toEqual(['Telefon geschäftlich', 'Telefon privat']);
    expect(lead("last_name = 'Weiß'")).toMatchObject({
      first_name: 'Jürgen', company: 'Weiß & Söhne GmbH', title: 'Einkaufsleiter', phone: '0711 1234567', phone_e164: '+497111234567',
      mobile: '0171 2345678', email: 'j.weiss@weiss.example', street: 'Königstraße 5, 3. OG', city: 'Stuttgart', region: 'BW',
      postal_code: '70173', country: 'Deutschland', other_phones: [{ label: 'Telefon privat', number: '0711 7654321' }],
    });
    const weiss = lead("last_name = 'Weiß'");
    // the home address is not mixed in: kept whole with the lead, like the fax and Outlook's Location
    expect(weiss.extra).toMatchObject({ 'Straße privat': 'Am Hang 9', 'Ort privat': 'Esslingen', 'Fax geschäftlich': '0711 1234568', Ort: 'Halle 3, Stand 12' });
    // a contact with only home details: the home phone is the phone, the home block the address; the pager is not
    expect(lead("last_name = 'Groß'")).toMatchObject({
      phone: '089 7654321', street: 'Lindenweg 2', city: 'München', postal_code: '80331', other_phones: null,
      extra: { Anrede: 'Frau', Pager: '089 5550000', Ort: 'Büro 2' },
    });
  });
});

describe('candidates chosen per row', () => {
  it('business cells empty: the home phone and home address; a second Company column; fax never the phone', async () => {
    const r = await run(['import', join(FIX, 'business-home.csv')]);
    expect(r.code).toBe(0);
    // the summary shows each field's columns in the order a row tries them
    expect(r.stdout).toContain('phone=Business Phone > Home Phone > Other Phone');
    expect(r.stdout).toContain('street=Business Street > Home Street');
    expect(lead("last_name = 'Ode'")).toMatchObject({
      phone: '(515) 555-0101', street: '1 Barn Rd', city: 'Ames', other_phones: [{ label: 'Home Phone', number: '(515) 555-0102' }],
    });
    expect(lead("last_name = 'Ode'").extra).toMatchObject({ Title: 'Mr.', 'Home Street': '2 House Ln', 'Home City': 'Nevada', Location: 'North field' });
    expect(lead("last_name = 'Dunn'")).toMatchObject({
      phone: '(503) 555-0103', phone_e164: '+15035550103', email: 'cy@dunn.example', street: '5 Elm St', city: 'Salem', region: 'OR', postal_code: '97301',
    });
    expect(lead("last_name = 'Eno'")).toMatchObject({ company: 'Eno Hardware', phone: '(503) 555-0104', extra: { 'Business Fax': '(503) 555-0199' } });
  });

  it('Google typed phones and emails: Mobile is the mobile, Work before Home, pager and fax never the phone; the Work address', async () => {
    await imp([join(FIX, 'google-typed.csv')]);
    expect(lead("last_name = 'Park'")).toMatchObject({
      phone: '(617) 555-0122', mobile: '(617) 555-0111', email: 'rosa@parktools.example', street: '1 Shop St', city: 'Boston', postal_code: '02110',
    });
    expect(lead("last_name = 'Park'").extra).toMatchObject({ 'Phone 1 - Value': '(617) 555-0100', 'E-mail 1 - Value': 'rosa@home.example', 'Address 1 - Street': '9 Home Ln' });
    expect(lead("last_name = 'Lee'")).toMatchObject({
      phone: '(212) 555-0191', other_phones: [{ label: 'Phone 3 - Value (Other)', number: '(212) 555-0192' }], extra: { 'Phone 1 - Value': '(212) 555-0190' },
    });
    expect(lead("last_name = 'Cho'")).toMatchObject({ phone: null, mobile: '(415) 555-0133', email: 'tia@cho.example' });
  });

  it('further phones are shown by leads show and in --json', async () => {
    await imp([join(FIX, 'business-home.csv')]);
    const id = lead("last_name = 'Ode'").id as number;
    const shown = await run(['show', String(id)]);
    expect(shown.stdout).toMatch(/other phones\s+\(515\) 555-0102 \(Home Phone\)/);
    const json = JSON.parse((await run(['show', String(id), '--json'])).stdout);
    expect(json.other_phones).toEqual([{ label: 'Home Phone', number: '(515) 555-0102' }]);
  });

  it('the caller sees the further phones on the call card', async () => {
    await imp([join(FIX, 'business-home.csv')]);
    const r = await leadsInProcess(['call', '--any-hour', '--limit', '1'], {
      db: ws.db, tty: true, prompter: scriptedPrompter(['q']), env: { LEADS_TODAY: '2026-11-24 15:00', NO_COLOR: '1' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('#1 Ben Ode');
    expect(r.stdout).toMatch(/also try\s+\(515\) 555-0102 \(Home Phone\)/);
  });

  it('HubSpot: State/Region and Country/Region; phones that are no valid number counted in the summary and --json', async () => {
    const r = await run(['import', join(FIX, 'hubspot.csv')]);
    expect(r.stdout).toContain("2 phones kept as written, to be dialled as written: not valid numbers in their row's country (its country column, else US); --country?");
    expect(lead("last_name = 'Fox'")).toMatchObject({ region: 'MA', country: 'United States', street: '3 Pier Rd' });
    expect(lead("last_name = 'Hill'")).toMatchObject({ phone: '555-0156', phone_valid: 0, phone_e164: null });
    ws.cleanup();
    ws = tempWorkspace();
    expect(await imp([join(FIX, 'hubspot.csv')])).toMatchObject({ inserted: 3, phones_kept_as_written: 2 });
  });
});

describe('re-import adds nothing', () => {
  it('name-only and company-only rows, imported again, in another case and with other accents', async () => {
    expect(await imp([join(FIX, 'name-only.csv')])).toMatchObject({ inserted: 4 });
    expect(await imp([join(FIX, 'name-only.csv')])).toMatchObject({ inserted: 0, duplicates_in_db: 4 });
    expect(await imp([join(FIX, 'name-only-again.csv')])).toMatchObject({ inserted: 0, duplicates_in_db: 4 });
    expect(count()).toBe(4);
  });

  it('a lead added by hand without phone or email is found by its name too', async () => {
    expect((await run(['add', '--first', 'Cher'])).code).toBe(0);
    expect(await imp([join(FIX, 'name-only.csv')])).toMatchObject({ inserted: 3, duplicates_in_db: 1 });
  });
});

describe('files that are not contact lists', () => {
  it('no column is a name, company, phone or email: refused whole, exit 2, headers listed, --map named', async () => {
    const r = await run(['import', join(FIX, 'junk.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no column is a name, company, phone or email');
    expect(r.stderr).toContain('"Name:"');
    expect(r.stderr).toContain('--map');
    expect(q('SELECT * FROM imports')).toEqual([]);
    expect(count()).toBe(0);
  });

  it.each([
    ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'old Excel workbook (.xls)'],
    ['sheet.ods', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(26), Buffer.from('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')]), 'OpenDocument spreadsheet (.ods)'],
    ['letter.docx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(26), Buffer.from('[Content_Types].xml word/document.xml')]), 'Word or PowerPoint document'],
    ['Contacts.numbers', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(26), Buffer.from('Index/Document.iwa')]), 'Apple Numbers'],
    ['export.zip', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(26), Buffer.from('contacts.csv')]), 'zip archive'],
  ])('%s: one line saying what it is and how to save it as CSV, never the UTF-16 hint', async (name, bytes, what) => {
    const f = join(ws.dir, name);
    writeFileSync(f, bytes);
    const r = await run(['import', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(what);
    expect(r.stderr).not.toContain('UTF-16');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // following an old hint does not bring it back
    const forced = await run(['import', f, '--encoding', 'utf-16le']);
    expect(forced.stderr).toContain(what);
    expect(forced.stderr).not.toContain('UTF-16');
  });
});

describe('fields of any size', () => {
  it('a 5 MB cell rejects its row whole with line and reason; the rows around it come in; no fragment is a lead', async () => {
    const big = 'word '.repeat(1_000_000);
    const f = join(ws.dir, 'big.csv');
    writeFileSync(f, `First Name,Last Name,Phone,Notes\nAnn,Baker,617-555-0134,short\nBig,Cell,617-555-0135,"${big}\n${big}"\nCy,Dunn,617-555-0136,"two\nlines"\nHuge,Name${'x'.repeat(5_000_000)},617-555-0137,\nEd,Eno,617-555-0138,\n`);
    const r = await run(['import', f, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ read: 5, inserted: 3, rejected: 2 });
    expect(j.rejects).toEqual([
      { line: 3, reason: 'field "Notes" longer than 65,536 characters' },
      { line: 7, reason: 'field "Last Name" longer than 1,000 characters' },
    ]);
    expect(q<{ last_name: string }>('SELECT last_name FROM leads ORDER BY id').map((l) => l.last_name)).toEqual(['Baker', 'Dunn', 'Eno']);
    expect(q<{ n: number }>('SELECT max(length(coalesce(first_name, \'\')) + length(coalesce(extra, \'\'))) AS n FROM leads')[0].n).toBeLessThan(100);
  });

  it('a field over its cap in a row that fits in memory is rejected the same way, into --rejects', async () => {
    const f = join(ws.dir, 'wide.csv');
    writeFileSync(f, `Name,Company,Email\nAnn Baker,${'A'.repeat(1001)},ann@baker.example\nBo Chan,Chan Co,bo@chan.example\n`);
    const rej = join(ws.dir, 'rejects.csv');
    const r = await run(['import', f, '--rejects', rej]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('line 2: field "Company" longer than 1,000 characters\n');
    expect(count()).toBe(1);
  });

  it('a quote over 4 MB that never closes: the file is refused whole, nothing imported', async () => {
    const f = join(ws.dir, 'open.csv');
    writeFileSync(f, `Name,Phone\nAnn Baker,"617-555-0134\n${'Bo Chan,617-555-0135\n'.repeat(250_000)}`);
    const r = await run(['import', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2: a quote opens there and never closes.*nothing imported/);
    expect(count()).toBe(0);
  });
});
