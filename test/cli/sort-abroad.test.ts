// Letters abroad: names and addresses in every script on the three PDFs (read back with
// poppler), addresses as each country's post writes them, the sender's country on the
// return address of a letter abroad, and letters.xlsx with its text cells.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import PostalMime from 'postal-mime';
import { leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { addLead, logCode, pdfText, readCsv, setSender } from '../helpers/batches.js';

process.env.TZ = 'UTC';

let ws: ReturnType<typeof tempWorkspace>;
let out: string;
beforeEach(() => {
  ws = tempWorkspace();
  out = join(ws.dir, 'out');
});
afterEach(() => ws.cleanup());

const DAY = '2026-11-24';
async function sort() {
  const r = await leadsInProcess(['sort', '--out', out, '--json'], { db: ws.db, env: { XDG_CONFIG_HOME: join(ws.dir, 'config') } });
  expect(r.code, r.stderr).toBe(0);
  return join(out, DAY);
}

/** The fonts a PDF embeds, by name (poppler's pdffonts). */
function fonts(path: string): string[] {
  const r = spawnSync('pdffonts', [path], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').slice(2).filter(Boolean).map((l) => l.split(/\s+/)[0]);
}

describe('leads sort: letters in every script', () => {
  // eight leads added and logged, then a sort that reads a dozen fonts: room on a busy machine
  it('a Chinese, a Greek, an Arabic, a Hebrew, a Russian, a Thai and a Hindi name print on envelopes, labels and letters', { timeout: 600_000 }, async () => {
    await setSender(ws.db);
    const ids = [
      await addLead(ws.db, { first: '伟', last: '王', street: '建国路88号', city: '朝阳区', region: '北京市', postal: '100022', country: 'CN' }),
      await addLead(ws.db, { first: 'Γιώργος', last: 'Παπαδόπουλος', street: 'Ερμού 25', city: 'Αθήνα', postal: '105 63', country: 'GR' }),
      await addLead(ws.db, { first: 'محمد', last: 'العتيبي', street: 'شارع الملك فهد 12', city: 'الرياض', postal: '12211', country: 'SA' }),
      await addLead(ws.db, { first: 'דוד', last: 'כהן', street: 'רחוב הרצל 12', city: 'תל אביב', postal: '6108101', country: 'IL' }),
      await addLead(ws.db, { first: 'Иван', last: 'Петров', street: 'ул. Тверская, д. 7', city: 'Москва', postal: '125009', country: 'RU' }),
      await addLead(ws.db, { first: 'สมชาย', last: 'ใจดี', street: '123 ถนนสุขุมวิท', city: 'กรุงเทพฯ', postal: '10110', country: 'TH' }),
      await addLead(ws.db, { first: 'राहुल', last: 'शर्मा', street: '12 Janpath', city: 'नई दिल्ली', postal: '110001', country: 'IN' }),
      await addLead(ws.db, { first: 'Łukasz', last: 'Żółkiewski', street: 'ul. Źródlana 5', city: 'Kraków', postal: '30-001', country: 'PL' }),
    ];
    for (const id of ids) await logCode(ws.db, id, 2);
    const dir = await sort();
    for (const file of ['envelopes.pdf', 'labels.pdf', 'letters.pdf']) {
      const text = pdfText(join(dir, file));
      // family name first; poppler reads right-to-left text back in its logical order
      for (const name of ['王伟', 'Γιώργος Παπαδόπουλος', 'محمد العتيبي', 'דוד כהן', 'Иван Петров', 'Łukasz Żółkiewski']) {
        expect(text, `${name} in ${file}`).toContain(name);
      }
      expect(text, file).toContain('สมชาย');
      expect(text, file).toContain('राहुल');
      expect(text, file).not.toContain('?');
      // the Noto fonts that drew them are in the file
      expect(fonts(join(dir, file)).some((f) => f.includes('NotoSansSC')), file).toBe(true);
      expect(fonts(join(dir, file)).some((f) => f.includes('NotoSansArabic')), file).toBe(true);
    }
    const letters = pdfText(join(dir, 'letters.pdf'));
    expect(letters).toContain('Dear Γιώργος,');
    // China's post reads an address from the province down to the name; the country last for the sender's post
    expect(readCsv(join(dir, 'letters.csv'))[0]).toMatchObject({
      address_1: '100022', address_2: '北京市', address_3: '朝阳区', address_4: '建国路88号', address_5: '王伟', address_6: 'CHINA',
    });
  });

  it('a batch of Latin names embeds no Noto font at all', async () => {
    await setSender(ws.db);
    const id = await addLead(ws.db, { first: 'José', last: 'Núñez', street: '5 Elm St', city: 'Tucson', region: 'AZ', postal: '85701' });
    await logCode(ws.db, id, 2);
    const dir = await sort();
    for (const file of ['envelopes.pdf', 'labels.pdf', 'letters.pdf']) {
      expect(fonts(join(dir, file)).every((f) => f.startsWith('Helvetica')), file).toBe(true);
      expect(pdfText(join(dir, file))).toContain('José Núñez');
    }
  });
});

describe('leads sort: addresses as the post writes them', () => {
  it('Turkey writes the postal code before the town; a letter abroad has the sender\'s country on its return address', async () => {
    await setSender(ws.db);
    const tr = await addLead(ws.db, { first: 'Ayşe', last: 'Yılmaz', company: 'Yılmaz A.Ş.', street: 'Bağdat Cad. 12', city: 'Istanbul', postal: '34433', country: 'Turkey' });
    const us = await addLead(ws.db, { first: 'Ann', last: 'Baker', street: '100 Main St', city: 'Boston', region: 'MA', postal: '02110' });
    for (const id of [tr, us]) await logCode(ws.db, id, 2);
    const dir = await sort();
    const rows = readCsv(join(dir, 'letters.csv'));
    expect(rows.map((r) => [r.address_1, r.address_2, r.address_3, r.address_4, r.address_5])).toEqual([
      ['Ayşe Yılmaz', 'Yılmaz A.Ş.', 'Bağdat Cad. 12', '34433 Istanbul', 'TÜRKIYE'],
      ['Ann Baker', '100 Main St', 'Boston, MA 02110', '', ''],
    ]);
    // one envelope a page: the first goes to Istanbul, the second to Boston
    const envelopes = pdfText(join(dir, 'envelopes.pdf')).split('\f');
    expect(envelopes[0]).toMatch(/Springfield, IL 62701\s+UNITED STATES/);
    expect(envelopes[0]).toMatch(/34433 Istanbul\s+TÜRKIYE/);
    expect(envelopes[1]).toContain('Springfield, IL 62701');
    expect(envelopes[1]).not.toContain('UNITED STATES');
    const letters = pdfText(join(dir, 'letters.pdf')).split('\f');
    expect(letters[0]).toMatch(/Springfield, IL 62701\s+UNITED STATES/);
    expect(letters[1]).not.toContain('UNITED STATES');
  });

  it('letters.xlsx holds the rows of letters.csv, postal codes and streets as text cells', async () => {
    await setSender(ws.db);
    const id = await addLead(ws.db, { first: 'Ann', last: 'Baker', street: '12/3', city: 'Boston', region: 'MA', postal: '02110' });
    await logCode(ws.db, id, 2);
    const dir = await sort();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'letters.xlsx'));
    const sheet = book.getWorksheet('Letters')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const csv = readCsv(join(dir, 'letters.csv'));
    expect(header).toEqual(Object.keys(csv[0]));
    const row = sheet.getRow(2);
    const cell = (name: string) => row.getCell(header.indexOf(name) + 1);
    expect(cell('lead_id').value).toBe(id);
    for (const [name, value] of [['postal_code', '02110'], ['street', '12/3'], ['address_3', 'Boston, MA 02110']]) {
      expect(cell(name).value, name).toBe(value);
      expect(cell(name).type, name).toBe(ExcelJS.ValueType.String);
      expect(cell(name).numFmt, name).toBe('@');
    }
  });
});

