// Which column of an imported file holds which field: a table of the names real exports use
// (spreadsheets, Google Contacts, Outlook, LinkedIn, list brokers), `--map` over it, and the
// columns that map to nothing, kept with the lead. Pure: no I/O.

/** Fields a column can fill. `name` is a whole name, split into first and last; `address` a whole address. */
export const IMPORT_FIELDS = [
  'first_name',
  'last_name',
  'name',
  'company',
  'title',
  'phone',
  'mobile',
  'email',
  'street',
  'street2',
  'address',
  'city',
  'region',
  'postal_code',
  'country',
  'notes',
  'source',
  'list',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/**
 * Where a column's value sits in an export that has several of a kind: Outlook's
 * `Business Phone`, `Home Phone`, `Other Phone`. Each row takes a field from the first of
 * these that holds it; a plain `Phone` or `Street` is the primary one.
 */
export const BLOCKS = ['business', 'primary', 'home', 'other'] as const;
export type Block = (typeof BLOCKS)[number];

/** The fields of a postal address: a row takes them all from one block, never mixing two. */
export const ADDRESS_FIELDS = ['street', 'street2', 'address', 'city', 'region', 'postal_code', 'country'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];
const isAddress = (f: ImportField): f is AddressField => (ADDRESS_FIELDS as readonly string[]).includes(f);

/**
 * Header names of the primary block for each field, best first, in English and in the
 * exports of other languages (Outlook's localised CSV among them). Compared folded
 * (headerKey): `E-Mail-Adresse` = `email adresse`. When two columns name the same field,
 * both are candidates, the one listed earlier first.
 */
export const SYNONYMS: Record<ImportField, string[]> = {
  first_name: [
    'first name', 'firstname', 'first', 'given name', 'forename', 'fname', 'contact first name',
    'executive first name', 'owner first name', 'prenom', 'vorname', 'nombre', 'voornaam',
    // Japanese: given name, and a name's given half
    '名', '名前(名)', '名(漢字)',
  ],
  last_name: [
    'last name', 'lastname', 'last', 'surname', 'family name', 'lname', 'contact last name',
    'executive last name', 'owner last name', 'nom', 'nachname', 'apellido', 'apellidos', 'cognome', 'achternaam',
    '姓', '名字', '苗字', '名前(姓)', '姓(漢字)',
  ],
  name: [
    'name', 'full name', 'fullname', 'contact name', 'contact', 'contact full name', 'executive name', 'owner name', 'display name', 'person',
    '氏名', '名前', '氏名(漢字)', '表示名', 'フルネーム', '担当者名', '担当者',
  ],
  company: [
    'company', 'company name', 'organization', 'organisation', 'organization name', 'organization 1 name',
    'business name', 'business', 'account name', 'account', 'employer', 'firm', 'legal name', 'dba', 'firma', 'empresa',
    'societe', 'compania', 'organizacion', 'societa', 'azienda', 'bedrijf', 'org', 'company organization', 'biz name',
    '会社名', '会社', '企業名', '法人名', '組織名', '勤務先', '勤務先名',
  ],
  title: [
    'job title', 'jobtitle', 'position', 'organization title', 'organization 1 title', 'contact title',
    'executive title', 'role', 'occupation', 'designation', 'fonction', 'puesto', 'cargo', 'posizione', 'functie', 'title',
    'position title', '役職', '役職名', '肩書', '肩書き',
  ],
  phone: [
    'phone', 'phone number', 'phonenumber', 'telephone', 'telephone number', 'tel', 'direct phone', 'direct dial',
    'direct line', 'main phone', 'company phone', 'company main phone', 'primary phone', 'contact phone', 'landline',
    'phone 1', 'telephone 1', 'telefon', 'telefono', 'haupttelefon', 'telefon firma', 'telephone principal',
    'telephone societe', 'telefono principal', 'telefono principale', 'hoofdtelefoon', 'telefoon',
    'phone #', 'phone no', 'tel no', 'telephone no', 'phone num',
    '電話番号', '電話', '代表電話', '代表電話番号',
  ],
  mobile: [
    'mobile', 'mobile phone', 'mobile number', 'cell', 'cell phone', 'cellphone', 'cellular', 'mobile phone number', 'handy',
    'mobiltelefon', 'telephone mobile', 'portable', 'movil', 'telefono movil', 'cellulare', 'mobiele telefoon', 'mobiel',
    'mobile phone 2', 'mobiltelefon 2', 'cell #', 'cell no', 'mobile #', 'mobile no', 'mob', 'cell phone number', 'mobile tel',
    '携帯電話', '携帯電話番号', '携帯', '携帯番号',
  ],
  email: [
    'email', 'e mail', 'email address', 'e mail address', 'primary email', 'contact email', 'email 1', 'mail',
    'courriel', 'correo', 'e mail adresse', 'adresse de messagerie', 'adresse email', 'direccion de correo electronico',
    'correo electronico', 'indirizzo posta elettronica', 'indirizzo e mail', 'e mailadres', 'e mail adres',
    'email addr', 'e mail addr', 'email id', 'e mail id',
    'メールアドレス', 'メール', '電子メール', '電子メールアドレス', 'eメール', 'eメールアドレス',
  ],
  street: [
    'street', 'street address', 'address line 1', 'address 1', 'address1', 'addr1', 'mailing street', 'mailing address line 1', 'strasse', 'rue',
    'calle', 'via', 'straat', 'street address 1', 'st address', 'address line1',
    '住所1', '番地', '市区町村以降', '町名番地',
  ],
  street2: ['address line 2', 'address 2', 'address2', 'addr2', 'street 2', 'suite', 'street address 2', 'address line2', '住所2', '建物名', 'ビル名'],
  address: ['address', 'mailing address', 'postal address', 'full address', 'adresse', 'direccion', 'indirizzo', 'adres', 'addr', '住所', '所在地'],
  city: ['city', 'town', 'locality', 'mailing city', 'ort', 'ville', 'ciudad', 'citta', 'plaats', 'stadt', 'city town', 'suburb', '市区町村'],
  region: [
    'state', 'region', 'province', 'county', 'state province', 'state or province', 'state region', 'mailing state', 'prov',
    'bundesland', 'provincia', 'provincie', 'st', 'province state', '都道府県',
  ],
  postal_code: [
    'zip', 'zip code', 'zipcode', 'postal code', 'postcode', 'post code', 'postal', 'mailing zip', 'mailing postal code',
    'zip postal code', 'plz', 'postleitzahl', 'code postal', 'codigo postal', 'cap', 'postal zip', 'zip postal', 'zip 4', 'postal code zip',
    '郵便番号', '〒',
  ],
  country: ['country', 'country region', 'mailing country', 'nation', 'land', 'pays', 'pais', 'paese', 'land regio', '国', '国名', '国 地域'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks', 'memo', 'description', 'notizen', 'notas', 'notities', '備考', 'メモ'],
  source: ['source', 'lead source', 'leadsource', 'origin', 'channel'],
  list: ['list', 'list name', 'campaign', 'campaign name'],
};

/**
 * Header names of the business, home and other blocks (Outlook in English, German,
 * French, Spanish, Italian and Dutch; older Outlook and Google's "Outlook CSV"). Fax,
 * pager, assistant and car phones are in none: they are not the number to call.
 */
export const BLOCK_SYNONYMS: Record<Exclude<Block, 'primary'>, Partial<Record<ImportField, string[]>>> = {
  business: {
    phone: [
      'business phone', 'work phone', 'office phone', 'business phone 2', 'telefon geschaftlich', 'telefon geschaftlich 2',
      'telephone bureau', 'telephone 2 bureau', 'telefono del trabajo', 'telefono del trabajo 2', 'telefono ufficio',
      'telefono ufficio 2', 'telefoon op werk', 'telefoon op werk 2', 'telefoon werk',
      '会社電話', '会社電話番号', '電話番号(会社)', '勤務先電話', '勤務先電話番号', 'tel会社', 'tel部門', 'tel直通', '直通電話', '直通',
    ],
    email: ['work email', 'business email', '会社メールアドレス'],
    street: [
      'business street', 'company address', 'strasse geschaftlich', 'rue bureau', 'calle del trabajo', 'via uff',
      'via ufficio', 'werkadres straat',
    ],
    street2: ['work address 2', 'business street 2', 'strasse geschaftlich 2', 'rue bureau 2', 'calle del trabajo 2', 'via uff 2', 'werkadres straat 2'],
    // Thunderbird's `Work Address` is the street's first line, beside `Work Address 2`
    address: ['business address', 'work address'],
    city: ['work city', 'business city', 'ort geschaftlich', 'ville bureau', 'ciudad de trabajo', 'ciudad del trabajo', 'citta uff', 'citta ufficio', 'werkadres plaats'],
    region: [
      'work state', 'business state', 'business region', 'region geschaftlich', 'bundesland kanton geschaftlich', 'dep region bureau',
      'provincia o estado de trabajo', 'provincia o estado del trabajo', 'provincia uff', 'werkadres provincie',
    ],
    postal_code: [
      'work zipcode', 'work zip', 'work postal code', 'business postal code', 'business zip', 'postleitzahl geschaftlich', 'code postal bureau', 'codigo postal del trabajo',
      'cap uff', 'werkadres postcode',
    ],
    country: [
      'work country', 'business country region', 'business country', 'land region geschaftlich', 'pays region bureau',
      'pais o region del trabajo', 'paese area geografica uff', 'werkadres land regio',
    ],
  },
  home: {
    phone: [
      'home phone', 'home phone 2', 'telefon privat', 'telefon privat 2', 'telephone domicile', 'telephone 2 domicile',
      'telefono particular', 'telefono particular 2', 'telefono abitazione', 'telefono abitazione 2', 'telefoon thuis', 'telefoon thuis 2',
      '自宅電話', '自宅電話番号',
    ],
    email: ['home email', 'personal email'],
    street: ['home street', 'strasse privat', 'rue domicile', 'calle del domicilio', 'via ab', 'via abitazione', 'huisadres straat'],
    street2: ['home address 2', 'home street 2', 'strasse privat 2', 'rue domicile 2', 'calle del domicilio 2', 'via ab 2', 'huisadres straat 2'],
    address: ['home address'],
    city: ['home city', 'ort privat', 'ville domicile', 'ciudad de residencia', 'citta ab', 'citta abitazione', 'huisadres plaats'],
    region: [
      'home state', 'home region', 'region privat', 'bundesland kanton privat', 'dep region domicile',
      'provincia o estado de residencia', 'provincia ab', 'huisadres provincie',
    ],
    postal_code: ['home zipcode', 'home postal code', 'home zip', 'postleitzahl privat', 'code postal domicile', 'codigo postal de residencia', 'cap ab', 'huisadres postcode'],
    country: ['home country region', 'home country', 'land region privat', 'pays region domicile', 'pais o region de residencia', 'paese area geografica ab', 'huisadres land regio'],
  },
  other: {
    phone: [
      'other phone', 'car phone', 'weiteres telefon', 'autotelefon', 'telephone autre', 'telephone voiture', 'otro telefono',
      'telefono del automovil', 'altro telefono', 'telefono auto', 'andere telefoon', 'autotelefoon',
    ],
    email: ['secondary email', 'e mail 2 address', 'e mail 3 address', 'email 2', 'email 3', 'other email', 'e mail 2 adresse', 'e mail 3 adresse',
      'adresse de messagerie 2', 'adresse de messagerie 3', 'direccion de correo electronico 2', 'direccion de correo electronico 3',
      'indirizzo posta elettronica 2', 'indirizzo posta elettronica 3', 'e mailadres 2', 'e mailadres 3'],
    street: ['other street', 'weitere strasse', 'rue autre', 'otra calle', 'altra via', 'ander adres straat'],
    street2: ['other street 2', 'weitere strasse 2', 'rue autre 2', 'otra calle 2', 'altra via 2', 'ander adres straat 2'],
    address: ['other address'],
    city: ['other city', 'weiterer ort', 'ville autre', 'otra ciudad', 'altra citta', 'ander adres plaats'],
    region: ['other state', 'other region', 'weitere region', 'weiteres bundesland kanton', 'dep region autre', 'otra provincia o estado', 'altra provincia', 'ander adres provincie'],
    postal_code: ['other postal code', 'other zip', 'weitere postleitzahl', 'code postal autre', 'otro codigo postal', 'altro cap', 'ander adres postcode'],
    country: ['other country region', 'other country', 'weiteres land region', 'pays region autre', 'otro pais o region', 'altro paese area geografica', 'ander adres land regio'],
  },
};

/**
 * Headers that are no field whatever the table says elsewhere: Outlook's `Location` (in
 * German `Ort`, which elsewhere is a city) is where a contact can be met, not its city.
 * A file from Outlook is told by its own columns; elsewhere `Ort` is the city.
 */
const OUTLOOK_LOCATION = ['location', 'ort', 'emplacement', 'ubicacion', 'ubicazione', 'locatie'];
const OUTLOOK_MARKERS = [
  'e mail display name', 'e mail angezeigter name', 'nom complet de l adresse de messagerie', 'nombre para mostrar del correo electronico',
  'nome visualizzato posta elettronica', 'weergavenaam e mail', 'business phone', 'telefon geschaftlich', 'strasse geschaftlich',
  'telephone bureau', 'rue bureau', 'telefono del trabajo', 'calle del trabajo', 'telefono ufficio', 'via uff', 'telefoon op werk',
  'werkadres straat',
];

/** Headers that name a field only when no other column does: Outlook's `Title` is a courtesy title (Mr., Dr.). */
const WEAK = new Set(['title', 'contact', 'person', 'account', 'business', 'mail', 'land', 'nation']);

/**
 * `E-mail Address` → `emailaddress`, `Straße` → `strasse`, `Télé­phone` → `telephone`,
 * `ＴＥＬ（会社）` → `tel会社`: how headers are compared. Letters of every script are kept
 * (a Japanese export's headers are all kanji and kana); marks, spaces and punctuation go.
 */
export function headerKey(header: string): string {
  return header
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ø/g, 'o')
    .replace(/ł/g, 'l')
    // the postal mark is a symbol, but a Japanese export's whole header for the postal code
    .replace(/〒/g, '郵便番号')
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

interface Known {
  field: ImportField;
  block: Block;
  /** place in its list: the lower, the earlier a candidate */
  rank: number;
}

const RANK = new Map<string, Known>();
const learn = (field: ImportField, block: Block, names: string[]) =>
  names.forEach((h, rank) => {
    const k = headerKey(h);
    if (k && !RANK.has(k)) RANK.set(k, { field, block, rank });
  });
for (const block of ['business', 'home', 'other'] as const) {
  for (const [field, names] of Object.entries(BLOCK_SYNONYMS[block]) as [ImportField, string[]][]) learn(field, block, names);
}
for (const field of IMPORT_FIELDS) learn(field, 'primary', SYNONYMS[field]);
const LOCATION = new Set(OUTLOOK_LOCATION.map(headerKey));
const MARKERS = new Set(OUTLOOK_MARKERS.map(headerKey));

/** Google Contacts' numbered, typed columns: `Phone 1 - Type`, `Phone 1 - Value`, `Address 2 - City`. */
const GOOGLE = /^(phone|email|address)(\d+)(type|label|value|formatted|street|extendedaddress|pobox|city|region|postalcode|country)$/;

const LABEL = /:\s*$/;

/** The field and block a header names by the table, if any (`inOutlook`: the file is an Outlook export). */
export function knownHeader(header: string, inOutlook = false): Known | undefined {
  // `Name:` is the label of a `key: value` line (a settings or status file), not a column
  if (LABEL.test(header)) return undefined;
  const k = headerKey(header);
  if (inOutlook && LOCATION.has(k)) return undefined;
  if (k === 'location') return undefined;
  return RANK.get(k);
}

/** The field a header names by the synonyms table, if any. */
export function fieldOfHeader(header: string, inOutlook = false): ImportField | undefined {
  if (LABEL.test(header)) return undefined;
  const g = GOOGLE.exec(headerKey(header));
  if (g) return googleField(g[1], g[3]);
  return knownHeader(header, inOutlook)?.field;
}

function googleField(kind: string, part: string): ImportField | undefined {
  if (part === 'type' || part === 'label') return undefined;
  if (kind === 'phone') return 'phone';
  if (kind === 'email') return 'email';
  const parts: Record<string, AddressField> = { formatted: 'address', street: 'street', extendedaddress: 'street2', city: 'city', region: 'region', postalcode: 'postal_code', country: 'country' };
  return parts[part];
}

/** How many cells of a row are known header names: finds the header under notes lines (LinkedIn). */
export function knownHeaderCount(cells: string[]): number {
  let n = 0;
  for (const c of cells) if (fieldOfHeader(c)) n++;
  return n;
}

/**
 * Which of the first rows is the header: the first with two or more known names (LinkedIn's
 * export has lines of notes above it), else the first row that is not blank.
 */
export function findHeaderRow(rows: string[][]): number {
  for (let i = 0; i < rows.length; i++) if (knownHeaderCount(rows[i]) >= 2) return i;
  const first = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
  return first < 0 ? 0 : first;
}

/**
 * Header names made safe to use as keys: trimmed; an empty one becomes `column N`; a
 * repeat becomes `Phone (2)`; `__proto__` and the like are renamed, never merged.
 */
export function uniqueHeaders(raw: string[]): { headers: string[]; renamed: { from: string; to: string; column: number }[] } {
  const seen = new Set<string>();
  const renamed: { from: string; to: string; column: number }[] = [];
  const headers = raw.map((h, i) => {
    const t = h.trim();
    let name = t === '' ? `column ${i + 1}` : t;
    if (['__proto__', 'constructor', 'prototype'].includes(name)) name = `${name} (column ${i + 1})`;
    if (seen.has(name.toLowerCase())) {
      let n = 2;
      while (seen.has(`${name} (${n})`.toLowerCase())) n++;
      name = `${name} (${n})`;
    }
    seen.add(name.toLowerCase());
    // a blank header at the end is the comma Thunderbird and others end every line with: not worth a word
    if (name !== t && !(t === '' && i === raw.length - 1)) renamed.push({ from: t, to: name, column: i + 1 });
    return name;
  });
  return { headers, renamed };
}

/** Google's numbered phone or email: its value column, and the column saying what kind it is. */
export interface TypedSlot {
  kind: 'phone' | 'email';
  value: number;
  type: number | null;
}

/** One block of address columns (Outlook's business, home, other; Google's `Address N`). */
export interface AddressBlock {
  block: Block;
  /** Google's `Address N - Type` column: the row's value decides the block */
  type: number | null;
  cols: Partial<Record<AddressField, number[]>>;
  /** `cols` as pairs, for the row loop (no allocation a row) */
  fields: [AddressField, number[]][];
}

export interface Mapping {
  headers: string[];
  /** for each field outside the address, its candidate columns in the order a row tries them */
  candidates: Partial<Record<ImportField, number[]>>;
  /** Google's typed phone and email columns, tried after the plain ones by their type */
  typed: TypedSlot[];
  /** address blocks in the order a row tries them (a typed one by its row's type) */
  addresses: AddressBlock[];
  /** columns that fill no field: kept with the lead (leads.extra) */
  extra: number[];
  renamed: { from: string; to: string; column: number }[];
}

/** Field names `--map` takes: the import fields, and a few short forms. */
const FIELD_ALIASES: Record<string, ImportField> = {
  first: 'first_name',
  firstname: 'first_name',
  last: 'last_name',
  lastname: 'last_name',
  full_name: 'name',
  job_title: 'title',
  cell: 'mobile',
  zip: 'postal_code',
  postcode: 'postal_code',
  state: 'region',
  note: 'notes',
  address2: 'street2',
};

export function mapField(name: string): ImportField | undefined {
  const n = name.trim().toLowerCase().replace(/-/g, '_');
  if ((IMPORT_FIELDS as readonly string[]).includes(n)) return n as ImportField;
  return FIELD_ALIASES[n];
}

/**
 * Maps the header row to fields: `overrides` (`--map FIELD=HEADER`) first, each the one
 * column of its field; then the synonyms table, every column naming a field being one of
 * its candidates (business, primary, home, other; within a block best-ranked first). A
 * header that names a field only loosely (`Title`) is a candidate only when no other column
 * names it. Throws an Error naming the header when an override names a column the file lacks.
 */
export function mapHeaders(rawHeaders: string[], overrides: Partial<Record<ImportField, string>> = {}): Mapping {
  const { headers, renamed } = uniqueHeaders(rawHeaders);
  const taken = new Map<number, ImportField>();
  for (const [field, header] of Object.entries(overrides) as [ImportField, string][]) {
    let i = headers.indexOf(header);
    if (i < 0) i = headers.findIndex((h) => h.toLowerCase() === header.toLowerCase());
    if (i < 0) i = rawHeaders.findIndex((h) => h.trim().toLowerCase() === header.trim().toLowerCase());
    if (i < 0) throw new Error(`--map ${field}=${header}: the file has no column named ${JSON.stringify(header)}`);
    taken.set(i, field);
  }
  const overridden = new Set(taken.values());
  const inOutlook = rawHeaders.some((h) => MARKERS.has(headerKey(h)));
  type Hit = Known & { col: number; weak: boolean };
  const hits: Hit[] = [];
  const typed: TypedSlot[] = [];
  const slots = new Map<string, { type: number | null; cols: Partial<Record<AddressField | 'value', number[]>> }>();
  headers.forEach((h, col) => {
    if (taken.has(col)) return;
    const raw = rawHeaders[col] ?? h;
    const g = LABEL.test(raw) ? null : GOOGLE.exec(headerKey(raw));
    if (g) {
      const field = googleField(g[1], g[3]);
      if (field && overridden.has(field)) return;
      const slot = slots.get(g[1] + g[2]) ?? { type: null, cols: {} };
      slots.set(g[1] + g[2], slot);
      if (g[3] === 'type' || g[3] === 'label') slot.type = col;
      else if (field) ((slot.cols[g[1] === 'address' ? (field as AddressField) : 'value'] ??= []) as number[]).push(col);
      return;
    }
    const k = knownHeader(raw, inOutlook);
    if (k && !overridden.has(k.field)) hits.push({ ...k, col, weak: WEAK.has(headerKey(raw)) });
  });
  const strong = new Set(hits.filter((x) => !x.weak).map((x) => x.field));
  const order = (a: Hit, b: Hit) => BLOCKS.indexOf(a.block) - BLOCKS.indexOf(b.block) || a.rank - b.rank || a.col - b.col;
  const used = hits.filter((x) => !x.weak || !strong.has(x.field)).sort(order);

  const candidates: Partial<Record<ImportField, number[]>> = {};
  const blocks = new Map<Block, AddressBlock>();
  const blockOf = (b: Block) => {
    let a = blocks.get(b);
    if (!a) blocks.set(b, (a = { block: b, type: null, cols: {}, fields: [] }));
    return a;
  };
  for (const [col, field] of taken) {
    if (isAddress(field)) blockOf('primary').cols[field] = [col];
    else candidates[field] = [col];
  }
  for (const x of used) {
    if (isAddress(x.field)) (blockOf(x.block).cols[x.field] ??= []).push(x.col);
    else (candidates[x.field] ??= []).push(x.col);
  }
  const addresses = [...blocks.values()].sort((a, b) => BLOCKS.indexOf(a.block) - BLOCKS.indexOf(b.block));
  // --map of an address field: that block first
  if ([...overridden].some(isAddress)) addresses.sort((a, b) => Number(b.block === 'primary') - Number(a.block === 'primary'));
  for (const [key, slot] of slots) {
    if (key.startsWith('address')) {
      if (Object.keys(slot.cols).length) addresses.push({ block: 'other', type: slot.type, cols: slot.cols as AddressBlock['cols'], fields: [] });
    } else if (slot.cols.value) {
      for (const v of slot.cols.value) typed.push({ kind: key.startsWith('phone') ? 'phone' : 'email', value: v, type: slot.type });
    }
  }
  for (const a of addresses) a.fields = Object.entries(a.cols) as [AddressField, number[]][];
  const mappedCols = new Set<number>([...taken.keys(), ...used.map((x) => x.col)]);
  for (const slot of slots.values()) for (const cs of Object.values(slot.cols)) for (const c of cs!) mappedCols.add(c);
  for (const t of typed) if (t.type !== null) mappedCols.add(t.type);
  for (const a of addresses) if (a.type !== null) mappedCols.add(a.type);
  const extra = headers.map((_, i) => i).filter((i) => !mappedCols.has(i));
  return { headers, candidates, typed, addresses, extra, renamed };
}

/** Whether the mapping finds a name, company, phone or email: a file without any is no contact list. */
export function findsContacts(m: Mapping): boolean {
  return (['first_name', 'last_name', 'name', 'company', 'phone', 'mobile', 'email'] as const).some((f) => m.candidates[f]?.length) || m.typed.length > 0;
}

/** Each mapped field and its columns in the order a row tries them (`phone: Business Phone, Home Phone`). */
export function mappedHeaders(m: Mapping): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (f: string, col: number) => (out[f] ??= []).push(m.headers[col]);
  for (const f of IMPORT_FIELDS) {
    for (const c of m.candidates[f] ?? []) add(f, c);
    if (f === 'phone' || f === 'email') for (const t of m.typed) if (t.kind === f) add(f, t.value);
    if (isAddress(f)) for (const a of m.addresses) for (const c of a.cols[f] ?? []) add(f, c);
  }
  return out;
}
