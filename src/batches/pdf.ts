/// <reference types="pdfkit" />
// The printable batches: #10 envelopes, Avery 5160 labels and letters, made with pdfkit.
//
// pdfkit's own text() measures and kerns every character on every call (about 40 µs a
// line); a night's 1,700 letters of 40 lines each would take seconds. So pdfkit builds the
// document (pages, fonts, compression) and the text goes in as plain PDF text operators,
// one content stream per page: a line the standard fonts show exactly (WinAnsi) in
// Helvetica, measured with pdfkit's own font metrics (without kerning); any other line
// (Greek, Cyrillic, Chinese, Arabic, Hebrew, Thai, Devanagari, Latin beyond WinAnsi) in the
// Noto fonts of src/batches/script.ts, embedded as subsets, shaped by fontkit and set glyph
// by glyph. All measures are in points (72 to the inch); y counts down from the top of the page.
import { fontData, visualRuns, type FontFile } from './script.js';

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
function byteOf(ch: string): number | undefined {
  const c = ch.charCodeAt(0);
  if ((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c < 0x100)) return c;
  return WIN_ANSI_HIGH[c];
}

/**
 * The text in WinAnsi, one byte per char (as a "binary" string), when the standard PDF
 * fonts show every letter of it as written (tabs as spaces); null when one of them is
 * beyond (the line goes to the Noto fonts).
 */
export function winAnsi(text: string): string | null {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const b = text[i] === '\t' ? 0x20 : byteOf(text[i]);
    if (b === undefined) return null;
    out += String.fromCharCode(b);
  }
  return out;
}

const escapePdf = (s: string) => s.replace(/[\\()]/g, (c) => '\\' + c);

/** A Noto font embedded in the document: pdfkit's font (fontkit's inside it), its resource name and dictionary. */
interface Embedded {
  font: PdfkitFont;
  id: string;
  ref: unknown;
}

/** The parts of pdfkit's EmbeddedFont used here: its fontkit font, subset and the tables its /W and /ToUnicode are written from. */
interface PdfkitFont {
  id: string;
  ref(): unknown;
  scale: number;
  ascender: number;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  font: {
    layout(text: string, features: string[], script?: string, language?: string, direction?: 'ltr' | 'rtl'): {
      glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
      positions: { xAdvance: number; xOffset: number; yOffset: number }[];
    };
  };
}

/** A run of glyphs in one font, as drawn: glyph ids (hex, of the subset) and positions in 1/1000 of the size. */
interface GlyphRun {
  font: Embedded;
  /** the run's text as seen (left to right), as UTF-16BE hex: its /ActualText */
  actual: string;
  glyphs: string[];
  advances: number[];
  /** the advance the font's /W table gives each glyph: TJ moves by the difference */
  natural: number[];
  offsets: ([number, number] | null)[];
}

/** A line of text beyond WinAnsi, shaped: its runs left to right, its width in 1/1000 of the size. */
interface Shaped {
  runs: GlyphRun[];
  width: number;
  rtl: boolean;
}

/** A document being drawn: pages of text lines, rules and boxes. */
export class Sheet {
  readonly doc: Doc;
  private fonts = new Map<FontName, { id: string; ref: unknown; ascender: number; widths: Float64Array }>();
  /** Noto fonts embedded so far, by file */
  private noto = new Map<string, Embedded>();
  private shaped = new Map<string, Shaped>();
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

  private get pageFonts(): Record<string, unknown> {
    return (this.doc as unknown as { page: { fonts: Record<string, unknown> } }).page.fonts;
  }

  addPage(): void {
    this.flush();
    this.doc.addPage({ size: this.size, margin: 0 });
    for (const f of [...this.fonts.values(), ...this.noto.values()]) this.pageFonts[f.id] = f.ref;
    this.pageOpen = true;
    this.pages++;
  }

  /** The Noto font of a file, embedded on first use (and named on the open page). */
  private embedded(file: FontFile): Embedded {
    let e = this.noto.get(file.key);
    if (!e) {
      this.doc.registerFont(file.key, fontData(file));
      this.doc.font(file.key);
      const font = (this.doc as unknown as { _font: PdfkitFont })._font;
      e = { font, id: font.id, ref: font.ref() };
      this.noto.set(file.key, e);
      if (this.pageOpen) this.pageFonts[e.id] = e.ref;
    }
    return e;
  }

