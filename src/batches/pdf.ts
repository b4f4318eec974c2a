/// <reference types="pdfkit" />
// The printable batches: #10 envelopes, Avery 5160 labels and letters, made with pdfkit.
//
// pdfkit's own text() measures and kerns every character on every call (about 40 µs a
// line); a night's 1,700 letters of 40 lines each would take seconds. So pdfkit builds the
// document (pages, fonts, compression) and the text goes in as plain PDF text operators in
// WinAnsi, measured with pdfkit's own font metrics (without kerning), one content stream per page.
// All measures are in points (72 to the inch); y counts down from the top of the page.

export const INCH = 72;

type Doc = PDFKit.PDFDocument;
/** pdfkit's default export, loaded by the caller only when a batch prints. */
export type PdfConstructor = new (options: PDFKit.PDFDocumentOptions) => Doc;
type FontName = 'Helvetica' | 'Helvetica-Bold';

// WinAnsiEncoding's bytes 0x80-0x9F; 0xA0-0xFF and ASCII are Latin-1 itself.
const WIN_ANSI_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
  0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
  0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
  0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};
const BYTE_TO_CHAR: string[] = [];
for (let b = 0x20; b < 0x100; b++) if (b < 0x7f || b >= 0xa0) BYTE_TO_CHAR[b] = String.fromCharCode(b);
for (const [u, b] of Object.entries(WIN_ANSI_HIGH)) BYTE_TO_CHAR[b] = String.fromCharCode(Number(u));
// Letters without a decomposition that the standard fonts cannot show.
const FOLD: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ø: 'o', Ø: 'O', ß: 'ss' };

function byteOf(ch: string): number | undefined {
  const c = ch.charCodeAt(0);
  if ((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c < 0x100)) return c;
  return WIN_ANSI_HIGH[c];
}

/**
 * The text in WinAnsi, one byte per char (as a "binary" string): what the 14 standard PDF
 * fonts can show. Other letters lose their accents (Ő → O), tabs become spaces, and what
 * is left becomes "?".
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\t/g, ' ')) {
    let b = byteOf(ch);
    if (b === undefined) {
      const folded = FOLD[ch] ?? ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += [...folded].map((c) => String.fromCharCode(byteOf(c) ?? 0x3f)).join('');
      continue;
    }
    out += String.fromCharCode(b);
  }
  return out;
}

const escapePdf = (s: string) => s.replace(/[\\()]/g, (c) => '\\' + c);

/** A document being drawn: pages of text lines, rules and boxes. */
export class Sheet {
  readonly doc: Doc;
  private fonts = new Map<FontName, { id: string; ref: unknown; ascender: number; widths: Float64Array }>();
  private ops: string[] = [];
  private pageOpen = false;
  pages = 0;

  /** `compress`: worth it for pages of text (letters); envelopes and labels hold a few lines each */
  constructor(PDFDocument: PdfConstructor, title: string, readonly size: [number, number], compress = true) {
    this.doc = new PDFDocument({ autoFirstPage: false, size, margin: 0, compress, info: { Title: title, Creator: 'leads' } });
    for (const name of ['Helvetica', 'Helvetica-Bold'] as FontName[]) {
      this.doc.font(name).fontSize(1000);
      const widths = new Float64Array(256);
      for (let b = 0; b < 256; b++) if (BYTE_TO_CHAR[b]) widths[b] = this.doc.widthOfString(BYTE_TO_CHAR[b]);
      // pdfkit's font object: its resource name on the page and its dictionary
      const f = (this.doc as unknown as { _font: { id: string; ref(): unknown; ascender: number } })._font;
      this.fonts.set(name, { id: f.id, ref: f.ref(), ascender: f.ascender, widths });
    }
  }

  addPage(): void {
    this.flush();
    this.doc.addPage({ size: this.size, margin: 0 });
    const page = (this.doc as unknown as { page: { fonts: Record<string, unknown> } }).page;
    for (const f of this.fonts.values()) page.fonts[f.id] = f.ref;
    this.pageOpen = true;
    this.pages++;
  }

  /** Width of text (already WinAnsi) at this size. */
  width(text: string, size: number, font: FontName = 'Helvetica'): number {
    const w = this.fonts.get(font)!.widths;
    let sum = 0;
    for (let i = 0; i < text.length; i++) sum += w[text.charCodeAt(i)];
    return (sum * size) / 1000;
  }

