// vCard files (.vcf, 3.0 and 4.0, as phones and Google export them) as rows of an import:
// one row a card, under fixed headers shaped like Google's typed columns (`Phone 1 - Type`,
// `Phone 1 - Value`, `Address 1 - City`), so a card goes through the same mapping, typed
// phones (cell → mobile, fax and pager never the phone) and address blocks as a CSV file.
// ical.js parses each card (RFC 6350 and vCard 3.0). Pure: text in, cells out.
import ICAL from 'ical.js';

const PHONES = 8;
const EMAILS = 4;
const ADDRESSES = 3;

const ADDRESS_PARTS = ['Street', 'Extended Address', 'City', 'Region', 'Postal Code', 'Country'] as const;

/** The header of every vCard file's rows. */
export const VCARD_HEADERS = [
  'First Name', 'Last Name', 'Name', 'Company', 'Job Title',
  ...Array.from({ length: PHONES }, (_, i) => [`Phone ${i + 1} - Type`, `Phone ${i + 1} - Value`]).flat(),
  ...Array.from({ length: EMAILS }, (_, i) => [`E-mail ${i + 1} - Type`, `E-mail ${i + 1} - Value`]).flat(),
  ...Array.from({ length: ADDRESSES }, (_, i) => [`Address ${i + 1} - Type`, ...ADDRESS_PARTS.map((p) => `Address ${i + 1} - ${p}`)]).flat(),
  'Notes', 'Website', 'Birthday', 'Nickname', 'Department',
];
const at = (h: string) => VCARD_HEADERS.indexOf(h);

/** A card's text and the line it begins on, or a card that never ends. */
export type Card = { text: string; line: number } | { broken: number; raw: string };

// Pictures and keys are large and no field of a lead: left out before parsing.
const BINARY = /^(?:[\w-]+\.)?(PHOTO|LOGO|SOUND|KEY)[;:]/i;

/** Splits text, piece by piece, into cards (BEGIN:VCARD … END:VCARD), with their first line. */
export class CardSplitter {
  private rest = '';
  private line = 0;
  private card: string[] | null = null;
  private start = 0;
  private skipping = false;

  push(piece: string, last: boolean): Card[] {
    const out: Card[] = [];
    const text = this.rest + piece;
    const lines = text.split('\n');
    this.rest = last ? '' : lines.pop()!;
    for (const raw of lines) {
      this.line++;
      const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (this.card === null) {
        if (/^BEGIN:VCARD\s*$/i.test(l)) {
          this.card = [l];
          this.start = this.line;
        }
        continue;
      }
      // a folded line goes on the one before it (or is left out with it)
      if (/^[ \t]/.test(l)) {
        if (!this.skipping) this.card.push(l);
        continue;
      }
      this.skipping = BINARY.test(l);
      if (this.skipping) continue;
      this.card.push(l);
      if (/^END:VCARD\s*$/i.test(l)) {
        out.push({ text: this.card.join('\r\n') + '\r\n', line: this.start });
        this.card = null;
      }
    }
    if (last && this.card) {
      out.push({ broken: this.start, raw: this.card[0] });
      this.card = null;
    }
    return out;
  }
}

const typeOf = (p: ICAL.Property): string => {
  const t = p.getParameter('type');
  return (Array.isArray(t) ? t.join(',') : (t ?? '')).toLowerCase();
};
const text = (v: unknown): string => (Array.isArray(v) ? v.join(' ') : v === null || v === undefined ? '' : String(v)).trim();

/** The cells of one card under VCARD_HEADERS. Throws when ical.js cannot read the card. */
export function cardCells(card: string): string[] {
  const c = new ICAL.Component(ICAL.parse(card) as unknown[]);
  const cells = VCARD_HEADERS.map(() => '');
  const set = (h: string, v: unknown) => {
    const i = at(h);
    if (i >= 0 && cells[i] === '') cells[i] = text(v);
  };
  const n = c.getFirstPropertyValue('n') as unknown as string[] | null;
  if (Array.isArray(n)) {
    set('Last Name', n[0]);
    set('First Name', [n[1], n[2]].map((x) => text(x)).filter(Boolean).join(' '));
  }
  const org = c.getFirstPropertyValue('org') as unknown as string[] | string | null;
  const fn = text(c.getFirstPropertyValue('fn'));
  // a company's card names the company in FN: no person's name
  if (!cells[at('First Name')] && !cells[at('Last Name')] && fn !== text(Array.isArray(org) ? org[0] : org)) set('Name', fn);
  set('Company', Array.isArray(org) ? org[0] : org);
  if (Array.isArray(org) && org[1]) set('Department', org[1]);
  set('Job Title', c.getFirstPropertyValue('title'));
  c.getAllProperties('tel').slice(0, PHONES).forEach((p, i) => {
    set(`Phone ${i + 1} - Type`, typeOf(p));
    set(`Phone ${i + 1} - Value`, text(p.getFirstValue()).replace(/^tel:/i, ''));
  });
  c.getAllProperties('email').slice(0, EMAILS).forEach((p, i) => {
    set(`E-mail ${i + 1} - Type`, typeOf(p).replace(/\binternet,?|,?\binternet\b/g, ''));
    set(`E-mail ${i + 1} - Value`, p.getFirstValue());
  });
  c.getAllProperties('adr').slice(0, ADDRESSES).forEach((p, i) => {
    const v = p.getFirstValue() as unknown as string[];
    const parts = Array.isArray(v) ? v : [text(v)];
    set(`Address ${i + 1} - Type`, typeOf(p));
    // post office box, extended address, street, locality, region, postal code, country
    set(`Address ${i + 1} - Street`, [parts[2], parts[0]].map((x) => text(x)).filter(Boolean).join(', '));
    set(`Address ${i + 1} - Extended Address`, parts[1]);
    set(`Address ${i + 1} - City`, parts[3]);
    set(`Address ${i + 1} - Region`, parts[4]);
    set(`Address ${i + 1} - Postal Code`, parts[5]);
    set(`Address ${i + 1} - Country`, parts[6]);
  });
  set('Notes', c.getFirstPropertyValue('note'));
  set('Website', c.getFirstPropertyValue('url'));
  set('Birthday', c.getFirstPropertyValue('bday')?.toString());
  set('Nickname', c.getFirstPropertyValue('nickname'));
  return cells;
}