  /** A line beyond WinAnsi in Noto fonts: runs in the order seen, each shaped by fontkit in its direction. */
  private shape(text: string, bold: boolean): Shaped {
    const key = `${bold ? 'b' : 'r'}${text}`;
    const known = this.shaped.get(key);
    if (known) return known;
    const { runs, rtl } = visualRuns(text, bold ? 700 : 400);
    const out: Shaped = { runs: [], width: 0, rtl };
    for (const run of runs) {
      const e = this.embedded(run.font);
      const f = e.font;
      const laid = f.font.layout(run.text, [], undefined, undefined, run.rtl ? 'rtl' : 'ltr');
      // a reader puts a right-to-left run's text back in logical order itself: it is given as seen
      const seen = run.rtl ? Array.from(run.text).reverse().join('') : run.text;
      const actual = 'FEFF' + Array.from({ length: seen.length }, (_, i) => seen.charCodeAt(i).toString(16).padStart(4, '0')).join('');
      const g: GlyphRun = { font: e, actual, glyphs: [], advances: [], natural: [], offsets: [] };
      laid.glyphs.forEach((glyph, i) => {
        // as pdfkit's own encode(): the glyph joins the subset, its width and text go to /W and /ToUnicode
        const gid = f.subset.includeGlyph(glyph.id);
        f.widths[gid] ??= glyph.advanceWidth * f.scale;
        f.unicode[gid] ??= glyph.codePoints;
        const p = laid.positions[i];
        g.glyphs.push(gid.toString(16).padStart(4, '0'));
        g.advances.push(p.xAdvance * f.scale);
        g.natural.push(f.widths[gid]);
        g.offsets.push(p.xOffset || p.yOffset ? [p.xOffset * f.scale, p.yOffset * f.scale] : null);
        out.width += p.xAdvance * f.scale;
      });
      out.runs.push(g);
    }
    this.shaped.set(key, out);
    return out;
  }

  /** Width of a line of text at this size (`noto`: in the Noto fonts even where Helvetica could show it). */
  width(text: string, size: number, font: FontName = 'Helvetica', noto = false): number {
    const bytes = noto ? null : winAnsi(text);
    if (bytes === null) return (this.shape(text, font === 'Helvetica-Bold').width * size) / 1000;
    const w = this.fonts.get(font)!.widths;
    let sum = 0;
    for (let i = 0; i < bytes.length; i++) sum += w[bytes.charCodeAt(i)];
    return (sum * size) / 1000;
  }

  /**
   * One line of text with its top at (x, top). A line that reads right to left is aligned
   * to the right of `boxWidth` when one is given (the width of the block it belongs to).
   * `noto`: in the Noto fonts even where Helvetica could show it (a block with a Greek name
   * keeps one typeface).
   */
  line(text: string, x: number, top: number, size: number, font: FontName = 'Helvetica', boxWidth?: number, noto = false): void {
    if (!text) return;
    const f = this.fonts.get(font)!;
    const baseline = top + (f.ascender * size) / 1000;
    const bytes = noto ? null : winAnsi(text);
    if (bytes !== null) {
      // pdfkit draws with y flipped (origin at the top): flip the text matrix back
      this.ops.push(`BT 1 0 0 -1 ${x.toFixed(2)} ${baseline.toFixed(2)} Tm /${f.id} ${size} Tf (${escapePdf(bytes)}) Tj ET`);
      return;
    }
    const shaped = this.shape(text, font === 'Helvetica-Bold');
    let pen = shaped.rtl && boxWidth !== undefined ? x + boxWidth - (shaped.width * size) / 1000 : x;
    for (const run of shaped.runs) pen = this.glyphOps(run, pen, baseline, size);
  }