  /** One line of WinAnsi text with its top at (x, top). */
  line(text: string, x: number, top: number, size: number, font: FontName = 'Helvetica'): void {
    if (!text) return;
    const f = this.fonts.get(font)!;
    const baseline = top + (f.ascender * size) / 1000;
    // pdfkit draws with y flipped (origin at the top): flip the text matrix back
    this.ops.push(`BT 1 0 0 -1 ${x.toFixed(2)} ${baseline.toFixed(2)} Tm /${f.id} ${size} Tf (${escapePdf(text)}) Tj ET`);
  }

  /** A thin grey outline (alignment guides for a test print on plain paper). */
  box(x: number, y: number, w: number, h: number, radius = 0): void {
    this.flush();
    this.doc.save().lineWidth(0.5).strokeColor('#999999');
    if (radius) this.doc.roundedRect(x, y, w, h, radius).stroke();
    else this.doc.rect(x, y, w, h).stroke();
    this.doc.restore();
  }

  private flush(): void {
    if (this.pageOpen && this.ops.length) {
      // as bytes: pdfkit would otherwise copy a string into bytes one char at a time
      this.doc.addContent(Buffer.from(this.ops.join('\n') + '\n', 'latin1'));
      this.ops = [];
    }
  }

  /** The finished PDF. */
  async end(): Promise<Buffer> {
    this.flush();
    const chunks: Buffer[] = [];
    this.doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((resolve, reject) => {
      this.doc.on('end', () => resolve());
      this.doc.on('error', reject);
    });
    this.doc.end();
    await done;
    return Buffer.concat(chunks);
  }
}

/**
 * Lines (WinAnsi) that fit `maxWidth` at the largest size from `size` down to `minSize`;
 * at the smallest size a line still too wide is cut with an ellipsis.
 */
export function fitBlock(
  sheet: Sheet,
  lines: string[],
  maxWidth: number,
  maxHeight: number,
  size: number,
  minSize: number,
  leading = 1.2,
): { lines: string[]; size: number; lineHeight: number } {
  const text = lines.map(toWinAnsi);
  for (let s = size; s >= minSize; s -= 0.5) {
    const fits = text.every((l) => sheet.width(l, s) <= maxWidth) && text.length * s * leading <= maxHeight;
    if (fits) return { lines: text, size: s, lineHeight: s * leading };
  }
  const maxLines = Math.max(1, Math.floor(maxHeight / (minSize * leading)));
  const cut = text.slice(0, maxLines).map((l) => {
    if (sheet.width(l, minSize) <= maxWidth) return l;
    let t = l;
    while (t && sheet.width(t + '\x85', minSize) > maxWidth) t = t.slice(0, -1);
    return t + '\x85';
  });
  return { lines: cut, size: minSize, lineHeight: minSize * leading };
}

