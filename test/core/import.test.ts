// The pure parts of import, table-driven: header synonyms and mapping, name split, names
// agreeing, repeat changes, text (encoding, delimiter, line breaks), the key table.
import { describe, expect, it } from 'vitest';
import { findHeaderRow, findsContacts, headerKey, mapHeaders, mappedHeaders, uniqueHeaders, fieldOfHeader } from '../../dist/core/import/headers.js';
import { splitName } from '../../dist/core/import/names.js';
import { decide, namesAgree, repeatChanges } from '../../dist/core/import/dedupe.js';
import { buildRow, matchKeys, EMAIL_NOT_ADDRESS, ZIP_PADDED } from '../../dist/core/import/row.js';
import { detectEncoding, encodingOf, lineBreakNormaliser, sniffDelimiter } from '../../dist/core/import/text.js';
import { KeyTable, hashKey } from '../../dist/core/import/keytable.js';
import { RecordReader } from '../../dist/core/import/records.js';
import { cellText } from '../../dist/core/import/sheet-cell.js';
import iconv from 'iconv-lite';

describe('header synonyms', () => {
  it.each([
    // spreadsheets
    ['First Name', 'first_name'], ['first_name', 'first_name'], ['Given Name', 'first_name'], ['Surname', 'last_name'],
    ['Full Name', 'name'], ['Company Name', 'company'], ['Job Title', 'title'], ['Position', 'title'],
    ['Zip', 'postal_code'], ['Postcode', 'postal_code'], ['ZIP CODE', 'postal_code'], ['State', 'region'], ['Province', 'region'],
    ['Email', 'email'], ['E-mail Address', 'email'], ['Email Address', 'email'], ['Phone Number', 'phone'], ['Tel', 'phone'],
    ['Cell', 'mobile'], ['Mobile Phone', 'mobile'], ['Notes', 'notes'], ['Lead Source', 'source'],
    // Google Contacts
    ['E-mail 1 - Value', 'email'], ['Phone 1 - Value', 'phone'], ['Address 1 - Street', 'street'], ['Address 1 - City', 'city'],
    ['Address 1 - Region', 'region'], ['Address 1 - Postal Code', 'postal_code'], ['Organization Name', 'company'], ['Organization Title', 'title'],
    // Outlook
    ['Business Phone', 'phone'], ['Business Street', 'street'], ['Business Street 2', 'street2'], ['Business City', 'city'],
    ['Business State', 'region'], ['Business Postal Code', 'postal_code'], ['Business Country/Region', 'country'],
    // LinkedIn and brokers
    ['Connected On', undefined], ['URL', undefined], ['CONTACT FIRST NAME', 'first_name'], ['Direct Dial', 'phone'],
    ['Business Name', 'company'], ['Executive Title', 'title'], ['SIC Code', undefined],
  ])('%s → %s', (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });

  it.each([
    [' E-Mail  Address ', 'emailaddress'],
    ['Straße', 'strasse'],
    ['STRASSE', 'strasse'],
    ['Téléphone (bureau)', 'telephonebureau'],
    ['Land/Region geschäftlich', 'landregiongeschaftlich'],
    ['Código postal', 'codigopostal'],
    ['Città (uff.)', 'cittauff'],
    ['Ｐｈｏｎｅ', 'phone'],
  ])('%j folds to %j (NFKD, accents off, ß → ss, case and punctuation ignored)', (header, key) => {
    expect(headerKey(header)).toBe(key);
  });

  // Outlook's localised CSV exports, and the English headers of HubSpot and older Outlook
  it.each([
    // German
    ['Vorname', 'first_name'], ['Nachname', 'last_name'], ['Firma', 'company'], ['Position', 'title'],
    ['Telefon geschäftlich', 'phone'], ['Telefon privat', 'phone'], ['Mobiltelefon', 'mobile'], ['E-Mail-Adresse', 'email'],
    ['Straße geschäftlich', 'street'], ['Postleitzahl geschäftlich', 'postal_code'], ['Ort geschäftlich', 'city'],
    ['Region geschäftlich', 'region'], ['Land/Region geschäftlich', 'country'], ['Straße', 'street'], ['Fax geschäftlich', undefined],
    // French
    ['Prénom', 'first_name'], ['Société', 'company'], ['Fonction', 'title'], ['Téléphone (bureau)', 'phone'],
    ['Téléphone mobile', 'mobile'], ['Adresse de messagerie', 'email'], ['Rue (bureau)', 'street'], ['Ville (bureau)', 'city'],
    ['Code postal (bureau)', 'postal_code'], ['Pays/Région (bureau)', 'country'], ['Télécopie (bureau)', undefined],
    // Spanish
    ['Apellidos', 'last_name'], ['Puesto', 'title'], ['Teléfono del trabajo', 'phone'], ['Móvil', 'mobile'],
    ['Dirección de correo electrónico', 'email'], ['Calle del trabajo', 'street'], ['Código postal del trabajo', 'postal_code'],
    // Italian
    ['Cognome', 'last_name'], ['Società', 'company'], ['Telefono ufficio', 'phone'], ['Cellulare', 'mobile'],
    ['Indirizzo posta elettronica', 'email'], ['Via (uff.)', 'street'], ['Città (uff.)', 'city'], ['CAP (uff.)', 'postal_code'],
    // Dutch
    ['Voornaam', 'first_name'], ['Achternaam', 'last_name'], ['Bedrijf', 'company'], ['Functie', 'title'],
    ['Telefoon op werk', 'phone'], ['Mobiele telefoon', 'mobile'], ['E-mailadres', 'email'], ['Werkadres, straat', 'street'],
    ['Werkadres, plaats', 'city'], ['Werkadres, postcode', 'postal_code'],
    // HubSpot, older Outlook, Google's "Outlook CSV"
    ['State/Region', 'region'], ['Business Country', 'country'], ['Home Country', 'country'], ['Other Phone', 'phone'],
    ['Pager', undefined], ['Assistant\'s Phone', undefined], ['Location', undefined],
  ])('%s → %s', (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });

  it('Outlook\'s Ort (its Location) is never the city in an Outlook export; elsewhere Ort is the city', () => {
    const outlook = mapHeaders(['Vorname', 'Nachname', 'Telefon geschäftlich', 'Ort', 'Ort geschäftlich']);
    expect(mappedHeaders(outlook).city).toEqual(['Ort geschäftlich']);
    expect(outlook.extra).toEqual([3]);
    expect(mappedHeaders(mapHeaders(['Firma', 'Strasse', 'PLZ', 'Ort'])).city).toEqual(['Ort']);
  });

  it('each field has its candidates in order: business, primary, home, other; a loose header only alone', () => {
    const m = mapHeaders(['Home Street', 'Business Street', 'Title', 'Job Title', 'Home Phone', 'Business Phone', 'Other Phone', 'Phone']);
    expect(mappedHeaders(m)).toMatchObject({ street: ['Business Street', 'Home Street'], title: ['Job Title'], phone: ['Business Phone', 'Phone', 'Home Phone', 'Other Phone'] });
    expect(m.addresses.map((a) => a.block)).toEqual(['business', 'home']);
    // Outlook's Title is a courtesy title: kept, not the job title
    expect(m.extra).toEqual([2]);
    expect(mappedHeaders(mapHeaders(['Title', 'Name'])).title).toEqual(['Title']);
  });

  it('a repeated header is a second candidate', () => {
    expect(mappedHeaders(mapHeaders(['Company name', 'Phone', 'Company name'])).company).toEqual(['Company name', 'Company name (2)']);
  });

  it('--map wins over the synonyms and takes a header by exact or case-insensitive name', () => {
    const m = mapHeaders(['Phone', 'Direct', 'who'], { phone: 'Direct', name: 'WHO' });
    expect(mappedHeaders(m)).toEqual({ phone: ['Direct'], name: ['who'] });
    expect(m.extra).toEqual([0]);
    expect(() => mapHeaders(['Phone'], { email: 'Mail' })).toThrow('the file has no column named "Mail"');
  });

  it('a file is a contact list only when some column is a name, company, phone or email', () => {
    expect(findsContacts(mapHeaders(['Name:', 'State:', 'Pid:']))).toBe(false);
    expect(findsContacts(mapHeaders(['City', 'Zip']))).toBe(false);
    expect(findsContacts(mapHeaders(['City', 'E-mail']))).toBe(true);
    expect(findsContacts(mapHeaders(['Phone 1 - Type', 'Phone 1 - Value']))).toBe(true);
  });

  it('repeats, __proto__ and empty headers are renamed, never merged', () => {
    expect(uniqueHeaders(['Phone', 'phone', 'Phone', '__proto__', '', 'constructor']).headers).toEqual([
      'Phone', 'phone (2)', 'Phone (3)', '__proto__ (column 4)', 'column 5', 'constructor (column 6)',
    ]);
  });

  it('a blank header at the end (the comma Thunderbird ends each line with) is kept as a column without a word; one before it is said', () => {
    expect(uniqueHeaders(['Name', '', 'Notes', ''])).toEqual({
      headers: ['Name', 'column 2', 'Notes', 'column 4'],
      renamed: [{ from: '', to: 'column 2', column: 2 }],
    });
  });

  it('finds the header under lines of notes (LinkedIn)', () => {
    expect(findHeaderRow([['Notes:'], ['When exporting your connection data, ...'], [''], ['First Name', 'Last Name', 'URL']])).toBe(3);
    expect(findHeaderRow([[''], ['Who', 'What']])).toBe(1);
  });
});

