// The header table (core/import/headers.ts), row by row: every name it lists reads as its own
// field and block, never shadowed by another list; the headers real exports write (Thunderbird
// in full, Japanese business-card apps, list brokers) and the spellings a person types.
import { describe, expect, it } from 'vitest';
import { BLOCK_SYNONYMS, SYNONYMS, fieldOfHeader, headerKey, knownHeader, mapHeaders, mappedHeaders } from '../../dist/core/import/headers.js';

describe('the header table, row by row', () => {
  const primary = Object.entries(SYNONYMS).flatMap(([field, names]) => (names as string[]).map((name) => [name, field, 'primary']));
  const blocks = Object.entries(BLOCK_SYNONYMS).flatMap(([block, fields]) =>
    Object.entries(fields as Record<string, string[]>).flatMap(([field, names]) => names.map((name) => [name, field, block])),
  );
  it.each([...blocks, ...primary])('%j is %s (%s)', (name, field, block) => {
    expect(knownHeader(name)).toMatchObject({ field, block });
  });
});

describe('headers of real exports and of people', () => {
  it.each([
    // list brokers
    ['E-mail Addr', 'email', 'primary'], ['EMAIL ADDR', 'email', 'primary'], ['ST', 'region', 'primary'],
    // spellings a person types
    ['Tel.', 'phone', 'primary'], ['Phone #', 'phone', 'primary'], ['Phone No.', 'phone', 'primary'], ['Cell #', 'mobile', 'primary'],
    ['Mobile #', 'mobile', 'primary'], ['Post Code', 'postal_code', 'primary'], ['Zip/Postal', 'postal_code', 'primary'],
    ['Town', 'city', 'primary'], ['City/Town', 'city', 'primary'], ['Mailing Address', 'address', 'primary'], ['Addr', 'address', 'primary'],
    ['Address Line1', 'street', 'primary'], ['State/Province', 'region', 'primary'], ['Org', 'company', 'primary'],
    // Thunderbird: the work block, the home block with its ZipCode, the second email
    ['Work Phone', 'phone', 'business'], ['Work Address', 'address', 'business'], ['Work Address 2', 'street2', 'business'],
    ['Work City', 'city', 'business'], ['Work State', 'region', 'business'], ['Work ZipCode', 'postal_code', 'business'],
    ['Work Country', 'country', 'business'], ['Home Phone', 'phone', 'home'], ['Home Address', 'address', 'home'],
    ['Home Address 2', 'street2', 'home'], ['Home City', 'city', 'home'], ['Home State', 'region', 'home'],
    ['Home ZipCode', 'postal_code', 'home'], ['Home Country', 'country', 'home'], ['Primary Email', 'email', 'primary'],
    ['Secondary Email', 'email', 'other'], ['Mobile Number', 'mobile', 'primary'], ['Display Name', 'name', 'primary'],
    ['Organization', 'company', 'primary'], ['Job Title', 'title', 'primary'], ['Notes', 'notes', 'primary'],
    // Japanese business-card apps (Eight, Sansan, CamCard) and address books
    ['氏名', 'name', 'primary'], ['名前', 'name', 'primary'], ['姓', 'last_name', 'primary'], ['名', 'first_name', 'primary'],
    ['会社名', 'company', 'primary'], ['役職', 'title', 'primary'], ['携帯電話', 'mobile', 'primary'], ['携帯電話番号', 'mobile', 'primary'],
    ['電話番号', 'phone', 'primary'], ['TEL会社', 'phone', 'business'], ['ＴＥＬ（会社）', 'phone', 'business'], ['電話番号(会社)', 'phone', 'business'],
    ['メールアドレス', 'email', 'primary'], ['Eメール', 'email', 'primary'], ['住所', 'address', 'primary'], ['住所1', 'street', 'primary'],
    ['住所2', 'street2', 'primary'], ['市区町村', 'city', 'primary'], ['都道府県', 'region', 'primary'], ['郵便番号', 'postal_code', 'primary'],
    ['〒', 'postal_code', 'primary'], ['国', 'country', 'primary'], ['備考', 'notes', 'primary'],
  ])('%j is %s (%s)', (header, field, block) => {
    expect(knownHeader(header)).toMatchObject({ field, block });
  });

  it.each([
    // kept with the lead, never a field: fax, pager, a department, a date, an empty header
    ['Fax Number'], ['Pager Number'], ['Department'], ['部署名'], ['FAX'], ['名刺交換日'], ['Nickname'], [''], ['Web Page 1'],
  ])('%j names no field', (header) => {
    expect(fieldOfHeader(header)).toBeUndefined();
  });

  it.each([
    ['ＴＥＬ（会社）', 'tel会社'],
    ['携帯 電話', '携帯電話'],
    ['メールアドレス', headerKey('メールアドレス')],
    ['〒', '郵便番号'],
    ['E-mail Addr.', 'emailaddr'],
  ])('%j folds to %j: letters of every script kept, full-width made plain, marks and punctuation gone', (header, key) => {
    expect(headerKey(header)).toBe(key);
    expect(headerKey(header)).not.toBe('');
  });

  it("Thunderbird's whole export: the work block first, then the home block with its ZIP code; fax and pager kept", () => {
    const header =
      'First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,Work Phone,Home Phone,Fax Number,Pager Number,' +
      'Mobile Number,Home Address,Home Address 2,Home City,Home State,Home ZipCode,Home Country,Work Address,Work Address 2,Work City,' +
      'Work State,Work ZipCode,Work Country,Job Title,Department,Organization,Web Page 1,Web Page 2,Birth Year,Birth Month,Birth Day,' +
      'Custom 1,Custom 2,Custom 3,Custom 4,Notes';
    const m = mapHeaders(header.split(','));
    expect(mappedHeaders(m)).toEqual({
      first_name: ['First Name'], last_name: ['Last Name'], name: ['Display Name'], company: ['Organization'], title: ['Job Title'],
      phone: ['Work Phone', 'Home Phone'], mobile: ['Mobile Number'], email: ['Primary Email', 'Secondary Email'],
      street2: ['Work Address 2', 'Home Address 2'], address: ['Work Address', 'Home Address'], city: ['Work City', 'Home City'],
      region: ['Work State', 'Home State'], postal_code: ['Work ZipCode', 'Home ZipCode'], country: ['Work Country', 'Home Country'],
      notes: ['Notes'],
    });
    expect(m.addresses.map((a) => a.block)).toEqual(['business', 'home']);
    expect(m.extra.map((i) => m.headers[i])).toEqual(expect.arrayContaining(['Fax Number', 'Pager Number', 'Department']));
  });

  it('a Japanese business-card header row maps its name, company, title, phones, email and address', () => {
    const m = mapHeaders(['会社名', '部署名', '役職', '氏名', 'メールアドレス', '郵便番号', '住所', '電話番号', '携帯電話', 'FAX', 'URL', '名刺交換日']);
    expect(mappedHeaders(m)).toEqual({
      name: ['氏名'], company: ['会社名'], title: ['役職'], phone: ['電話番号'], mobile: ['携帯電話'], email: ['メールアドレス'],
      address: ['住所'], postal_code: ['郵便番号'],
    });
    expect(m.extra.map((i) => m.headers[i])).toEqual(['部署名', 'FAX', 'URL', '名刺交換日']);
  });
});