  /**
   * The operators of one run at pen position `x`: glyphs in TJ arrays, each moved by the
   * difference between its shaped and its natural advance, and a glyph the shaper placed
   * off the pen (a mark above a letter) in a text object of its own; the whole run marked
   * with its text, since one glyph may stand for several letters (Arabic letters of one
   * shape told apart by their dots) and a reader of the PDF would otherwise guess. The pen
   * after it.
   */
  private glyphOps(run: GlyphRun, x: number, baseline: number, size: number): number {
    const k = size / 1000;
    this.ops.push(`/Span <</ActualText <${run.actual}>>> BDC`);
    const at = (px: number, py: number) => `BT 1 0 0 -1 ${px.toFixed(2)} ${py.toFixed(2)} Tm /${run.font.id} ${size} Tf`;
    let pen = x;
    let tj: string[] = [];
    let start = pen;
    const flush = () => {
      if (tj.length) this.ops.push(`${at(start, baseline)} [${tj.join(' ')}] TJ ET`);
      tj = [];
    };
    run.glyphs.forEach((gid, i) => {
      const off = run.offsets[i];
      if (off) {
        flush();
        this.ops.push(`${at(pen + off[0] * k, baseline - off[1] * k)} <${gid}> Tj ET`);
      } else {
        if (!tj.length) start = pen;
        tj.push(`<${gid}>`);
        const adjust = run.natural[i] - run.advances[i];
        if (Math.abs(adjust) > 0.01) tj.push(adjust.toFixed(2));
      }
      pen += run.advances[i] * k;
    });
    flush();
    this.ops.push('EMC');
    return pen;
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

/** A block of lines fitted to a box: the lines, their size and spacing, and the widest line's width (right-to-left lines align to it). */
export interface Block {
  lines: string[];
  size: number;
  lineHeight: number;
  width: number;
  /** a line of it is beyond Helvetica: the whole block is set in Noto */
  noto: boolean;
}

/**
 * Lines that fit `maxWidth` at the largest size from `size` down to `minSize`; at the
 * smallest size a line still too wide is cut with an ellipsis.
 */
export function fitBlock(sheet: Sheet, lines: string[], maxWidth: number, maxHeight: number, size: number, minSize: number, leading = 1.2): Block {
  const text = lines.map((l) => l.replace(/\t/g, ' '));
  const noto = text.some((l) => winAnsi(l) === null);
  const width = (t: string, s: number) => sheet.width(t, s, 'Helvetica', noto);
  const widest = (l: string[], s: number) => Math.max(0, ...l.map((t) => width(t, s)));
  for (let s = size; s >= minSize; s -= 0.5) {
    const fits = widest(text, s) <= maxWidth && text.length * s * leading <= maxHeight;
    if (fits) return { lines: text, size: s, lineHeight: s * leading, width: widest(text, s), noto };
  }
  const maxLines = Math.max(1, Math.floor(maxHeight / (minSize * leading)));
  const cut = text.slice(0, maxLines).map((l) => {
    if (width(l, minSize) <= maxWidth) return l;
    const chars = Array.from(l);
    while (chars.length && width(chars.join('') + '…', minSize) > maxWidth) chars.pop();
    return chars.join('') + '…';
  });
  return { lines: cut, size: minSize, lineHeight: minSize * leading, width: widest(cut, minSize), noto };
}

/** Draws a fitted block with its top-left at (x, top). */
export function drawBlock(sheet: Sheet, b: Block, x: number, top: number, font?: (i: number) => FontName, size?: (i: number) => number): void {
  b.lines.forEach((l, i) => sheet.line(l, x, top + i * b.lineHeight, size?.(i) ?? b.size, font?.(i), b.width, b.noto));
}

/** Greedy word wrap of one paragraph to `maxWidth`. */
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
 * One envelope a page: the return address in the top-left corner (with the sender's
 * country on a letter abroad), the recipient's block inside the window area (so the same
 * layout suits plain and window envelopes).
 */
export function drawEnvelopes(sheet: Sheet, envelopes: { sender: string[]; recipient: string[] }[], guides: boolean): void {
  const pad = 0.15 * INCH;
  const returns = new Map<string, Block>();
  for (const { sender, recipient: lines } of envelopes) {
    sheet.addPage();
    if (guides) sheet.box(WINDOW.x, WINDOW.y, WINDOW.w, WINDOW.h, 6);
    const key = sender.join('\n');
    const ret = returns.get(key) ?? returns.set(key, fitBlock(sheet, sender, 3.5 * INCH, 1.2 * INCH, 9, 7)).get(key)!;
    drawBlock(sheet, ret, 0.375 * INCH, 0.375 * INCH, (i) => (i === 0 ? 'Helvetica-Bold' : 'Helvetica'));
    const to = fitBlock(sheet, lines, WINDOW.w - 2 * pad, WINDOW.h - 2 * pad + 2, 11, 7);
    drawBlock(sheet, to, WINDOW.x + pad, WINDOW.y + (WINDOW.h - to.lines.length * to.lineHeight) / 2);
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
    drawBlock(sheet, b, o.x + padX, o.y + (LABELS.h - b.lines.length * b.lineHeight) / 2);
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
  // the same letterhead on every letter at home, and on every letter to one country abroad
  const heads = new Map<string, Block>();
  for (const letter of letters) {
    sheet.addPage();
    let y = 0.6 * INCH;
    const key = letter.sender.join('\n');
    const h = heads.get(key) ?? heads.set(key, fitBlock(sheet, letter.sender, width, 1.2 * INCH, 10, 7)).get(key)!;
    drawBlock(sheet, h, left, y, (i) => (i === 0 ? 'Helvetica-Bold' : 'Helvetica'), (i) => (i === 0 ? 12 : h.size));
    y += h.lines.length * h.lineHeight + 2;
    sheet.line(letter.contact.join('  ·  '), left, y, 9);
    sheet.line(letter.date, left, 1.75 * INCH, size);
    if (guides) sheet.box(left - 0.1 * INCH, 2.15 * INCH, 4.5 * INCH, 1.125 * INCH, 6);
    const to = fitBlock(sheet, letter.recipient, 4.2 * INCH, 1.0 * INCH, size, 7);
    drawBlock(sheet, to, left, 2.25 * INCH);
    y = 3.6 * INCH;
    for (const raw of letter.body.replace(/\n+$/, '').split('\n')) {
      const text = raw.trimEnd().replace(/\t/g, ' ');
      const lines = text ? wrap(sheet, text, size, width) : [''];
      for (const l of lines) {
        if (y + lead > bottom) {
          sheet.addPage();
          y = 1 * INCH;
        }
        // a paragraph that reads right to left is set against the right margin
        sheet.line(l, left, y, size, 'Helvetica', width);
        y += lead;
      }
    }
  }
}