describe('name split', () => {
  it.each([
    ['Ann Baker', 'Ann', 'Baker'],
    ['  Ann   Baker ', 'Ann', 'Baker'],
    ['Baker, Ann', 'Ann', 'Baker'],
    ['Dr. Ann M. Baker Jr.', 'Ann M.', 'Baker Jr.'],
    ['Ann Baker, Jr.', 'Ann', 'Baker, Jr.'],
    ['Ludwig van Beethoven', 'Ludwig', 'van Beethoven'],
    ['Mary Ann Smith', 'Mary Ann', 'Smith'],
    ['Cher', 'Cher', null],
    ['Mr. Bean', 'Bean', null],
    ['', null, null],
    ['José de la Cruz', 'José', 'de la Cruz'],
    // Chinese, Japanese and Korean names are written family name first; without a space, where it ends is not told
    ['山田 太郎', '太郎', '山田'],
    ['王 伟', '伟', '王'],
    ['김 민준', '민준', '김'],
    ['山田太郎', null, '山田太郎'],
  ])('%j → %j %j', (full, first, last) => {
    expect(splitName(full)).toEqual({ first, last });
  });
});

describe('names agree', () => {
  const n = (first: string | null, last: string | null) => ({ first_name: first, last_name: last });
  it.each([
    [n('Ann', 'Baker'), n('ANN', 'baker'), true],
    [n('Ann', "O'Brien"), n('Ann', 'OBrien'), true],
    [n('Ann', 'Baker'), n('Bob', 'Baker'), true], // same last name (SPEC)
    [n('Ann', 'Baker'), n('Ann', 'Cole'), false],
    [n(null, null), n('Ann', 'Baker'), true], // one side has no name
    [n('Ann', 'Baker'), n(null, null), true],
    [n('Ann', null), n('Ann', 'Baker'), true],
    [n('Bob', null), n('Ann', 'Baker'), false],
    [n('Zoë', 'Ångström'), n('Zoe', 'Angstrom'), true],
  ])('%j and %j: %s', (a, b, agree) => {
    expect(namesAgree(a, b)).toBe(agree);
  });
});

