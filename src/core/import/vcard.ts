// vCard files (.vcf) as phones and mail programs write them: versions 2.1 (Android's and
// Outlook's exports), 3.0 (Apple, Google) and 4.0. A small reader of the line grammar of
// vCard 2.1 and RFC 2425/2426/6350: lines ending CRLF, LF, CR or CR CR LF; folded lines (a
// line beginning with a space or tab goes on the one before: one blank taken away in 3.0 and
// 4.0, every leading blank in 2.1); quoted-printable values whose soft line breaks (`=` at
// the end of a line) join the next line whatever it begins with; BASE64 / `ENCODING=B`
// values; `CHARSET=` on each value (Shift_JIS, ISO-8859-x, UTF-8: iconv-lite decodes);
// grouped properties (`item1.TEL` with `item1.X-ABLabel`). A card becomes a lead the way a
// row does (row.ts finishRow): the best phone, mobile, email and address in the fields, every
// other one kept on the lead. Pure: text in, rows out.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { emailAddress } from '../normalise.js';
import { streetLine, type OtherPhone } from '../lead.js';
import { splitName } from './names.js';
import { FIELD_CAP, LONG_CAP, finishRow, type Address, type Gathered, type RowResult } from './row.js';

/** Most properties a card may have: a person's card has tens; a card of thousands is no contact card. */
export const MAX_PROPERTIES = 1000;
/** Most text a card may hold, pictures left out (a note of 64 KiB, quoted-printable, is 200 KiB). */
export const MAX_CARD_CHARS = 1 << 20;

/**
 * A card as its lines were read (unfolded, still encoded) with the line it begins on; one
 * that never ends; or one left out whole for its size.
 */
export type Card = { lines: string[]; line: number } | { broken: number; raw: string } | { over: number; reason: string };

// Pictures, sounds and keys are large and no field of a lead: left out as they are read (a
// Japanese phone's SOUND;X-IRMC-N is the name's reading, text, and kept)
const BINARY = /^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND(?![^:]*X-IRMC-N)|KEY)[;:]/i;
const QP_PARAMS = /^[^:]*quoted-printable/i;

/** Longest a physical line is kept: past it, only its beginning (to know what it is) and its length. */
const LINE_KEEP = MAX_CARD_CHARS + 1;

/**
 * Splits text, piece by piece, into cards (BEGIN:VCARD … END:VCARD) of unfolded lines. A
 * card over MAX_PROPERTIES or MAX_CARD_CHARS is read on to its end without being kept, and
 * told as such; a card inside a card (2.1's AGENT) is read as part of the outer one and left out.
 */
export class CardSplitter {
  /** the physical line being read, and whether it went past LINE_KEEP (only its beginning kept) */
  private partial = '';
  private partialLong = false;
  /** a CR ended the last piece: a LF (or more CRs) may follow in the next */
  private pendingCR = false;
  private lineNo = 0;
  /** the logical line being unfolded and the line it began on; whether it is left out (a picture) or quoted-printable */
  private current: string | null = null;
  private currentLine = 0;
  private skipping = false;
  private qp = false;
  /** the card being read: its lines (null when it is over its caps, or none is open) */
  private card: string[] | null = null;
  private inCard = false;
  private start = 0;
  private version21 = false;
  private nested = 0;
  private chars = 0;
  private props = 0;
  private found = false;
  private out: Card[] = [];

  /** Whether any card has begun so far. */
  get sawCard(): boolean {
    return this.found;
  }

  push(piece: string, last: boolean): Card[] {
    this.out = [];
    let i = 0;
    if (this.pendingCR) {
      while (i < piece.length && piece.charCodeAt(i) === 13) i++;
      if (i < piece.length && piece.charCodeAt(i) === 10) i++;
      if (i < piece.length || last) {
        this.pendingCR = false;
        this.endPhysical();
      }
    }
    while (i < piece.length) {
      let nl = i;
      while (nl < piece.length) {
        const c = piece.charCodeAt(nl);
        if (c === 10 || c === 13) break;
        nl++;
      }
      this.append(piece, i, nl);
      if (nl === piece.length) break;
      // one line break: LF, CRLF, or a run of CRs with or without a LF (CR CR LF)
      let j = nl;
      if (piece.charCodeAt(j) === 13) {
        while (j < piece.length && piece.charCodeAt(j) === 13) j++;
        if (j === piece.length && !last) {
          this.pendingCR = true;
          return this.out;
        }
        if (j < piece.length && piece.charCodeAt(j) === 10) j++;
      } else j++;
      this.endPhysical();
      i = j;
    }
    if (last) {
      if (this.partial || this.partialLong) this.endPhysical();
      this.endLogical();
      if (this.inCard) this.out.push({ broken: this.start, raw: 'BEGIN:VCARD' });
      this.inCard = false;
      this.card = null;
    }
    return this.out;
  }

