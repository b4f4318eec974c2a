// The vCard reader's line grammar (core/import/vcard.ts), table-driven: line ends, folding of
// either style, quoted-printable soft line breaks, encodings and charsets, parameters old and
// new, structured values, caps; and a card's lead (names, company cards, typed values).
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { CardSplitter, MAX_PROPERTIES, cardRow, components, parseProperty } from '../../dist/core/import/vcard.js';

/** The cards of a text fed in pieces of `size` characters (every size: no boundary may matter). */
function split(text: string, size = text.length) {
  const s = new CardSplitter();
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size), false));
  out.push(...s.push('', true));
  return out;
}
const lines = (text: string, size?: number) => split(text, size).map((c) => ('lines' in c ? c.lines : c));

const UTF8 = { bytes: true, fallback: 'win1252' };
const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('lines and cards', () => {
  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
    ['CR CR LF', '\r\r\n'],
  ])('%s line ends, in pieces of every size', (_, eol) => {
    const text = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Ann', 'EMAIL:ann@', ' baker.example', 'END:VCARD', ''].join(eol);
    for (let size = 1; size <= text.length; size++) {
      expect(split(text, size), `pieces of ${size}`).toEqual([{ lines: ['VERSION:3.0', 'FN:Ann', 'EMAIL:ann@baker.example'], line: 1 }]);
    }
  });

  it.each([
    // 3.0 and 4.0: the one blank that begins a folded line is taken away, the rest kept
    ['3.0', 'NOTE:two\r\n  words', 'NOTE:two words'],
    ['3.0', 'NOTE:one\r\n\tword', 'NOTE:oneword'],
    // 2.1: every leading blank is folding
    ['2.1', 'NOTE:one\r\n   word', 'NOTE:oneword'],
    // quoted-printable: a soft line break joins the next line, whatever it begins with
    ['2.1', 'NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\n=3Db', 'NOTE;ENCODING=QUOTED-PRINTABLE:a=3Db'],
    ['2.1', 'NOTE;QUOTED-PRINTABLE:a=\r\n b', 'NOTE;QUOTED-PRINTABLE:a b'],
    ['2.1', 'NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\n\r\nFN:x', 'NOTE;ENCODING=QUOTED-PRINTABLE:a'],
    // a value ending `=` that is not quoted-printable is whole
    ['3.0', 'NOTE:a=\r\nFN:x', 'NOTE:a='],
  ])('version %s: %j unfolds to %j', (version, prop, want) => {
    const [card] = lines(`BEGIN:VCARD\r\nVERSION:${version}\r\n${prop}\r\nEND:VCARD\r\n`);
    expect((card as string[])[1]).toBe(want);
  });

  it('a quoted-printable value whose last line ends `=` does not swallow END:VCARD', () => {
    expect(lines('BEGIN:VCARD\r\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n')).toEqual([
      ['NOTE;ENCODING=QUOTED-PRINTABLE:a='],
      ['FN:B'],
    ]);
  });

  it('pictures, sounds and keys are left out as they are read, their folded lines too; a Japanese reading (SOUND;X-IRMC-N) is kept', () => {
    const text = 'BEGIN:VCARD\r\nPHOTO;ENCODING=b:AAAA\r\n BBBB\r\nitem1.LOGO:x\r\nSOUND:y\r\nSOUND;X-IRMC-N:ﾔﾏﾀﾞ;;;;\r\nKEY:z\r\nFN:Ann\r\nEND:VCARD\r\n';
    expect(lines(text)).toEqual([['SOUND;X-IRMC-N:ﾔﾏﾀﾞ;;;;', 'FN:Ann']]);
  });

  it('each card with the line it begins on; blank lines between cards; a card that never ends told with its line', () => {
    const cards = split('\r\nBEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n\r\n\r\nBEGIN:VCARD\r\nFN:B\r\n');
    expect(cards).toEqual([{ lines: ['FN:A'], line: 2 }, { broken: 7, raw: 'BEGIN:VCARD' }]);
  });

  it("a card inside a card (2.1's AGENT) is part of the outer one and left out", () => {
    expect(lines('BEGIN:VCARD\r\nFN:A\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:Assistant\r\nEND:VCARD\r\nTEL:1\r\nEND:VCARD\r\n')).toEqual([['FN:A', 'AGENT:', 'TEL:1']]);
  });

  it('a card of more properties than a card may have is read to its end, not kept, and told; the next card is whole', () => {
    const many = Array.from({ length: MAX_PROPERTIES + 5 }, (_, i) => `TEL:${i}`).join('\r\n');
    const cards = split(`BEGIN:VCARD\r\n${many}\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n`, 4096);
    expect(cards).toEqual([
      { over: 1, reason: "a vCard of 1,005 properties (more than 1,000): not a person's card, left out" },
      { lines: ['FN:B'], line: MAX_PROPERTIES + 8 },
    ]);
  });

  it('a line longer than a card may hold is not kept whole: the card is told too big, the file read on', () => {
    const long = 'NOTE:' + 'x'.repeat(3 << 20);
    const cards = split(`BEGIN:VCARD\r\n${long}\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n`, 65536);
    expect(cards).toEqual([{ over: 1, reason: 'a vCard of more than 1 MiB without its pictures: left out' }, { lines: ['FN:B'], line: 4 }]);
  });
});

