// leads import / leads imports through the CLI, on a temp database: each format
// of fixture (test/fixtures/import/), what is stored, counts, repeats, rejects, refusals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { leads, leadsInProcess, ROOT, tempWorkspace } from '../helpers/cli.js';

const FIX = join(ROOT, 'test', 'fixtures', 'import');
const SHARED = join(ROOT, '..', 'shared', 'fixtures', 'google-apps-shared-contacts.csv');

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

function q<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const lead = (where: string) => q(`SELECT * FROM leads WHERE ${where}`)[0] as Record<string, unknown>;
const count = (sql = 'SELECT count(*) AS n FROM leads') => (q<{ n: number }>(sql)[0]).n;

function imp(args: string[], env?: Record<string, string>) {
  const r = leads(['import', ...args, '--json'], { db: ws.db, env });
  if (r.code !== 0) throw new Error(`import failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function file(name: string, content: string | Buffer): string {
  const p = join(ws.dir, name);
  writeFileSync(p, content);
  return p;
}

describe('formats', () => {
  it('a spreadsheet: UTF-8 BOM, CRLF, quoted commas/quotes/line breaks, padding, blank lines, ragged rows', () => {
    const r = imp([join(FIX, 'spreadsheet.csv'), '--source', 'expo', '--list', 'spring']);
    expect(r).toMatchObject({ read: 9, inserted: 7, duplicates: 1, duplicates_in_file: 1, updated: 0, rejected: 1, shared: 1 });
    expect(r.rejects).toEqual([{ line: 10, reason: 'no name, company, phone or email' }]);
    expect(lead("last_name = 'Baker'")).toMatchObject({
      first_name: 'Ann', company: 'Baker, Fox & Co', phone: '(617) 555-0134', phone_e164: '+16175550134', phone_valid: 1,
      email: 'ann@baker.example', street: '12 Elm St', postal_code: '02134', source: 'expo', list: 'spring',
      extra: '{"Website":"baker.example"}',
    });
    // padding trimmed, accents and the + kept, email matched lower-cased but kept as written
    expect(lead("first_name = 'Zoë'")).toMatchObject({
      last_name: 'Ångström', phone: '+44 20 7946 0958', phone_e164: '+442079460958', email: 'ZOE@NORDIC.EXAMPLE',
      email_norm: 'zoe@nordic.example', postal_code: 'SW1A 1AA',
    });
    // notes go on the import touch, line breaks and inner quotes exactly as written
    const notes = q<{ note: string }>("SELECT note FROM touches WHERE channel = 'import' AND note IS NOT NULL ORDER BY id").map((t) => t.note);
    expect(notes).toContain('Said "call in spring"');
    expect(notes).toContain('Two lines:\r\nsecond line');
    // an extension kept apart; a cell past the header kept; a company alone is a lead
    expect(lead("last_name = 'Ek'")).toMatchObject({ phone_e164: '+16175550101', phone_ext: '12', extra: '{"column 12":"extra cell"}' });
    expect(lead("company = 'No Name Inc'")).toMatchObject({ first_name: null, last_name: null });
    // the same phone under another name: a new lead flagged as sharing it
    const ann = lead("last_name = 'Baker'");
    expect(lead("last_name = 'Stone'")).toMatchObject({ shares_with: ann.id });
    // an impossible number kept as written and flagged, never dropped
    expect(lead("last_name = 'Frost'")).toMatchObject({ phone: '(111) 222-3333', phone_valid: 0 });
  });

  it('Google Contacts: E-mail 1 - Value, Phone 1 - Value, Address 1 - Street; several values in a cell', () => {
    const r = imp([join(FIX, 'google-contacts.csv')]);
    expect(r).toMatchObject({ read: 2, inserted: 2, rejected: 0 });
    expect(r.mapped).toMatchObject({ email: 'E-mail 1 - Value', phone: 'Phone 1 - Value', street: 'Address 1 - Street', company: 'Organization Name' });
    expect(lead("last_name = 'Hart'")).toMatchObject({
      first_name: 'Gail', company: 'Hart Dental', title: 'Owner', phone_e164: '+13035550142', email: 'gail@hartdental.example',
      street: '400 Pine Rd', city: 'Denver', region: 'CO', postal_code: '80203', country: 'US',
    });
    expect(JSON.parse(lead("last_name = 'Hart'").extra as string)).toMatchObject({ 'Address 1 - Formatted': '400 Pine Rd\nDenver, CO 80203' });
    // Google's Phone 2 - Label says Mobile: the number is the mobile
    expect(lead("last_name = 'Hart'")).toMatchObject({ mobile: '(720) 555-0199', mobile_e164: '+17205550199', other_phones: null });
    const hal = lead("last_name = 'Ives'");
    // typed Mobile: the first of the cell's numbers is the mobile, the second another phone
    expect(hal).toMatchObject({ email: 'hal@ives.example', phone: null, mobile: '+1 303 555 0150', mobile_e164: '+13035550150' });
    expect(JSON.parse(hal.other_phones as string)).toEqual([{ label: 'Phone 1 - Value', number: '+1 303 555 0151' }]);
    expect(JSON.parse(hal.extra as string)).toMatchObject({ 'E-mail 1 - Value': 'hal@ives.example ::: hal.ives@work.example' });
  });

  it('Outlook: Windows-1252 detected (0x80-0x9F right), CRLF, every field quoted, Job Title over Title', () => {
    const r = imp([join(FIX, 'outlook.csv')]);
    expect(r).toMatchObject({ read: 2, inserted: 2, encoding: 'win1252' });
    expect(lead("first_name = 'José'")).toMatchObject({
      last_name: 'Muñoz', company: 'Café “Le Monde”', title: 'Propriétaire', street: '5 Rue de l’Église, Suite 2', city: 'Montréal',
      region: 'QC', postal_code: 'H2X 1Y4', country: 'Canada', phone_e164: '+15145550123', email: 'jose@lemonde.example',
    });
    expect(q("SELECT note FROM touches WHERE note LIKE 'Prix%'")).toEqual([{ note: 'Prix: 100€ – Œuvre Š' }]);
    expect(lead("last_name = 'Lee'")).toMatchObject({ mobile: '512-555-0199', mobile_e164: '+15125550199', extra: '{"Title":"Ms.","Categories":"Vendors"}' });
    // nothing anywhere holds a replacement character
    expect(count("SELECT count(*) AS n FROM leads WHERE instr(coalesce(company,'') || coalesce(extra,''), char(65533)) > 0")).toBe(0);
  });

  it('--encoding forces the decoder; the five bytes Windows-1252 leaves undefined are kept, not replaced', () => {
    const bytes = Buffer.concat([Buffer.from('Name,Company\nAl Able,A'), Buffer.from([0x81, 0x8d, 0x80]), Buffer.from('\n')]);
    const r = imp([file('w.csv', bytes), '--encoding', 'cp1252']);
    expect(r).toMatchObject({ inserted: 1, encoding: 'win1252' });
    expect(lead('1').company).toBe('A\u0081\u008d€');
  });

  it('LinkedIn connections: the notes above the header are skipped; leads without phone kept', () => {
    const r = imp([join(FIX, 'linkedin.csv')]);
    expect(r).toMatchObject({ read: 2, inserted: 2, rejected: 0 });
    expect(lead("last_name = 'Nash'")).toMatchObject({ first_name: 'Mia', email: 'mia@nash.example', company: 'Nash Consulting', title: 'Principal' });
    expect(JSON.parse(lead("last_name = 'Ortiz'").extra as string)).toEqual({ URL: 'https://www.linkedin.com/in/nedortiz', 'Connected On': '01 Feb 2023' });
  });

  it('a broker list with semicolons (sniffed), German headers, --country for its numbers', () => {
    const r = imp([join(FIX, 'broker-semicolon.csv'), '--country', 'de']);
    expect(r).toMatchObject({ inserted: 2, delimiter: ';' });
    expect(lead("last_name = 'Müller'")).toMatchObject({
      first_name: 'Jürgen', company: 'Müller GmbH', street: 'Hauptstr. 1', postal_code: '01067', city: 'Dresden',
      phone: '0351 1234567', phone_e164: '+493511234567', email: 'j.mueller@mueller.example', extra: '{"Anrede":"Herr"}',
    });
  });

  it('a broker list with pipes and upper-case headers; unknown columns kept and listed', () => {
    const r = imp([join(FIX, 'broker-pipe.txt')]);
    expect(r).toMatchObject({ inserted: 2, delimiter: '|', unmapped: ['SIC CODE', 'EMPLOYEES'] });
    expect(lead("last_name = 'Price'")).toMatchObject({ company: 'Redwood HVAC', phone_e164: '+16025550111', street: '900 Mill Rd', postal_code: '85001' });
    const human = leads(['import', join(FIX, 'broker-pipe.txt'), '--dry-run'], { db: ws.db });
    expect(human.stdout).toContain('kept with the leads: SIC CODE, EMPLOYEES');
  });

  it('UTF-16LE with a BOM, tab-delimited (Excel Unicode text)', () => {
    const r = imp([join(FIX, 'unicode-text.txt')]);
    expect(r).toMatchObject({ inserted: 2, encoding: 'utf16le', delimiter: '\t' });
    expect(lead("first_name = 'Rosa'")).toMatchObject({ last_name: 'Sánchez', company: 'Sánchez & Hijos', phone_e164: '+13055550133' });
  });

  it('mixed LF and CRLF, and CR only: records split right, a CRLF inside quotes kept', () => {
    expect(imp([join(FIX, 'mixed-endings.csv')])).toMatchObject({ read: 3, inserted: 3, rejected: 0 });
    expect(q("SELECT last_name, note FROM leads JOIN touches ON lead_id = leads.id ORDER BY leads.id")).toEqual([
      { last_name: 'Upton', note: 'first\r\nsecond' },
      { last_name: 'Vance', note: 'plain' },
      { last_name: 'Wong', note: 'ends quoted' },
    ]);
    expect(count("SELECT count(*) AS n FROM leads WHERE phone LIKE '%' || char(13) || '%'")).toBe(0);
    expect(imp([join(FIX, 'cr-only.csv')])).toMatchObject({ read: 2, inserted: 2 });
    expect(lead("last_name = 'Zee'")).toMatchObject({ phone: '(404) 555-0105' });
  });

  it('headers that repeat, __proto__ and empty ones are renamed and kept, never merged', () => {
    const r = imp([join(FIX, 'odd-headers.csv')]);
    expect(r.renamed).toEqual([
      { from: 'Phone', to: 'Phone (2)', column: 3 },
      { from: '__proto__', to: '__proto__ (column 4)', column: 4 },
      { from: '', to: 'column 5', column: 5 },
    ]);
    expect(JSON.parse(lead('1').extra as string)).toEqual({ '__proto__ (column 4)': 'polluted', 'column 5': 'blank header' });
    // the repeated Phone is a second candidate: kept as another phone
    expect(JSON.parse(lead('1').other_phones as string)).toEqual([{ label: 'Phone (2)', number: '(212) 555-0108' }]);
    expect(lead('1').phone).toBe('(212) 555-0107');
  });

  it('--map overrides the names and --delimiter the sniffing', () => {
    const p = file('m.csv', 'Who;Dial;Org\nAl Able;(212) 555-0101;Able Co\n');
    const r = imp([p, '--map', 'name=Who', '--map', 'phone=Dial', '--map', 'company=Org', '--delimiter', ';']);
    expect(r).toMatchObject({ inserted: 1, mapped: { name: 'Who', phone: 'Dial', company: 'Org' } });
    expect(lead('1')).toMatchObject({ first_name: 'Al', last_name: 'Able', phone_e164: '+12125550101', company: 'Able Co' });
  });
});

describe('the shared fixtures and the sample list', () => {
  it.skipIf(!existsSync(SHARED))('google-apps-shared-contacts.csv imports as its README says', () => {
    const r = imp([SHARED]);
    expect(r).toMatchObject({ read: 100, inserted: 100, rejected: 0 });
    expect(r.mapped).toMatchObject({
      name: 'Name', company: 'Company', title: 'Job Title', notes: 'Notes', phone: 'Business Phone',
      mobile: 'Mobile Phone', email: 'E-mail Address', address: 'Business Address',
    });
    const two = lead("email = 'testmail1@test.com'");
    expect(two).toMatchObject({
      first_name: 'Name Test', last_name: '2', company: 'Test Company 2', title: 'CFO', phone: '(111) 111-2222', phone_valid: 0,
      mobile: '(333) 555-6666', street: 'Address #1 RR1, East Aylesford, NS B0P 1',
    });
    const extra = JSON.parse(two.extra as string);
    expect(extra).toMatchObject({ 'Custom Key1': 'Newsletters', 'Custom Value1': '2', 'Business Fax': '(111) 222-3333', domain: 'cloutest1.com' });
    expect(q("SELECT note FROM touches WHERE lead_id = ?", two.id)).toEqual([{ note: 'Test notes 2' }]);
    // every row with a phone keeps it as written, valid or not
    expect(count("SELECT count(*) AS n FROM leads WHERE phone IS NOT NULL AND phone_valid IS NULL")).toBe(0);
  });

  it.skipIf(!existsSync(join(ROOT, 'examples', 'prospects.csv')))('examples/prospects.csv imports, and a second time adds nothing and says so', () => {
    const sample = join(ROOT, 'examples', 'prospects.csv');
    const first = imp([sample, '--list', 'sample', '--source', 'examples']);
    expect(first.read).toBeGreaterThan(0);
    expect(first.inserted + first.duplicates + first.rejected).toBe(first.read);
    const touches = count('SELECT count(*) AS n FROM touches');
    const again = leads(['import', sample, '--list', 'sample', '--source', 'examples'], { db: ws.db });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^new +0$/m);
    expect(again.stdout).toContain('this file was imported before (import 1, 2026-11-24): nothing new');
    expect(count()).toBe(first.inserted);
    expect(count('SELECT count(*) AS n FROM touches')).toBe(touches);
  });
});

describe('new or repeat', () => {
  const base = 'First Name,Last Name,Phone,Email,City\nAnn,Baker,(617) 555-0134,ann@baker.example,\nBo,Cole,617-555-0188,,Salem\n';

  it('a repeat in the database: skip fills only empty fields, with an import touch naming them', () => {
    imp([file('a.csv', base)]);
    const r = imp([file('b.csv', 'First Name,Last Name,Phone,Email,City\nANN,baker,617.555.0134,,Boston\nBo,Cole,(617) 555-0188,BO@COLE.EXAMPLE,Lynn\n')]);
    expect(r).toMatchObject({ read: 2, inserted: 0, duplicates: 2, duplicates_in_db: 2, updated: 2 });
    expect(lead("last_name = 'Baker'")).toMatchObject({ first_name: 'Ann', city: 'Boston', email: 'ann@baker.example' });
    expect(lead("last_name = 'Cole'")).toMatchObject({ city: 'Salem', email: 'BO@COLE.EXAMPLE', email_norm: 'bo@cole.example' });
    const t = q<{ data: string; import_id: number }>("SELECT data, import_id FROM touches WHERE lead_id = 2 AND import_id = 2");
    // with what the columns were and became, for leads imports undo
    expect(JSON.parse(t[0].data)).toEqual({
      changed: ['email'], line: 3,
      before: { email: null, email_norm: null }, after: { email: 'BO@COLE.EXAMPLE', email_norm: 'bo@cole.example' },
    });
  });

  it('--on-duplicate update overwrites contact fields, never codes, history or do-not-call', () => {
    imp([file('a.csv', base)]);
    expect(leads(['log', '1', '2'], { db: ws.db }).code).toBe(0);
    expect(leads(['dnc', '1'], { db: ws.db }).code).toBe(0);
    const before = lead('id = 1');
    const r = imp([file('b.csv', 'First Name,Last Name,Phone,Email,City\nAnn,Baker,617.555.0134,ann@new.example,Boston\n'), '--on-duplicate', 'update']);
    expect(r).toMatchObject({ inserted: 0, updated: 1 });
    const after = lead('id = 1');
    expect(after).toMatchObject({ email: 'ann@new.example', email_norm: 'ann@new.example', phone: '617.555.0134', city: 'Boston' });
    for (const k of ['code', 'do_not_call', 'status', 'touch_count', 'last_called_at', 'next_contact_at', 'created_at']) expect(after[k]).toEqual(before[k]);
    expect(after.do_not_call).toBe(1);
    expect(count("SELECT count(*) AS n FROM touches WHERE lead_id = 1 AND channel = 'call'")).toBe(1);
  });

  it('a shared phone or email with another name makes a new lead flagged as sharing it', () => {
    imp([file('a.csv', base)]);
    const r = imp([file('b.csv', 'First Name,Last Name,Phone,Email\nCy,Dunn,(617) 555-0134,\nDi,Ek,,ann@baker.example\n,,,ann@baker.example\n')]);
    expect(r).toMatchObject({ read: 3, inserted: 2, duplicates: 1, shared: 2 });
    expect(q('SELECT last_name, shares_with FROM leads WHERE id > 2 ORDER BY id')).toEqual([
      { last_name: 'Dunn', shares_with: 1 },
      { last_name: 'Ek', shares_with: 1 },
    ]);
  });

  it('names agree when one side has no name, or first names match without a last name', () => {
    imp([file('a.csv', 'Name,Phone,Email\n,(617) 555-0101,\nAnn,,ann@x.example\n')]);
    const r = imp([file('b.csv', 'Name,Phone,Email\nAl Able,(617) 555-0101,\nAnn Baker,,ANN@x.example\nBob,,ann@x.example\n')]);
    expect(r).toMatchObject({ inserted: 1, duplicates: 2, shared: 1 });
    expect(lead('id = 1')).toMatchObject({ first_name: 'Al', last_name: 'Able' });
    expect(lead('id = 2')).toMatchObject({ first_name: 'Ann', last_name: 'Baker' });
  });

  it('a row with a phone and no email is a full lead; rows with neither are recognised by name and company', () => {
    const p = file('a.csv', 'Name,Company,Phone\nAl Able,,(212) 555-0101\n,Acme Inc,\nBea Best,Best Co,\n');
    expect(imp([p])).toMatchObject({ inserted: 3 });
    expect(imp([p])).toMatchObject({ inserted: 0, duplicates: 3 });
  });

  it('a lead merged into another is found by its old phone; the lead it went into takes the row', () => {
    imp([file('a.csv', 'Name,Phone\nAl Able,(212) 555-0101\nBea Best,(212) 555-0102\n')]);
    expect(leads(['merge', '1', '2'], { db: ws.db }).code).toBe(0);
    const r = imp([file('b.csv', 'Name,Phone,City\nBea Best,212-555-0102,Albany\n')]);
    expect(r).toMatchObject({ inserted: 0, duplicates: 1, updated: 1 });
    expect(lead('id = 1')).toMatchObject({ city: 'Albany' });
  });
});

describe('rejects, dry run, history', () => {
  it('a broken quote is rejected with its line; the rows after it are read; --rejects holds them (0600) with a reason', () => {
    const rej = join(ws.dir, 'rejects.csv');
    const r = leads(['import', join(FIX, 'broken-quote.csv'), '--rejects', rej], { db: ws.db });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rejected +2$/m);
    expect(r.stderr).toBe('line 3: broken quote (a quoted field is not closed properly)\nline 6: broken quote (a quoted field is not closed properly)\n');
    expect(q('SELECT first_name FROM leads ORDER BY id').map((l) => l.first_name)).toEqual(['Al', 'Cal', 'Dee "Dot"', 'Fay']);
    expect(statSync(rej).mode & 0o777).toBe(0o600);
    const lines = readFileSync(rej, 'utf8').split('\r\n');
    expect(lines[0]).toBe('line,reason,Name,Phone,Email');
    expect(lines[1]).toBe('3,broken quote (a quoted field is not closed properly),"""Bea Best,(212) 555-0102,bea@best.example"');
    expect(lines[2]).toMatch(/^6,broken quote/);
  });

  it('--rejects writes cells as every CSV leads writes them: a formula from a bought list is text there', () => {
    const rej = join(ws.dir, 'rejects-formula.csv');
    const csv = file('formula.csv', 'Name,Phone,Website\nAl Able,(212) 555-0101,ok\n,,"=HYPERLINK(""http://x.example"",""click"")"\n');
    expect(leads(['import', csv, '--rejects', rej], { db: ws.db }).code).toBe(0);
    expect(readFileSync(rej, 'utf8').split('\r\n')).toEqual([
      'line,reason,Name,Phone,Website',
      `3,"no name, company, phone or email",,,"'=HYPERLINK(""http://x.example"",""click"")"`,
      '',
    ]);
  });

  it('errors name the line and reason, never the personal data', () => {
    const p = file('p.csv', 'Name,Email,Phone\n"Secret Person,secret@example.com,(555) 867-5309\n,,\n,,,zzz-hidden\nAl Able,,(212) 555-0101\n');
    const r = leads(['import', p], { db: ws.db });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/Secret|secret@|867|hidden/);
    expect(r.stderr).toMatch(/^line 2: broken quote/m);
  });

  it('--dry-run: counts and a preview, and the database unchanged', () => {
    imp([file('a.csv', 'Name,Phone\nAl Able,(212) 555-0101\n')]);
    const before = readFileSync(ws.db);
    const r = leads(['import', file('b.csv', 'Name,Phone\nAl Able,212-555-0101\nBea Best,(212) 555-0102\nCy Cole,(212) 555-0102\n'), '--dry-run'], { db: ws.db });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dry run: nothing was written');
    expect(r.stdout).toMatch(/^new +2$/m);
    expect(r.stdout).toContain('line 2\tAl Able\trepeat of lead 1');
    expect(r.stdout).toContain('line 3\tBea Best\tnew');
    expect(r.stdout).toMatch(/line 4\tCy Cole\tnew, shares with lead \d+/);
    expect(count()).toBe(1);
    expect(count('SELECT count(*) AS n FROM imports')).toBe(1);
    expect(readFileSync(ws.db).equals(before)).toBe(true);
  });

  it('--json has the SPEC keys; leads imports lists file, counts, source, list, cost', async () => {
    const r = imp([file('a.csv', 'Name,Phone\nAl Able,(212) 555-0101\n'), '--source', 'expo', '--list', 'q1', '--cost', '249.90']);
    for (const k of ['read', 'inserted', 'duplicates', 'updated', 'rejected']) expect(typeof r[k]).toBe('number');
    const list = JSON.parse(leads(['imports', '--json'], { db: ws.db }).stdout);
    expect(list).toEqual([
      expect.objectContaining({ id: 1, file: join(ws.dir, 'a.csv'), source: 'expo', list: 'q1', cost: 249.9, read: 1, inserted: 1, duplicates: 0, rejected: 0 }),
    ]);
    expect(list[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const piped = leads(['imports'], { db: ws.db });
    expect(piped.stdout.split('\n')[0]).toBe('id\twhen\tfile\tread\tnew\trepeat\tupdated\trejected\tsource\tlist\tcost\tundone');
    expect(piped.stdout.split('\n')[1]).toBe('1\t2026-11-24 12:00\ta.csv\t1\t1\t0\t0\t0\texpo\tq1\t249.90\t');
    const tty = await leadsInProcess(['imports'], { db: ws.db, tty: true });
    expect(tty.stdout).toContain('249.90');
    expect(leads(['show', '1', '--json'], { db: ws.db }).stdout).toContain('"channel": "import"');
  });

  it('several files: each its own transaction, totals with each file in --json', () => {
    const r = imp([file('a.csv', 'Name,Phone\nAl Able,(212) 555-0101\n'), file('b.csv', 'Name,Phone\nAl Able,(212) 555-0101\nBea Best,(212) 555-0102\n')]);
    expect(r).toMatchObject({ read: 3, inserted: 2, duplicates: 1 });
    expect(r.files.map((f: { inserted: number }) => f.inserted)).toEqual([1, 1]);
    expect(count('SELECT count(*) AS n FROM imports')).toBe(2);
  });

  it('a do-not-call registry number is kept out of the queue when it comes in a list', () => {
    expect(leads(['dnc', 'import', file('reg.txt', '2125550101\n')], { db: ws.db }).code).toBe(0);
    imp([file('a.csv', 'Name,Phone\nAl Able,(212) 555-0101\nBea Best,(212) 555-0102\n')]);
    expect(q('SELECT last_name, do_not_call FROM leads ORDER BY id')).toEqual([
      { last_name: 'Able', do_not_call: 1 },
      { last_name: 'Best', do_not_call: 0 },
    ]);
  });
});

describe('refusals', () => {
  it.each([
    [['--map', 'phone'], /--map takes FIELD=HEADER/],
    [['--map', 'shoe=Size'], /shoe is not a field/],
    [['--encoding', 'ebcdic'], /--encoding ebcdic is not one/],
    [['--delimiter', '::'], /--delimiter must be one character/],
    [['--cost', 'lots'], /--cost must be an amount/],
    [['--country', 'Atlantis'], /--country must name a country/],
    [['--on-duplicate', 'merge'], /argument 'merge' is invalid/],
  ])('%j is a usage error (exit 2), nothing written', (flags, message) => {
    const r = leads(['import', file('a.csv', 'Name\nAl\n'), ...flags], { db: ws.db });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').filter(Boolean)[0]).toMatch(/^leads: /);
  });

  it('--map naming a column the file lacks: exit 2, nothing imported', () => {
    const r = leads(['import', file('a.csv', 'Name\nAl\n'), '--map', 'phone=Dial'], { db: ws.db });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(`leads: ${join(ws.dir, 'a.csv')}: --map phone=Dial: the file has no column named "Dial"\n`);
    expect(count('SELECT count(*) AS n FROM imports')).toBe(0);
  });

  it('a missing file, a folder, an empty file: exit 1 with one line', () => {
    expect(leads(['import', join(ws.dir, 'nope.csv')], { db: ws.db })).toMatchObject({ code: 1, stderr: `leads: cannot read ${join(ws.dir, 'nope.csv')}: no such file\n` });
    expect(leads(['import', ws.dir], { db: ws.db })).toMatchObject({ code: 1, stderr: `leads: ${ws.dir} is a folder, not a file to import: give the path of a CSV, .xlsx or .vcf file\n` });
    expect(leads(['import', file('e.csv', '')], { db: ws.db })).toMatchObject({ code: 1, stderr: `leads: ${join(ws.dir, 'e.csv')}: the file is empty: no header line\n` });
  });

  it('--rejects refuses an existing file; invalid UTF-8 forced as UTF-8 is refused, not stored with U+FFFD', () => {
    const existing = file('r.csv', 'keep me');
    expect(leads(['import', file('a.csv', 'Name\nAl\n'), '--rejects', existing], { db: ws.db })).toMatchObject({ code: 2 });
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const bad = file('b.csv', Buffer.concat([Buffer.from('Name\nJos'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const r = leads(['import', bad, '--encoding', 'utf-8'], { db: ws.db });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not valid UTF-8');
    expect(count()).toBe(0);
    // detected instead: Windows-1252
    expect(imp([bad])).toMatchObject({ inserted: 1, encoding: 'win1252' });
    expect(lead('1').first_name).toBe('José');
  });

  it('one bad file among several: the others are imported, exit 1', () => {
    const r = leads(['import', file('a.csv', 'Name\nAl Able\n'), join(ws.dir, 'missing.csv')], { db: ws.db });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no such file');
    expect(r.stderr).toContain('leads: 1 of 2 files not imported');
    expect(count()).toBe(1);
  });
});

describe('windows-1252 detection is by the whole file', () => {
  it('an accent only on the last row of a long file', () => {
    const rows = ['Name,Phone'];
    for (let i = 0; i < 3000; i++) rows.push(`Person ${i},(212) 555-${String(1000 + i).slice(-4)}`);
    rows.push('Zoë Zed,(212) 555-9999');
    const r = imp([file('l.csv', iconv.encode(rows.join('\r\n') + '\r\n', 'win1252'))]);
    expect(r).toMatchObject({ read: 3001, encoding: 'win1252' });
    expect(lead("last_name = 'Zed'").first_name).toBe('Zoë');
  });
});
