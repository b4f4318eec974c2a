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
 * Header names for each field, best first: when two columns name the same field (Outlook's
 * `Business Street` and `Home Street`), the one listed earlier wins and the other is kept
 * with the lead. Compared without case, spaces or punctuation (`E-mail Address` =
 * `email address`).
 */
export const SYNONYMS: Record<ImportField, string[]> = {
  first_name: [
    'first name', 'firstname', 'first', 'given name', 'forename', 'fname', 'contact first name',
    'executive first name', 'owner first name', 'prenom', 'vorname', 'nombre',
  ],
  last_name: [
    'last name', 'lastname', 'last', 'surname', 'family name', 'lname', 'contact last name',
    'executive last name', 'owner last name', 'nom', 'nachname', 'apellido', 'apellidos',
  ],
  name: ['name', 'full name', 'fullname', 'contact name', 'contact', 'contact full name', 'executive name', 'owner name', 'display name', 'person'],
  company: [
    'company', 'company name', 'organization', 'organisation', 'organization name', 'organization 1 name',
    'business name', 'business', 'account name', 'account', 'employer', 'firm', 'legal name', 'dba', 'firma', 'empresa',
  ],
  title: [
    'job title', 'jobtitle', 'position', 'organization title', 'organization 1 title', 'contact title',
    'executive title', 'role', 'occupation', 'designation', 'title',
  ],
  phone: [
    'phone', 'phone number', 'phonenumber', 'telephone', 'telephone number', 'tel', 'business phone', 'work phone',
    'office phone', 'direct phone', 'direct dial', 'direct line', 'main phone', 'company phone', 'phone 1 value',
    'primary phone', 'contact phone', 'landline', 'home phone', 'phone 1', 'telefon', 'telefono', 'telephone 1',
  ],
  mobile: ['mobile', 'mobile phone', 'mobile number', 'cell', 'cell phone', 'cellphone', 'cellular', 'mobile phone number', 'handy', 'movil'],
  email: [
    'email', 'e mail', 'email address', 'e mail address', 'email 1 value', 'e mail 1 value', 'primary email',
    'work email', 'business email', 'contact email', 'email 1', 'mail', 'courriel', 'correo',
  ],
  street: [
    'street', 'street address', 'address line 1', 'address 1', 'address1', 'addr1', 'business street', 'address 1 street',
    'mailing street', 'mailing address line 1', 'company address', 'home street', 'strasse', 'rue',
  ],
  street2: ['address line 2', 'address 2', 'address2', 'addr2', 'business street 2', 'street 2', 'suite', 'home street 2'],
  address: ['address', 'business address', 'mailing address', 'postal address', 'full address', 'address 1 formatted', 'home address', 'other address'],
  city: ['city', 'town', 'locality', 'business city', 'address 1 city', 'mailing city', 'home city', 'ort', 'ville', 'ciudad'],
  region: [
    'state', 'region', 'province', 'county', 'state province', 'state or province', 'business state', 'address 1 region',
    'mailing state', 'home state', 'prov',
  ],
  postal_code: [
    'zip', 'zip code', 'zipcode', 'postal code', 'postcode', 'post code', 'postal', 'business postal code',
    'address 1 postal code', 'mailing zip', 'mailing postal code', 'home postal code', 'zip postal code', 'plz',
  ],
  country: ['country', 'country region', 'business country region', 'address 1 country', 'mailing country', 'home country region', 'nation', 'land', 'pays'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks', 'memo', 'description', 'notizen'],
  source: ['source', 'lead source', 'leadsource', 'origin', 'channel'],
  list: ['list', 'list name', 'campaign', 'campaign name'],
};

/** `E-mail Address` → `emailaddress`: how headers are compared. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const RANK = new Map<string, { field: ImportField; rank: number }>();
for (const field of IMPORT_FIELDS) {
  SYNONYMS[field].forEach((h, rank) => {
    const k = headerKey(h);
    if (!RANK.has(k)) RANK.set(k, { field, rank });
  });
}

/** The field a header names by the synonyms table, if any. */
export function fieldOfHeader(header: string): ImportField | undefined {
  return RANK.get(headerKey(header))?.field;
}

/** How many cells of a row are known header names: finds the header under notes lines (LinkedIn). */
export function knownHeaderCount(cells: string[]): number {
  let n = 0;
  for (const c of cells) if (RANK.has(headerKey(c))) n++;
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
    if (name !== t) renamed.push({ from: t, to: name, column: i + 1 });
    return name;
  });
  return { headers, renamed };
}

export interface Mapping {
  headers: string[];
  /** column index of each mapped field */
  columns: Partial<Record<ImportField, number>>;
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
 * Maps the header row to fields: `overrides` (`--map FIELD=HEADER`) first, then the
 * synonyms table, the best-ranked column winning. A whole `name` is used only when first
 * and last names are not both there, a whole `address` only when there is no street.
 * Throws an Error naming the header when an override names a column the file lacks.
 */
export function mapHeaders(rawHeaders: string[], overrides: Partial<Record<ImportField, string>> = {}): Mapping {
  const { headers, renamed } = uniqueHeaders(rawHeaders);
  const columns: Partial<Record<ImportField, number>> = {};
  const taken = new Set<number>();
  for (const [field, header] of Object.entries(overrides) as [ImportField, string][]) {
    let i = headers.indexOf(header);
    if (i < 0) i = headers.findIndex((h) => h.toLowerCase() === header.toLowerCase());
    if (i < 0) i = rawHeaders.findIndex((h) => h.trim().toLowerCase() === header.trim().toLowerCase());
    if (i < 0) throw new Error(`--map ${field}=${header}: the file has no column named ${JSON.stringify(header)}`);
    columns[field] = i;
    taken.add(i);
  }
  const best: Partial<Record<ImportField, { col: number; rank: number }>> = {};
  headers.forEach((h, col) => {
    if (taken.has(col)) return;
    const hit = RANK.get(headerKey(rawHeaders[col] ?? h));
    if (!hit || columns[hit.field] !== undefined) return;
    const cur = best[hit.field];
    if (!cur || hit.rank < cur.rank) best[hit.field] = { col, rank: hit.rank };
  });
  for (const [field, b] of Object.entries(best) as [ImportField, { col: number }][]) columns[field] = b.col;
  if (columns.first_name !== undefined && columns.last_name !== undefined && !('name' in overrides)) delete columns.name;
  if (columns.street !== undefined && !('address' in overrides)) delete columns.address;
  const used = new Set(Object.values(columns));
  const extra = headers.map((_, i) => i).filter((i) => !used.has(i));
  return { headers, columns, extra, renamed };
}