const row = (over: Record<string, string | null>) => {
  const headers = ['first_name', 'last_name', 'company', 'phone', 'email', 'city', 'notes'];
  const r = buildRow(headers.map((h) => over[h] ?? ''), mapHeaders(headers), 'US');
  if (!('row' in r)) throw new Error(r.reject);
  return r.row;
};
const leadOf = (id: number, over: Record<string, unknown>) => ({
  id, first_name: null, last_name: null, company: null, phone: null, phone_e164: null, phone_ext: null, phone_valid: null,
  mobile: null, mobile_e164: null, email: null, email_norm: null, city: null, source: null, list: null, extra: null, ...over,
});

describe('rows', () => {
  it.each([
    // a ZIP that lost its leading zeros in a spreadsheet, beside a US state and in no other country
    ['2110', 'MA', '', '02110', ZIP_PADDED],
    ['211', 'Massachusetts', 'USA', '00211', ZIP_PADDED],
    ['2110', 'MA', 'United States', '02110', ZIP_PADDED],
    ['02110', 'MA', '', '02110', 0],
    ['2110', 'MA', 'Germany', '2110', 0],
    ['2110', '', '', '2110', 0],
    ['2110', 'ON', '', '2110', 0],
    ['21', 'MA', '', '21', 0],
    ['2110-1234', 'MA', '', '2110-1234', 0],
    ['EC1A 1BB', '', 'GB', 'EC1A 1BB', 0],
  ])('postal code %j, region %j, country %j → %j (flags %i)', (zip, region, country, want, flags) => {
    const r = buildRow(['Ann', zip, region, country], mapHeaders(['Name', 'Zip', 'State', 'Country']), 'US');
    expect(r).toMatchObject({ row: { postal_code: want }, flags });
    if (flags) expect(JSON.parse((r as { row: { extra: string } }).row.extra)).toEqual({ 'Zip as written': zip });
  });

  it.each([
    // the row's country reads its phone; a number not valid there gets no E.164
    ['020 7946 0958', 'GB', '+442079460958'],
    ['020 7946 0958', 'United Kingdom', '+442079460958'],
    ['020 7946 0958', '', null],
    ['0201234567', 'GB', null],
    ['030 1234567', 'Deutschland', '+49301234567'],
    ['(617) 555-0134', 'Atlantis', '+16175550134'],
  ])('phone %j in a row of country %j → %j', (phone, country, e164) => {
    expect(buildRow(['Ann', phone, country], mapHeaders(['Name', 'Phone', 'Country']), 'US')).toMatchObject({ row: { phone, phone_e164: e164 } });
  });

  it.each([
    ['1 Main St\r\nSuite 4', '', '1 Main St, Suite 4'],
    ['1 Main St', 'Suite 4', '1 Main St, Suite 4'],
    ['25334\nSouth Crescent Dr', '', '25334 South Crescent Dr'],
  ])('street cell %j, second line %j → %j', (street, street2, want) => {
    expect(buildRow(['Ann', street, street2], mapHeaders(['Name', 'Street', 'Street 2']), 'US')).toMatchObject({ row: { street: want } });
  });

  it.each([
    ['Cy <cy@a.example>', 'cy@a.example', null, 0],
    ['a@x.example ::: b@y.example', 'a@x.example', { Email: 'a@x.example ::: b@y.example' }, 0],
    ['a@x.example; b@y.example', 'a@x.example', { Email: 'a@x.example; b@y.example' }, 0],
    ['call first, then b@y.example', 'b@y.example', { Email: 'call first, then b@y.example' }, 0],
    ['not-an-email', null, { Email: 'not-an-email' }, EMAIL_NOT_ADDRESS],
  ])('email cell %j → %j, kept %j, flags %i', (cell, email, extra, flags) => {
    const r = buildRow(['Ann', cell], mapHeaders(['Name', 'Email']), 'US');
    expect(r).toMatchObject({ row: { email, email_norm: email }, flags });
    expect(JSON.parse((r as { row: { extra: string } }).row.extra ?? 'null')).toEqual(extra);
  });

  it('rejects a row with no name, company, phone or email; keeps one with any', () => {
    const m = mapHeaders(['Name', 'City', 'Phone']);
    expect(buildRow(['', 'Boston', ''], m, 'US')).toEqual({ reject: 'no name, company, phone or email' });
    expect(buildRow(['', '', '555'], m, 'US')).toMatchObject({ row: { phone: '555', phone_e164: null, phone_valid: 0 } });
  });

  it('matches by phone (extension apart), mobile and email; by name and company only without them', () => {
    expect(matchKeys(row({ phone: '617-555-0134', email: 'A@B.example' }))).toEqual(['t+16175550134', 'ea@b.example']);
    expect(matchKeys(row({ phone: '617-555-0134 x12' }))).toEqual(['t+16175550134;ext=12']);
    expect(matchKeys(row({ first_name: 'Ann', company: 'Acme' }))).toEqual(['nann||acme']);
  });

  it('decides same, shared or new; a fingerprint collision (no shared key) is ignored', () => {
    const r = row({ first_name: 'Ann', last_name: 'Baker', phone: '617-555-0134' });
    const same = leadOf(7, { last_name: 'baker', phone_e164: '+16175550134' });
    const other = leadOf(3, { last_name: 'Stone', phone_e164: '+16175550134' });
    const unrelated = leadOf(1, { last_name: 'Baker', phone_e164: '+19995550000' });
    expect(decide(r, [other, same])).toEqual({ same: 7 });
    expect(decide(r, [other])).toEqual({ fresh: true, sharesWith: 3 });
    expect(decide(r, [unrelated])).toEqual({ fresh: true, sharesWith: null });
  });

  it('skip fills only empty fields (a phone with its matching forms); update overwrites; source and list only filled', () => {
    const lead = leadOf(1, { first_name: 'Ann', city: 'Salem', email: null, source: 'old', extra: '{"a":"1"}' });
    const r = { ...row({ first_name: 'Annie', city: 'Boston', email: 'ann@x.example' }), extra: '{"a":"2","b":"3"}', source: 'new' };
    // an email where there was none: the lead is no longer known by its name alone
    expect(repeatChanges(lead, r, 'skip')).toEqual({ email: 'ann@x.example', email_norm: 'ann@x.example', extra: '{"a":"1","b":"3"}', name_key: null });
    expect(repeatChanges(lead, r, 'update')).toEqual({
      first_name: 'Annie', city: 'Boston', email: 'ann@x.example', email_norm: 'ann@x.example', extra: '{"a":"2","b":"3"}', name_key: null,
    });
    // a lead with no name, company, phone or email has no name key: a phone leaves it none
    const withPhone = row({ phone: '(617) 555-0134' });
    expect(repeatChanges(leadOf(1, {}), withPhone, 'skip')).toEqual({ phone: '(617) 555-0134', phone_e164: '+16175550134', phone_ext: null, phone_valid: 1 });
  });
});