describe('a property', () => {
  it.each([
    // old (2.1) and new parameters, groups, types
    ['TEL;WORK;VOICE:555', { group: '', name: 'TEL', types: ['work', 'voice'], pref: false, value: '555' }],
    ['item1.TEL;type=CELL;type=pref:555', { group: 'item1', name: 'TEL', types: ['cell', 'pref'], pref: true, value: '555' }],
    ['TEL;TYPE="voice,home";PREF=1:tel:+1', { group: '', name: 'TEL', types: ['voice', 'home'], pref: true, value: 'tel:+1' }],
    ['EMAIL;TYPE=INTERNET:a@b.example', { name: 'EMAIL', types: ['internet'], value: 'a@b.example' }],
    ['NOTE;X-PARAM="a:b":c:d', { name: 'NOTE', value: 'c:d' }],
  ])('%j', (line, want) => {
    expect(parseProperty(latin1(line), UTF8)).toMatchObject(want);
  });

  it.each([
    // quoted-printable, with and without CHARSET; base64 both ways of saying it; CHARSET on raw bytes
    ['FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen', 'Jürgen'],
    ['FN;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen', 'Jürgen'],
    ['FN;QUOTED-PRINTABLE;CHARSET=ISO-8859-1:J=FCrgen', 'Jürgen'],
    ['NOTE;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab=3D=', 'a\r\nb=='],
    ['FN;ENCODING=b;CHARSET=UTF-8:SsO8cmdlbg==', 'Jürgen'],
    ['FN;ENCODING=BASE64:SsO8cmdl bg==', 'Jürgen'],
  ])('%j decodes to %j', (line, value) => {
    expect(parseProperty(line, UTF8)?.value).toBe(value);
  });

  it.each([
    ['Shift_JIS', 'SHIFT_JIS', 'ソニー'],
    ['ISO-8859-2', 'ISO-8859-2', 'Łódź'],
    ['Windows-1252', 'Windows-1252', '€ Weiß'],
  ])('raw bytes in %s are decoded in the CHARSET the property names', (_, charset, text) => {
    const line = `ORG;CHARSET=${charset}:` + iconv.encode(text, charset).toString('latin1');
    expect(parseProperty(line, UTF8)?.value).toBe(text);
  });

  it("a value naming no CHARSET is UTF-8 when its bytes are, else the file's encoding", () => {
    expect(parseProperty(latin1('FN:Jürgen'), UTF8)?.value).toBe('Jürgen');
    expect(parseProperty(iconv.encode('FN:Jürgen', 'windows-1252').toString('latin1'), UTF8)?.value).toBe('Jürgen');
    expect(parseProperty(iconv.encode('FN:山田', 'shift_jis').toString('latin1'), { bytes: true, fallback: 'shift_jis' })?.value).toBe('山田');
    // a file read as characters already (UTF-16): CHARSET has nothing left to say
    expect(parseProperty('FN;CHARSET=SHIFT_JIS:山田', { bytes: false, fallback: 'utf16le' })?.value).toBe('山田');
  });

  it.each([[':no name'], ['no colon'], ['bad name!:x']])('%j is no property', (line) => {
    expect(parseProperty(line, UTF8)).toBeNull();
  });

  it.each([
    ['Baker;Ann;M.;Dr.;', ['Baker', 'Ann', 'M.', 'Dr.', '']],
    ['1 Main St\\, Suite 4;Boston', ['1 Main St, Suite 4', 'Boston']],
    ['a\\;b;c\\\\;d\\nnext', ['a;b', 'c\\', 'd\nnext']],
  ])('components of %j', (value, want) => {
    expect(components(value)).toEqual(want);
  });
});