  private append(piece: string, from: number, to: number): void {
    if (to <= from || this.partialLong) return;
    if (this.partial.length + (to - from) > LINE_KEEP) {
      this.partial += piece.slice(from, from + LINE_KEEP - this.partial.length);
      this.partialLong = true;
    } else this.partial += piece.slice(from, to);
  }

  /** A physical line has ended: it continues the logical line, or begins the next. */
  private endPhysical(): void {
    this.lineNo++;
    const l = this.partial;
    const long = this.partialLong;
    this.partial = '';
    this.partialLong = false;
    if (this.current !== null) {
      // a quoted-printable soft line break: the next line goes on, whatever it begins with
      if (this.qp && this.current.endsWith('=') && !/^END:VCARD\s*$/i.test(l)) {
        this.current = this.current.slice(0, -1);
        this.grow(l, long);
        return;
      }
      const c = l.charCodeAt(0);
      if (c === 32 || c === 9) {
        // a folded line: 2.1 folds before the blanks it keeps apart, 3.0 and 4.0 insert one
        if (!this.skipping) this.grow(this.version21 ? l.replace(/^[ \t]+/, '') : l.slice(1), long);
        return;
      }
    }
    this.endLogical();
    if (l === '' && !long) return;
    this.currentLine = this.lineNo;
    this.skipping = BINARY.test(l);
    this.qp = !this.skipping && QP_PARAMS.test(l);
    this.current = this.skipping ? '' : l;
    if (long && !this.skipping) this.overflow();
  }

  private grow(text: string, long: boolean): void {
    if (this.current === null || this.skipping) return;
    if (long || this.current.length + text.length > LINE_KEEP) this.overflow();
    else this.current += text;
  }

  /** A line longer than a card may be: the card is read on to its end without being kept. */
  private overflow(): void {
    this.current = '';
    this.skipping = true;
    this.card = null;
  }

  /** A logical line is whole: a card begins or ends with it, or it is one of the card's properties. */
  private endLogical(): void {
    const l = this.current;
    const skipped = this.skipping;
    this.current = null;
    this.skipping = false;
    this.qp = false;
    if (l === null) return;
    if (/^BEGIN\s*:\s*VCARD\s*$/i.test(l)) {
      this.found = true;
      if (this.inCard) this.nested++;
      else {
        this.inCard = true;
        this.card = [];
        this.start = this.currentLine;
        this.chars = 0;
        this.props = 0;
        this.version21 = false;
      }
      return;
    }
    if (/^END\s*:\s*VCARD\s*$/i.test(l)) {
      if (this.nested > 0) this.nested--;
      else if (this.inCard) this.endCard();
      return;
    }
    if (!this.inCard || this.nested > 0) return;
    this.props++;
    if (skipped || !this.card) return;
    if (/^VERSION\s*:\s*2\.1\s*$/i.test(l)) this.version21 = true;
    this.chars += l.length;
    if (this.props > MAX_PROPERTIES || this.chars > MAX_CARD_CHARS) this.card = null;
    else this.card.push(l);
  }

  private endCard(): void {
    if (this.card) this.out.push({ lines: this.card, line: this.start });
    else {
      const reason =
        this.props > MAX_PROPERTIES
          ? `a vCard of ${this.props.toLocaleString('en-US')} properties (more than ${MAX_PROPERTIES.toLocaleString('en-US')}): not a person's card, left out`
          : `a vCard of more than ${MAX_CARD_CHARS >> 20} MiB without its pictures: left out`;
      this.out.push({ over: this.start, reason });
    }
    this.inCard = false;
    this.card = null;
  }
}

/** One property of a card: its group, name (upper case), TYPE values (lower case) and decoded value. */
export interface Property {
  group: string;
  name: string;
  types: string[];
  pref: boolean;
  value: string;
}

/**
 * How the card's text is to be read: `bytes`, each character a byte of the file (decoded here,
 * value by value), or characters already (a UTF-16 file); `fallback`, the encoding of a value
 * that names none and is not UTF-8 (the file's, as detected or given).
 */
export interface CardText {
  bytes: boolean;
  fallback: string;
}