describe('text', () => {
  it.each([
    [[0xef, 0xbb, 0xbf, 0x41], true, { encoding: 'utf8', bom: 3 }],
    [[0xff, 0xfe, 0x41, 0x00], false, { encoding: 'utf16le', bom: 2 }],
    [[0xfe, 0xff, 0x00, 0x41], false, { encoding: 'utf16be', bom: 2 }],
    [[0x41, 0x42], true, { encoding: 'utf8', bom: 0 }],
    [[0x41, 0xe9], false, { encoding: 'win1252', bom: 0 }],
  ])('%j (valid UTF-8: %s) → %j', (bytes, valid, out) => {
    expect(detectEncoding(Uint8Array.from(bytes), valid)).toEqual(out);
  });

  it.each([
    // UTF-16 without a byte-order mark: told by where its NUL bytes are (NUL is valid UTF-8)
    ['BEGIN:VCARD\r\nFN:Ann Müller\r\n', 'utf-16le', true, 'utf16le'],
    ['BEGIN:VCARD\r\nFN:Ann Müller\r\n', 'utf-16be', true, 'utf16be'],
    ['First Name,Phone\r\nΕλένη,+30 21 0123 4567\r\n', 'utf-16le', true, 'utf16le'],
    // Japanese text in Shift_JIS, kana and kanji; Western text in Windows-1252 is not taken for it
    ['氏名,会社名\r\n山田 太郎,ソニー株式会社\r\n', 'shift_jis', false, 'shift_jis'],
    ['Name,Stadt\r\nJürgen Weiß,Straße 5\r\n', 'windows-1252', false, 'win1252'],
    ['Name\r\nGérard\r\nMüller\r\nZoë\r\n', 'windows-1252', false, 'win1252'],
    ['Name\r\n‚quoted‘ ƒ\r\n', 'windows-1252', false, 'win1252'],
  ])('%j in %s (valid UTF-8: %s) is read as %s', (text, encoding, valid, want) => {
    expect(detectEncoding(iconv.encode(text, encoding), valid)).toEqual({ encoding: want, bom: 0 });
  });

  it.each([
    ['utf-8', 'utf8'], ['UTF8', 'utf8'], ['windows-1252', 'win1252'], ['cp1252', 'win1252'], ['latin1', 'win1252'],
    ['utf-16', 'utf16le'], ['UTF-16BE', 'utf16be'], ['Shift_JIS', 'shift_jis'], ['sjis', 'shift_jis'], ['CP932', 'shift_jis'],
    ['ISO-8859-2', 'iso88592'], ['koi8-r', 'koi8r'], ['no-such-code', undefined],
  ])('--encoding %s → %s', (name, enc) => {
    expect(encodingOf(name)).toBe(enc);
  });

  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1;2;3\n', ';'],
    ['a\tb\tc\n1\t2\t3\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    ['name;note\n"Baker, Ann";"a,b,c,d"\n"Cole, Bo";x\n', ';'],
    ['Notes:\n"When exporting, you may notice"\n\nFirst,Last,URL\nA,B,C\nD,E,F\n', ','],
    ['justonecolumn\nvalue\n', ','],
  ])('sniffs %j as %j', (sample, d) => {
    expect(sniffDelimiter(sample)).toBe(d);
  });

  it('line breaks made LF between records, kept inside quotes, whatever the pieces', () => {
    const text = 'a,b\r\n"x\r\ny",z\n"q""\r",w\rlast,"r"\r\n';
    const want = 'a,b\n"x\r\ny",z\n"q""\r",w\nlast,"r"\n';
    for (let size = 1; size <= text.length; size++) {
      const norm = lineBreakNormaliser(',');
      let out = '';
      for (let i = 0; i < text.length; i += size) out += norm(text.slice(i, i + size), i + size >= text.length);
      expect(out, `pieces of ${size}`).toBe(want);
    }
  });
});