describe("a card's lead", () => {
  const row = (...props: string[]) => {
    const r = cardRow(props.map(latin1), UTF8, 'US');
    if ('reject' in r) throw new Error(r.reject);
    return { ...r.row, extra: r.row.extra ? JSON.parse(r.row.extra) : null, other_phones: r.row.other_phones ? JSON.parse(r.row.other_phones) : null };
  };

  it.each([
    // N's parts: middle names, prefixes and suffixes apart from the names
    [['N:Stevenson;John;Philip,Paul;Dr.;Jr.,M.D.'], { first_name: 'John', last_name: 'Stevenson', extra: { 'Middle Name': 'Philip Paul', 'Name Prefix': 'Dr.', 'Name Suffix': 'Jr. M.D.' } }],
    // FN alone is split; a Chinese FN is family name first
    [['FN:Ann Baker'], { first_name: 'Ann', last_name: 'Baker' }],
    [['FN:王 伟'], { first_name: '伟', last_name: '王' }],
    // ORG's units apart from the company
    [['FN:Ann Baker', 'ORG:IBM;Accounting;Payroll'], { company: 'IBM', extra: { Department: 'Accounting, Payroll' } }],
    // a second company and title (a card of two jobs) kept, never lost
    [['FN:Ann Baker', 'ORG:IBM;Accounting', 'ORG:Red Cross;Board', 'TITLE:Controller', 'TITLE:Treasurer'],
      { company: 'IBM', title: 'Controller', extra: { Department: 'Accounting', 'Other Company': 'Red Cross, Board', 'Other Title': 'Treasurer' } }],
    // company cards: N empty and ORG set; KIND:org; X-ABShowAs:COMPANY with a person's name kept beside
    [['N:;;;;', 'FN:Acme', 'ORG:Acme'], { first_name: null, last_name: null, company: 'Acme', extra: null }],
    [['ORG:Acme'], { first_name: null, last_name: null, company: 'Acme' }],
    [['KIND:org', 'FN:Acme Inc.', 'ORG:Acme'], { first_name: null, company: 'Acme', extra: { 'Contact Name': 'Acme Inc.' } }],
    [['N:Lee;Bo;;;', 'ORG:Lee Bakery', 'X-ABShowAs:COMPANY'], { first_name: null, last_name: null, company: 'Lee Bakery', extra: { 'Contact Name': 'Bo Lee' } }],
    // a person with no N but a name in FN at a company is a person
    [['FN:Bo Lee', 'ORG:Lee Bakery'], { first_name: 'Bo', last_name: 'Lee', company: 'Lee Bakery' }],
  ])('%j', (props, want) => {
    expect(row(...props)).toMatchObject(want);
  });

  it('phones: the work phone, the preferred first within a place; cell the mobile; fax and pager kept, never called; the rest further phones', () => {
    expect(
      row('FN:A', 'TEL;HOME:1', 'TEL;WORK:2', 'TEL;WORK;PREF:3', 'TEL;CELL:4', 'TEL;FAX:5', 'TEL;PAGER:6', 'TEL:7', 'item1.TEL:8', 'item1.X-ABLabel:_$!<Mobile>!$_',
        'X-MS-TEL;VOICE;CALLBACK:9', 'item2.TEL:10', 'item2.X-ABLabel:_$!<AssistantPhone>!$_', 'item3.TEL:11', 'item3.X-ABLabel:GRAND_CENTRAL'),
    ).toMatchObject({
      phone: '3', mobile: '4',
      // Outlook's further phones (X-MS-TEL) among the others; Apple's and Google's labels in words
      other_phones: [{ label: 'Home', number: '1' }, { label: 'Work', number: '2' }, { label: 'Phone', number: '7' }, { label: 'Mobile', number: '8' },
        { label: 'Callback', number: '9' }, { label: 'Assistant Phone', number: '10' }, { label: 'Grand Central', number: '11' }],
      extra: { Fax: '5', Pager: '6' },
    });
  });

  it('emails: the work address first; one that is no address never the email; every other kept', () => {
    expect(row('FN:A', 'EMAIL;TYPE=HOME:a@home.example', 'EMAIL;TYPE=WORK:not an address', 'EMAIL;TYPE=WORK:a@work.example')).toMatchObject({
      email: 'a@work.example', extra: { 'E-mail (Home)': 'a@home.example', 'E-mail (Work)': 'not an address' },
    });
  });

  it('addresses: the work one whole, every other on one line; a LABEL is the address of a card with no ADR', () => {
    expect(row('FN:A', 'ADR;TYPE=home:;;2 Home Rd;Quincy;MA;02169;USA', 'ADR;TYPE=work:PO Box 9;Suite 4;1 Main St;Boston;MA;02110;USA')).toMatchObject({
      street: '1 Main St, Suite 4, PO Box 9', city: 'Boston', region: 'MA', postal_code: '02110', country: 'USA',
      extra: { 'Address (Home)': '2 Home Rd, Quincy, MA 02169, USA' },
    });
    expect(row('FN:A', 'LABEL:1 Main St\\nBoston\\, MA 02110')).toMatchObject({ street: '1 Main St, Boston, MA 02110' });
  });

  it.each([
    // a street of several lines (Apple, Google) reads as an envelope's street line; a comma ending a part is not doubled
    ['ADR;TYPE=work:;;Street 4\\nBuilding 6\\nFloor 8;New York;;12345;USA', { street: 'Street 4, Building 6, Floor 8', city: 'New York' }],
    ['ADR:;;25334\\nSouth Crescent Dr;New York;NY;10001;', { street: '25334 South Crescent Dr' }],
    ['ADR:;;Silicon Alley 5\\,;New York;NY;12345;USA', { street: 'Silicon Alley 5' }],
    // Google writes a whole address in the extended part
    ['ADR;TYPE=HOME:;Crescent moon drive\\n555-asd\\nAlbaney\\, NY 12345;;;;;', { street: 'Crescent moon drive, 555-asd, Albaney, NY 12345', city: null }],
  ])('address %s', (adr, want) => {
    expect(row('FN:A', adr)).toMatchObject(want);
  });

  it("the card's other properties are kept with the lead in words, with Apple's label or their type when they have one; the program's own are not", () => {
    expect(
      row('FN:A', 'URL:https://a.example', 'BDAY:1970-05-17', 'X-SKYPE:ann.b', 'UID:123', 'REV:2026', 'PRODID:x', 'X-ABUID:9',
        'item1.URL:http\\://shop.example', 'item1.X-ABLabel:', 'item2.X-ABRELATEDNAMES:Bo', 'item2.X-ABLabel:_$!<Assistant>!$_',
        'URL;WORK:https://work.example', 'IMPP;X-SERVICE-TYPE=Skype:skype:ann.c', 'X-MS-MANAGER:Cy', 'X-EVOLUTION-SPOUSE:Di',
        'X-COUCHDB-APPLICATION-ANNOTATIONS:{}', 'X-EVOLUTION-FILE-AS:A'),
    ).toEqual(expect.objectContaining({
      extra: {
        Website: 'https://a.example', Birthday: '1970-05-17', Skype: 'ann.b', 'Website (2)': 'http://shop.example', 'Related Name (Assistant)': 'Bo',
        'Website (Work)': 'https://work.example', 'IM (Skype)': 'skype:ann.c', Manager: 'Cy', Spouse: 'Di',
      },
    }));
  });

  it('a card without a name, company, phone or email is rejected; a value over its cap rejects the card', () => {
    expect(cardRow(['NOTE:hello'], UTF8, 'US')).toEqual({ reject: 'no name, company, phone or email' });
    expect(cardRow([`FN:${'x'.repeat(1001)}`], UTF8, 'US')).toEqual({ reject: 'N longer than 1,000 characters' });
    expect(cardRow(['FN:A', `X-NOTE:${'x'.repeat(70000)}`], UTF8, 'US')).toEqual({ reject: 'X-NOTE longer than 65,536 characters' });
  });
});
