// Text → records, piece by piece, with papaparse's Parser (csv-parse streams the 1M-row
// bench file in ~4.5 s, papaparse in ~0.7 s), each record with the physical line it
// starts on. A record with a broken quote is reported with its line and reading goes on
// from the next line, instead of the quote swallowing the rows after it. A record still
// open after RUNAWAY characters is read on quote by quote to its end, keeping only its
// non-empty fields: one whose text is short after all (a row of millions of empty cells)
// is a record like any other, its trailing empty cells nothing; a longer one is reported
// whole as too long (never cut into pieces that would pass for rows), or, when its quote
// never closes, as open to the end of the file. Pure: papaparse does no I/O. Line breaks
// must already be `\n` between records (text.ts).
import Papa from 'papaparse';
import { LONG_CAP } from './row.js';

/** A record, or a broken one: its line, the cells papaparse made of it if any, and its first line as written. */
export type Item =
  | { cells: string[]; line: number }
  | { broken: number; cells: string[] | null; raw: string }
  /** a record too long to keep: its line, the column (from 0) of its longest field and that field's length */
  | { long: number; column: number; chars: number }
  /** a quote opened at this line and never closed before the end of the file */
  | { unclosed: number };

/** Where reading a record too long to keep has got to. */
interface Long {
  line: number;
  inQuote: boolean;
  /** the last character closed a quote */
  closed: boolean;
  column: number;
  chars: number;
  longest: { column: number; chars: number };
  newlines: number;
  /** the record's non-empty fields so far, as written (quotes and all), while their text is short enough to keep */
  kept: { column: number; raw: string }[] | null;
  keptChars: number;
  /** the current field as written, from pieces before this one */
  raw: string;
}

/** A record still open after this much text is a quote that never closes. */
export const RUNAWAY = 4 << 20;
/** The last column a record may hold a value in (Excel's last, XFD). */
export const MAX_COLUMNS = 16_384;

export class RecordReader {
  private rest = '';
  private line = 1;
  private long: Long | null = null;

  constructor(private readonly delimiter: string, private readonly runaway = RUNAWAY) {}

  /** The records complete in the text so far (all of them with `last`). */
  push(piece: string, last: boolean): Item[] {
    const out: Item[] = [];
    let text = this.rest + piece;
    this.rest = '';
    if (this.long) {
      text = this.readLong(text, out, last);
      if (this.long) return out;
    }
    for (;;) {
      const res = new Papa.Parser({ delimiter: this.delimiter, newline: '\n', quoteChar: '"' }).parse(text, 0, !last) as {
        data: string[][];
        errors: { row: number }[];
        meta: { cursor: number };
      };
      const bad = res.errors.length ? Math.min(...res.errors.map((e) => e.row)) : -1;
      const good = bad < 0 ? res.data.length : bad;
      for (let r = 0; r < good; r++) {
        const cells = res.data[r];
        out.push({ cells, line: this.line });
        this.line++;
        for (const c of cells) {
          if (c.length && c.includes('\n')) for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) this.line++;
        }
      }
      if (bad < 0) {
        if (last) return out;
        const rest = text.slice(res.meta.cursor);
        if (rest.length <= this.runaway) {
          this.rest = rest;
          return out;
        }
        // a record longer than RUNAWAY: read on to its end without keeping it
        this.long = { line: this.line, inQuote: false, closed: false, column: 0, chars: 0, longest: { column: 0, chars: 0 }, newlines: 0, kept: [], keptChars: 0, raw: '' };
        text = this.readLong(rest, out, last);
        if (this.long) return out;
        continue;
      }
      // a broken quote: reject the record at its first line, read on from the line after it
      const start =
        good === 0
          ? 0
          : (new Papa.Parser({ delimiter: this.delimiter, newline: '\n', quoteChar: '"', preview: good }).parse(text, 0, false) as {
              meta: { cursor: number };
            }).meta.cursor;
      if (!last && text.indexOf('\n', start) < 0) {
        this.rest = text.slice(start);
        return out;
      }
      text = this.skip(text.slice(start), res.data[bad] ?? null, out);
      if (!text) return out;
    }
  }

  /** Reads a long record on through `text`; returns the text after its end ('' while it goes on). */
  private readLong(text: string, out: Item[], last: boolean): string {
    const l = this.long!;
    const d = this.delimiter.charCodeAt(0);
    let from = 0;
    const endField = (to: number) => {
      if (l.chars > l.longest.chars) l.longest = { column: l.column, chars: l.chars };
      if (l.chars && l.kept) {
        const raw = l.raw + text.slice(from, to);
        l.keptChars += raw.length;
        if (l.keptChars <= this.runaway && l.chars <= LONG_CAP) l.kept.push({ column: l.column, raw });
        else l.kept = null;
      }
      l.raw = '';
      l.chars = 0;
      from = to + 1;
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // a doubled quote inside quotes closes and opens again: the state comes out right, and it is one character
      if (c === 34) {
        if (!l.inQuote && l.closed) l.chars++;
        l.inQuote = !l.inQuote;
        l.closed = !l.inQuote;
        continue;
      }
      l.closed = false;
      if (c === 10 && !l.inQuote) {
        endField(i);
        out.push(this.longRecord(l));
        this.line = l.line + l.newlines + 1;
        this.long = null;
        return text.slice(i + 1);
      } else {
        if (c === 10) l.newlines++;
        if (c === d && !l.inQuote) {
          endField(i);
          l.column++;
        } else l.chars++;
      }
    }
    // the field goes on in the next piece: what of it is worth keeping is carried over
    if (l.kept && l.raw.length + text.length - from <= this.runaway) l.raw += text.slice(from);
    else l.kept = null;
    if (last) {
      endField(text.length);
      out.push(l.inQuote ? { unclosed: l.line } : this.longRecord(l));
      this.long = null;
    }
    return '';
  }

  /** A long record at its end: its cells when their text is short after all, else reported as too long. */
  private longRecord(l: Long): Item {
    const lastColumn = l.kept?.length ? l.kept[l.kept.length - 1].column : 0;
    if (!l.kept) return { long: l.line, column: l.longest.column, chars: l.longest.chars };
    if (lastColumn >= MAX_COLUMNS) return { long: l.line, column: lastColumn, chars: l.kept[l.kept.length - 1].raw.length };
    const cells: string[] = new Array(lastColumn + 1).fill('');
    for (const f of l.kept) cells[f.column] = unquote(f.raw);
    return { cells, line: l.line };
  }

  private skip(text: string, cells: string[] | null, out: Item[]): string {
    const nl = text.indexOf('\n');
    out.push({ broken: this.line, cells, raw: nl < 0 ? text : text.slice(0, nl) });
    this.line++;
    return nl < 0 ? '' : text.slice(nl + 1);
  }
}

/** A field as written → its text: `"a ""b"""` → `a "b"`. */
function unquote(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  const end = raw.lastIndexOf('"');
  return (end > 0 ? raw.slice(1, end) + raw.slice(end + 1) : raw.slice(1)).replace(/""/g, '"');
}