/** A value's bytes as text: in its CHARSET when iconv-lite knows it, else UTF-8 when they are, else the file's. */
function decodeIn(buf: Buffer, charset: string, fallback: string): string {
  if (charset && iconv.encodingExists(charset)) return iconv.decode(buf, charset);
  return isUtf8(buf) ? buf.toString('utf8') : iconv.decode(buf, fallback === 'win1252' ? 'windows-1252' : fallback);
}

/** Quoted-printable to bytes: `=XX` a byte, a `=` before anything else kept as written. */
function unQuote(raw: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 61 /* = */ && /^[0-9A-Fa-f]{2}$/.test(raw.slice(i + 1, i + 3))) {
      out.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 256) out.push(c);
    else out.push(...Buffer.from(raw[i], 'utf8'));
  }
  return Buffer.from(out);
}

/** A property line: `[group.]NAME[;param...]:value`, its value decoded; null for a line that is none. */
export function parseProperty(line: string, text: CardText): Property | null {
  // the value begins at the first colon outside a quoted parameter value
  let colon = -1;
  for (let i = 0, quoted = false; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return null;
  const head = line.slice(0, colon).split(';');
  const m = /^(?:([\w-]+)\.)?([\w-]+)$/.exec(head[0].trim());
  if (!m) return null;
  const types: string[] = [];
  let encoding = '';
  let charset = '';
  let pref = false;
  for (const p of head.slice(1)) {
    const eq = p.indexOf('=');
    const key = (eq < 0 ? '' : p.slice(0, eq)).trim().toUpperCase();
    const values = (eq < 0 ? p : p.slice(eq + 1)).replace(/"/g, '').split(',').map((v) => v.trim().toLowerCase());
    if (key === 'ENCODING' || (key === '' && /^(quoted-printable|base64|b|8bit|7bit)$/.test(values[0]))) encoding = values[0];
    else if (key === 'CHARSET') charset = values[0];
    else if (key === 'PREF') pref = true;
    // an instant-message address's service (`IMPP;X-SERVICE-TYPE=Skype`) is what it is called
    else if (key === 'TYPE' || key === '' || key === 'X-SERVICE-TYPE') types.push(...values.filter(Boolean));
  }
  if (types.includes('pref')) pref = true;
  let raw = line.slice(colon + 1);
  let value: string;
  if (encoding === 'quoted-printable') value = decodeIn(unQuote(raw), charset, text.fallback);
  else if (encoding === 'b' || encoding === 'base64') {
    raw = raw.replace(/\s+/g, '');
    value = decodeIn(Buffer.from(raw, 'base64'), charset, text.fallback);
  } else if (text.bytes) value = decodeIn(Buffer.from(raw, 'latin1'), charset, text.fallback);
  else value = raw;
  return { group: (m[1] ?? '').toLowerCase(), name: m[2].toUpperCase(), types, pref, value };
}

/**
 * A structured value's components (`N`, `ADR`, `ORG`), split at each `;` that is not escaped,
 * each unescaped (`\,` `\;` `\\` `\n`).
 */
export function components(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) {
      const n = value[++i];
      cur += n === 'n' || n === 'N' ? '\n' : n;
    } else if (c === ';') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** A text value unescaped (`\,` `\;` `\\` `\n`), trimmed. */
export const textOf = (value: string): string => components(value.replace(/;/g, '\\;'))[0];

/** Where a typed value sits among a card's others: the business one first, as in a CSV file. */
type Place = 0 | 1 | 2 | 3;
const WORK = /work|business|office|company|arbeit|dienst|travail|bureau|trabajo|lavoro|werk|会社|勤務/;
const HOME = /home|privat|domicile|casa|thuis|自宅/;
const MAIN = /^(?:main|pref|voice|internet|x400|intl|dom|postal|parcel|text)?$/;

function placeOf(words: string): Place {
  if (WORK.test(words)) return 0;
  if (HOME.test(words)) return 2;
  return words.split(/[\s,]+/).every((w) => MAIN.test(w)) ? 1 : 3;
}

interface Typed {
  value: string;
  label: string;
  place: Place;
  pref: boolean;
  n: number;
}

const byPlace = (a: Typed, b: Typed) => a.place - b.place || Number(b.pref) - Number(a.pref) || a.n - b.n;

/**
 * The label of a grouped property as a person reads it: Apple's own (`_$!<HomePage>!$_`) and
 * Google's (`GRAND_CENTRAL`) in words (`Home Page`, `Grand Central`), else the person's own as typed.
 */
function abLabel(v: string): string {
  const apple = /^_\$!<(.*)>!\$_$/.exec(v.trim());
  if (apple) return apple[1].replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').trim();
  if (/^[A-Z]+(?:_[A-Z]+)+$/.test(v.trim())) return v.trim().toLowerCase().replace(/(?:^|_)(\w)/g, (_, c: string, i: number) => (i ? ' ' : '') + c.toUpperCase());
  return v.trim();
}

/** Properties that are no field and say nothing a salesperson needs: not kept with the lead. */
const NOT_KEPT = new Set([
  'BEGIN', 'END', 'VERSION', 'PRODID', 'UID', 'REV', 'N', 'FN', 'ORG', 'TITLE', 'TEL', 'EMAIL', 'ADR', 'LABEL', 'NOTE', 'PHOTO',
  'LOGO', 'KEY', 'X-ABLABEL', 'X-ABSHOWAS', 'X-ABUID', 'X-ABADR', 'CLASS', 'SOURCE', 'NAME', 'PROFILE', 'MAILER', 'KIND',
  'CLIENTPIDMAP', 'XML', 'X-MS-OL-DESIGN', 'X-MS-OL-DEFAULT-POSTAL-ADDRESS', 'X-MS-CARDPICTURE', 'X-ANDROID-CUSTOM', 'X-IRMC-LUID',
  'X-MS-TEL', 'X-COUCHDB-APPLICATION-ANNOTATIONS', 'X-COUCHDB-UUID', 'X-EVOLUTION-FILE-AS', 'X-ETAG',
]);

/** How a kept property is labelled with the lead. */
const LABELS: Record<string, string> = {
  URL: 'Website', BDAY: 'Birthday', SOUND: 'Name Reading', ANNIVERSARY: 'Anniversary', NICKNAME: 'Nickname', ROLE: 'Role', CATEGORIES: 'Categories',
  'X-PHONETIC-FIRST-NAME': 'Phonetic First Name', 'X-PHONETIC-LAST-NAME': 'Phonetic Last Name',
  'X-PHONETIC-MIDDLE-NAME': 'Phonetic Middle Name', 'X-PHONETIC-ORG': 'Phonetic Company', 'SORT-STRING': 'Sort As',
  GENDER: 'Gender', LANG: 'Language', GEO: 'Location', TZ: 'Time Zone', IMPP: 'IM', 'X-ABDATE': 'Date', 'X-ABRELATEDNAMES': 'Related Name',
  // what Outlook, Evolution, Thunderbird and Google write of the people around a person and of their IM
  'X-MS-MANAGER': 'Manager', 'X-EVOLUTION-MANAGER': 'Manager', 'X-MS-ASSISTANT': 'Assistant', 'X-EVOLUTION-ASSISTANT': 'Assistant',
  'X-MS-SPOUSE': 'Spouse', 'X-EVOLUTION-SPOUSE': 'Spouse', 'X-SPOUSE': 'Spouse',
  'X-MS-ANNIVERSARY': 'Anniversary', 'X-EVOLUTION-ANNIVERSARY': 'Anniversary', 'X-ANNIVERSARY': 'Anniversary',
  'X-MS-IMADDRESS': 'IM', 'X-AIM': 'AIM', 'X-ICQ': 'ICQ', 'X-JABBER': 'Jabber', 'X-MSN': 'MSN', 'X-YAHOO': 'Yahoo', 'X-SKYPE': 'Skype',
  'X-SKYPE-USERNAME': 'Skype', 'X-GTALK': 'Google Talk', 'X-GOOGLE-TALK': 'Google Talk', 'X-QQ': 'QQ',
};

/** A card's properties, with what is kept of them on the lead as they are read. */
class CardParts {
  readonly props: Property[] = [];
  /** Apple's labels of grouped properties, by group */
  readonly labels = new Map<string, string>();
  extra: Record<string, string> | null = null;

  constructor(lines: string[], text: CardText) {
    for (const l of lines) {
      const p = parseProperty(l, text);
      if (p) this.props.push(p);
    }
    for (const p of this.props) if (p.group && p.name === 'X-ABLABEL') this.labels.set(p.group, abLabel(textOf(p.value)));
  }

  first(name: string): Property | undefined {
    return this.props.find((p) => p.name === name);
  }

  all(name: string): Property[] {
    return this.props.filter((p) => p.name === name);
  }

  /** A value kept with the lead under `label` (`Fax`, then `Fax (2)`); an empty one is nothing. */
  keep(label: string, v: string): void {
    if (!v) return;
    const extra = (this.extra ??= Object.create(null) as Record<string, string>);
    let key = label;
    for (let n = 2; key in extra; n++) key = `${label} (${n})`;
    extra[key] = v;
  }

  /** What a typed value is called: Apple's label, else its types (`Home`, `Work, Cell`). */
  labelOf(p: Property): string {
    return (
      this.labels.get(p.group) ||
      p.types
        .filter((t) => !/^(?:pref|internet|voice|x400|x-.*)$/.test(t))
        .map((t) => t[0].toUpperCase() + t.slice(1))
        .join(', ')
    );
  }

  /** Every property of a kind, with where each sits among the others, best first. */
  typed(name: string, valueOf: (p: Property) => string): Typed[] {
    return this.all(name)
      .map((p, n) => ({ value: valueOf(p), label: this.labelOf(p), place: placeOf(this.labelOf(p).toLowerCase()), pref: p.pref, n }))
      .filter((t) => t.value)
      .sort(byPlace);
  }
}

/**
 * The person's name: N's family and given names, else FN split; middle names, prefixes
 * and suffixes kept apart. A company's card (X-ABShowAs:COMPANY, KIND:org, or no name and an
 * ORG) has no person's name: one it holds is kept as `Contact Name`. ORG's units are kept apart.
 */
function cardNames(c: CardParts): { first: string | null; last: string | null; company: string | null } {
  const text = (name: string) => (c.first(name) ? textOf(c.first(name)!.value) : '');
  const n = c.first('N') ? components(c.first('N')!.value).map((x) => x.replace(/\s*,\s*/g, ' ').trim()) : [];
  const fn = text('FN');
  const org = c.first('ORG') ? components(c.first('ORG')!.value) : [];
  const company = org[0] || null;
  if (org.length > 1) c.keep('Department', org.slice(1).filter(Boolean).join(', '));
  // a second company (a card of two jobs) is kept, never lost
  for (const p of c.all('ORG').slice(1)) c.keep('Other Company', components(p.value).filter(Boolean).join(', '));
  const named = Boolean(n[0] || n[1] || n[2]);
  const kind = text('KIND').toLowerCase();
  const isCompany =
    company !== null && (text('X-ABSHOWAS').toUpperCase() === 'COMPANY' || kind === 'org' || kind === 'organization' || (!named && (!fn || fn === company)));
  if (isCompany) {
    c.keep('Contact Name', named ? [n[3], n[1], n[2], n[0], n[4]].filter(Boolean).join(' ') : fn !== company ? fn : '');
    return { first: null, last: null, company };
  }
  c.keep('Middle Name', n[2] ?? '');
  c.keep('Name Prefix', n[3] ?? '');
  c.keep('Name Suffix', n[4] ?? '');
  if (n[0] || n[1]) return { first: n[1] || null, last: n[0] || null, company };
  return { ...splitName(fn), company };
}

/** Phones: the mobile apart, fax and pager never called (kept); the best of the rest is the phone, every other a further phone. */
function cardPhones(c: CardParts): { phone: string | null; mobile: string | null; others: OtherPhone[] } {
  const phones: Typed[] = [];
  const mobiles: Typed[] = [];
  // Outlook writes its further phones (callback, radio, telex) as X-MS-TEL
  c.props.filter((p) => p.name === 'TEL' || p.name === 'X-MS-TEL').forEach((p, n) => {
    const value = textOf(p.value).replace(/^tel:/i, '').replace(/;ext=/i, ' ext. ');
    if (!value) return;
    const words = `${p.types.join(' ')} ${c.labels.get(p.group) ?? ''}`.toLowerCase();
    if (/fax|facsimile|ファックス/.test(words)) return c.keep('Fax', value);
    if (/pager|beeper/.test(words)) return c.keep('Pager', value);
    const t = { value, label: c.labelOf(p) || 'Phone', place: placeOf(words.replace(/\b(?:cell|mobile|iphone)\b/g, '')), pref: p.pref, n };
    (/cell|mobile|iphone|携帯/.test(words) ? mobiles : phones).push(t);
  });
  phones.sort(byPlace);
  mobiles.sort(byPlace);
  const others = [...phones.slice(1), ...mobiles.slice(1)].sort((a, b) => a.n - b.n).map((t) => ({ label: t.label, number: t.value }));
  return { phone: phones[0]?.value ?? null, mobile: mobiles[0]?.value ?? null, others };
}

/** The email: the best that is an address; every other kept. */
function cardEmail(c: CardParts): Typed | undefined {
  const emails = c.typed('EMAIL', (p) => textOf(p.value));
  const best = emails.find((t) => emailAddress(t.value) !== null) ?? emails[0];
  for (const t of emails) if (t !== best) c.keep(t.label ? `E-mail (${t.label})` : 'E-mail', t.value);
  return best;
}

/** The address: the best ADR whole (a LABEL for a card with none), every other kept on one line. */
function cardAddress(c: CardParts): Address {
  const address: Address = { street: null, city: null, region: null, postal_code: null, country: null };
  // post office box, extended address, street, locality, region, postal code, country
  const adrs = c.typed('ADR', (p) => p.value).map((t) => ({ ...t, parts: components(t.value) })).filter((a) => a.parts.some(Boolean));
  if (adrs.length) {
    const [box, ext, street, city, region, postal, ctry] = adrs[0].parts;
    address.street = joinParts([street, ext, box]) || null;
    address.city = city || null;
    address.region = region || null;
    address.postal_code = postal || null;
    address.country = ctry || null;
  } else if (c.first('LABEL')) address.street = textOf(c.first('LABEL')!.value) || null;
  for (const a of adrs.slice(1)) {
    const [box, ext, street, city, region, postal, ctry] = a.parts;
    c.keep(a.label ? `Address (${a.label})` : 'Address', joinParts([street, ext, box, city, [region, postal].filter(Boolean).join(' '), ctry]));
  }
  return address;
}

/** An address's parts on one line, each of its lines and parts apart by a comma (`Silicon Alley 5,` not doubled). */
const joinParts = (parts: (string | undefined)[]) =>
  parts
    .map((p) => (p ? streetLine(p).replace(/^[\s,]+|[\s,]+$/g, '') : ''))
    .filter(Boolean)
    .join(', ');

/** One card's lead, as a row's (finishRow), or the reason it cannot be one. `country`: where a card without one is. */
export function cardRow(lines: string[], text: CardText, country: string): RowResult {
  const c = new CardParts(lines, text);
  const { first, last, company } = cardNames(c);
  const [title = null, ...otherTitles] = c.all('TITLE').map((p) => textOf(p.value)).filter(Boolean);
  for (const t of otherTitles) c.keep('Other Title', t);
  const { phone, mobile, others } = cardPhones(c);
  const email = cardEmail(c);
  const address = cardAddress(c);
  const notes = c.all('NOTE').map((p) => textOf(p.value)).filter(Boolean).join('\n') || null;
  for (const p of c.props) {
    if (NOT_KEPT.has(p.name)) continue;
    const label = LABELS[p.name] ?? p.name;
    const v = p.name === 'SOUND' ? components(p.value).filter(Boolean).join(' ') : textOf(p.value);
    const kind = c.labelOf(p);
    c.keep(kind ? `${label} (${kind})` : label, v);
  }

  const fields: [string, string | null, number][] = [
    ['N', first, FIELD_CAP], ['N', last, FIELD_CAP], ['ORG', company, FIELD_CAP], ['TITLE', title, FIELD_CAP], ['TEL', phone, FIELD_CAP],
    ['TEL', mobile, FIELD_CAP], ['EMAIL', email?.value ?? null, FIELD_CAP], ['ADR', address.street, FIELD_CAP], ['ADR', address.city, FIELD_CAP],
    ['ADR', address.region, FIELD_CAP], ['ADR', address.postal_code, FIELD_CAP], ['ADR', address.country, FIELD_CAP], ['NOTE', notes, LONG_CAP],
  ];
  for (const [name, v, cap] of fields) if (v !== null && v.length > cap) return { reject: tooLongProperty(name, cap) };
  for (const k in c.extra) if (c.extra[k].length > LONG_CAP) return { reject: tooLongProperty(k, LONG_CAP) };

  const g: Gathered = {
    first,
    last,
    company,
    title,
    phone,
    mobile,
    email: email?.value ?? null,
    emailLabel: email?.label ? `E-mail (${email.label})` : 'E-mail',
    postalLabel: 'ZIP',
    address,
    others,
    extra: c.extra,
    notes,
    source: null,
    list: null,
  };
  return finishRow(g, country);
}

const tooLongProperty = (name: string, cap: number) => `${name} longer than ${cap.toLocaleString('en-US')} characters`;