describe('leads sort: email headers in every script', () => {
  it('a long Greek name is encoded in words cut between words; a quote in a name is kept, quoted', async () => {
    await setSender(ws.db);
    const greek = await addLead(ws.db, { first: 'Γιώργος', last: 'Παπαδόπουλος-Κωνσταντινόπουλος', email: 'giorgos@example.gr' });
    const quoted = await addLead(ws.db, { first: 'Ann "The Closer"', last: 'Baker', email: 'ann@example.com' });
    const chinese = await addLead(ws.db, { first: '伟', last: '王', email: 'wei@example.cn' });
    for (const id of [greek, quoted, chinese]) await logCode(ws.db, id, 5);
    const dir = await sort();
    const files = readCsv(join(dir, 'emails.csv')).map((r) => join(dir, r.file));
    const raw = files.map((f) => readFileSync(f, 'utf8'));
    const header = (eml: string, name: string) => new RegExp(`^${name}: .*(\\r\\n[ \\t].*)*`, 'm').exec(eml)![0];

    // each encoded word of the Greek To: decodes to whole words (its space or hyphen inside)
    const to = header(raw[0], 'To');
    const words = [...to.matchAll(/=\?UTF-8\?B\?([^?]+)\?=/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8'));
    expect(words).toEqual(['Γιώργος ', 'Παπαδόπουλος-', 'Κωνσταντινόπουλος']);
    expect(to.split('\r\n').every((l) => l.length <= 78)).toBe(true);
    expect((await PostalMime.parse(raw[0])).to).toEqual([{ name: 'Γιώργος Παπαδόπουλος-Κωνσταντινόπουλος', address: 'giorgos@example.gr' }]);

    // RFC 5322 quoted string: the quotes escaped, no double space
    expect(header(raw[1], 'To')).toBe('To: "Ann \\"The Closer\\" Baker" <ann@example.com>');
    expect((await PostalMime.parse(raw[1])).to).toEqual([{ name: 'Ann "The Closer" Baker', address: 'ann@example.com' }]);

    // family name first
    expect((await PostalMime.parse(raw[2])).to?.[0].name).toBe('王伟');
  });
});