describe('records', () => {
  const all = (text: string, size = text.length) => {
    const r = new RecordReader(',', 64);
    const out = [];
    for (let i = 0; i < text.length || i === 0; i += size) out.push(...r.push(text.slice(i, i + size), i + size >= text.length));
    return out;
  };

  it('gives each record the physical line it starts on', () => {
    const items = all('h1,h2\n"a\nb",c\nd,e\n');
    expect(items.filter((i) => 'line' in i && i.cells.join() !== '')).toEqual([
      { cells: ['h1', 'h2'], line: 1 },
      { cells: ['a\nb', 'c'], line: 2 },
      { cells: ['d', 'e'], line: 4 },
    ]);
  });

  it('a broken quote: that line rejected, reading goes on at the next line, in any pieces', () => {
    const text = 'h\n"a,b\nc,d\n"x"y,z\ne,f\n';
    for (const size of [1, 3, 7, text.length]) {
      const items = all(text, size).filter((i) => !('line' in i) || i.cells.join() !== '');
      expect(items.map((i) => ('line' in i ? `${i.line}:${i.cells.join('|')}` : `broken ${i.broken}: ${i.raw}`)), `pieces of ${size}`).toEqual([
        '1:h',
        'broken 2: "a,b',
        '3:c|d',
        'broken 4: "x"y,z',
        '5:e|f',
      ]);
    }
  });

  it('a record over the limit is read to its end without being kept and reported whole, in any pieces', () => {
    const text = 'h,n\n"a",' + '"' + 'x'.repeat(40) + '\ny""z"' + '\nb,c\n';
    // (a record that arrives whole in one piece is parsed as any other: its cells are capped by the row)
    for (const size of [1, 5, 16]) {
      const items = [];
      const r = new RecordReader(',', 16);
      for (let i = 0; i < text.length; i += size) items.push(...r.push(text.slice(i, i + size), false));
      items.push(...r.push('', true));
      expect(items, `pieces of ${size}`).toEqual([
        { cells: ['h', 'n'], line: 1 },
        { long: 2, column: 1, chars: 44 },
        { cells: ['b', 'c'], line: 4 },
      ]);
    }
  });

  it('a record long only for its empty cells is a record: its values kept, its trailing empties nothing, in any pieces', () => {
    const text = 'h,n\n"a ""q""",' + ','.repeat(100) + '"b"' + ','.repeat(200) + '\nc,d\n';
    for (const size of [1, 5, 16]) {
      const items = [];
      const r = new RecordReader(',', 16);
      for (let i = 0; i < text.length; i += size) items.push(...r.push(text.slice(i, i + size), false));
      items.push(...r.push('', true));
      expect(items, `pieces of ${size}`).toEqual([
        { cells: ['h', 'n'], line: 1 },
        { cells: ['a "q"', ...Array(100).fill(''), 'b'], line: 2 },
        { cells: ['c', 'd'], line: 3 },
      ]);
    }
  });

  it('a quote over the limit that never closes is reported as open to the end of the file', () => {
    const text = 'h\n"open\n' + 'x\n'.repeat(100) + 'end,1\n';
    const items = all(text, 16);
    expect(items).toEqual([{ cells: ['h'], line: 1 }, { unclosed: 2 }]);
  });
});