/** Greedy word wrap of one paragraph (WinAnsi) to `maxWidth`. */
export function wrap(sheet: Sheet, text: string, size: number, maxWidth: number): string[] {
  if (sheet.width(text, size) <= maxWidth) return [text];
  const space = sheet.width(' ', size);
  const lines: string[] = [];
  let current = '';
  let width = 0;
  for (const word of text.split(' ')) {
    const w = sheet.width(word, size);
    if (current && width + space + w > maxWidth) {
      lines.push(current);
      current = word;
      width = w;
    } else {
      width += current ? space + w : w;
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

// ---- #10 envelopes ----------------------------------------------------------------

/** A #10 envelope, landscape: 9.5" x 4.125". */
export const ENVELOPE: [number, number] = [9.5 * INCH, 4.125 * INCH];
/** The address window of a #10 window envelope: 4.5" x 1.125", 7/8" from the left, 1/2" from the bottom. */
export const WINDOW = {
  x: 0.875 * INCH,
  y: ENVELOPE[1] - 0.5 * INCH - 1.125 * INCH,
  w: 4.5 * INCH,
  h: 1.125 * INCH,
};

/**
 * One envelope a page: the return address in the top-left corner, the recipient's block
 * inside the window area (so the same layout suits plain and window envelopes).
 */
export function drawEnvelopes(sheet: Sheet, sender: string[], recipients: string[][], guides: boolean): void {
  const pad = 0.15 * INCH;
  const ret = fitBlock(sheet, sender, 3.5 * INCH, 1.2 * INCH, 9, 7);
  for (const lines of recipients) {
    sheet.addPage();
    if (guides) sheet.box(WINDOW.x, WINDOW.y, WINDOW.w, WINDOW.h, 6);
    ret.lines.forEach((l, i) => sheet.line(l, 0.375 * INCH, 0.375 * INCH + i * ret.lineHeight, ret.size, i === 0 ? 'Helvetica-Bold' : 'Helvetica'));
    const to = fitBlock(sheet, lines, WINDOW.w - 2 * pad, WINDOW.h - 2 * pad + 2, 11, 7);
    const top = WINDOW.y + (WINDOW.h - to.lines.length * to.lineHeight) / 2;
    to.lines.forEach((l, i) => sheet.line(l, WINDOW.x + pad, top + i * to.lineHeight, to.size));
  }
}

// ---- Avery 5160 labels --------------------------------------------------------------

/** Avery 5160 on US Letter: 3 x 10 labels of 2.625" x 1", 0.5" top margin, 0.1875" side margin, 2.75" column pitch. */
export const LABELS = {
  page: [8.5 * INCH, 11 * INCH] as [number, number],
  cols: 3,
  rows: 10,
  top: 0.5 * INCH,
  left: 0.1875 * INCH,
  w: 2.625 * INCH,
  h: 1 * INCH,
  pitchX: 2.75 * INCH,
  pitchY: 1 * INCH,
};

export function labelOrigin(i: number): { x: number; y: number } {
  const n = i % (LABELS.cols * LABELS.rows);
  return {
    x: LABELS.left + (n % LABELS.cols) * LABELS.pitchX,
    y: LABELS.top + Math.floor(n / LABELS.cols) * LABELS.pitchY,
  };
}

/** Address labels in reading order, 30 a page, each block centred in height on its label. */
export function drawLabels(sheet: Sheet, recipients: string[][], guides: boolean): void {
  const padX = 0.15 * INCH;
  const padY = 0.08 * INCH;
  recipients.forEach((lines, i) => {
    if (i % (LABELS.cols * LABELS.rows) === 0) {
      sheet.addPage();
      if (guides) for (let g = 0; g < LABELS.cols * LABELS.rows; g++) {
        const o = labelOrigin(g);
        sheet.box(o.x, o.y, LABELS.w, LABELS.h, 0.0625 * INCH);
      }
    }
    const o = labelOrigin(i);
    const b = fitBlock(sheet, lines, LABELS.w - 2 * padX, LABELS.h - 2 * padY, 10, 6.5);
    const top = o.y + (LABELS.h - b.lines.length * b.lineHeight) / 2;
    b.lines.forEach((l, k) => sheet.line(l, o.x + padX, top + k * b.lineHeight, b.size));
  });
}

// ---- letters ------------------------------------------------------------------------

export const LETTER_PAGE: [number, number] = [8.5 * INCH, 11 * INCH];

export interface LetterContent {
  sender: string[];
  /** the sender's phone and email, under the letterhead */
  contact: string[];
  date: string;
  recipient: string[];
  /** the rendered template: its lines kept, long lines wrapped, blank lines as spacing */
  body: string;
}

/**
 * A letter on US Letter: letterhead, date, the recipient's block where a #10 window
 * envelope shows it once the letter is folded in three (1" from the left, 2.25" from the
 * top), then the body; a long letter continues on more pages.
 */
export function drawLetters(sheet: Sheet, letters: LetterContent[], guides: boolean): void {
  const left = 1 * INCH;
  const width = LETTER_PAGE[0] - 2 * left;
  const bottom = LETTER_PAGE[1] - 1 * INCH;
  const size = 11;
  const lead = 14.5;
  let head: ReturnType<typeof fitBlock> | undefined;
  for (const letter of letters) {
    sheet.addPage();
    let y = 0.6 * INCH;
    const h = (head ??= fitBlock(sheet, letter.sender, width, 1.2 * INCH, 10, 7)); // the same sender on every letter
    h.lines.forEach((l, i) => sheet.line(l, left, y + i * h.lineHeight, i === 0 ? 12 : h.size, i === 0 ? 'Helvetica-Bold' : 'Helvetica'));
    y += h.lines.length * h.lineHeight + 2;
    sheet.line(toWinAnsi(letter.contact.join('  ·  ')), left, y, 9);
    sheet.line(toWinAnsi(letter.date), left, 1.75 * INCH, size);
    if (guides) sheet.box(left - 0.1 * INCH, 2.15 * INCH, 4.5 * INCH, 1.125 * INCH, 6);
    const to = fitBlock(sheet, letter.recipient, 4.2 * INCH, 1.0 * INCH, size, 7);
    to.lines.forEach((l, i) => sheet.line(l, left, 2.25 * INCH + i * to.lineHeight, to.size));
    y = 3.6 * INCH;
    for (const raw of letter.body.replace(/\n+$/, '').split('\n')) {
      const text = toWinAnsi(raw.trimEnd());
      const lines = text ? wrap(sheet, text, size, width) : [''];
      for (const l of lines) {
        if (y + lead > bottom) {
          sheet.addPage();
          y = 1 * INCH;
        }
        sheet.line(l, left, y, size);
        y += lead;
      }
    }
  }
}