describe('key table', () => {
  it('finds every ref of a key, none of another, across growth', () => {
    const t = new KeyTable(10);
    for (let i = 0; i < 5000; i++) t.add(`t+1617555${String(i).padStart(4, '0')}`, i + 1);
    t.add('t+16175550042', -9);
    const out: number[] = [];
    t.find('t+16175550042', out);
    expect(out.sort((a, b) => a - b)).toEqual([-9, 43]);
    const none: number[] = [];
    t.find('t+16175559999x', none);
    expect(none).toEqual([]);
    expect(t.count).toBe(5001);
    expect(hashKey('a')).not.toBe(0);
  });
});

describe('workbook cells as the sheet shows them', () => {
  it.each([
    [16175550134, undefined, '16175550134'],
    [15551234567890, 'General', '15551234567890'],
    [2134, '00000', '02134'],
    [12.5, '0.00', '12.50'],
    [1250000, '#,##0.00', '1250000.00'],
    [0.1 + 0.2, undefined, '0.3'],
    [0.25, '0%', '25%'],
    [new Date(Date.UTC(2026, 4, 3)), 'yyyy-mm-dd', '2026-05-03'],
    [new Date(Date.UTC(2026, 4, 3, 14, 30)), 'm/d/yy h:mm', '2026-05-03 14:30'],
    [true, undefined, 'TRUE'],
    [null, undefined, ''],
  ])('%j (%s) → %j', (value, fmt, text) => {
    expect(cellText(value as never, fmt)).toBe(text);
  });
});
