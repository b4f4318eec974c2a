// The text of an imported file before it is parsed: its encoding, its delimiter, and its
// line breaks made one kind (a file that mixes LF and CRLF is refused by csv-parse and
// leaves a stray CR with papaparse). Pure.
import iconv from 'iconv-lite';

/** `utf8`, `utf16le`, `utf16be`, `win1252` (Windows-1252, its five unassigned bytes kept), or another name iconv-lite knows. */
export type Encoding = string;

/**
 * The encoding from the first bytes and whether the whole file is valid UTF-8: a byte-order
 * mark says UTF-8 or UTF-16; else text whose every other byte is NUL is UTF-16 without one
 * (a Mac Address Book export); else valid UTF-8 is UTF-8; else a Japanese file in Shift_JIS
 * (a Windows program's export) is told by its characters, and anything else is taken for a
 * Windows-1252 export (Excel's "CSV" on Windows). Returns the BOM's length to skip.
 */
export function detectEncoding(head: Uint8Array, validUtf8: boolean): { encoding: Encoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bom: 0 };
  if (validUtf8) return { encoding: 'utf8', bom: 0 };
  return { encoding: looksLikeShiftJis(head) ? 'shift_jis' : 'win1252', bom: 0 };
}

/**
 * UTF-16 without a byte-order mark, told by where its NUL bytes are: text of mostly Latin
 * letters has a NUL in every other byte, the high half of each character (the first byte
 * in big-endian order, the second in little-endian).
 */
export function utf16WithoutBom(head: Uint8Array): 'utf16le' | 'utf16be' | null {
  const pairs = head.length >> 1;
  if (pairs < 2) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  if (odd >= pairs * 0.3 && even <= pairs * 0.02) return 'utf16le';
  if (even >= pairs * 0.3 && odd <= pairs * 0.02) return 'utf16be';
  return null;
}

/**
 * Whether bytes that are not UTF-8 read as Shift_JIS (Windows' code page 932): every byte
 * over 0x7F a half-width katakana or the lead of a pair with a trail byte, every pair a
 * character, and a tenth of the pairs at least (two or more) full-width hiragana or
 * katakana, which Japanese text is seldom without, and a Western export (where 0x82 and
 * 0x83 are `‚` and `ƒ`) or a UTF-8 file with a stray byte almost never holds.
 */
export function looksLikeShiftJis(head: Uint8Array): boolean {
  let kana = 0;
  let pairs = 0;
  // the last byte may be the first half of a pair cut off by the sample's end
  let end = 0;
  for (let i = 0; i < head.length - 1; i++) {
    const b = head[i];
    end = i + 1;
    if (b < 0x80 || (b >= 0xa1 && b <= 0xdf)) continue;
    const lead = (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
    const t = head[i + 1];
    if (!lead || !((t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfc))) return false;
    pairs++;
    if ((b === 0x82 && t >= 0x9f && t <= 0xf1) || (b === 0x83 && t >= 0x40 && t <= 0x96)) kana++;
    i++;
    end = i + 1;
  }
  if (kana < 2 || kana * 10 < pairs) return false;
  const text = iconv.decode(Buffer.from(head.buffer, head.byteOffset, end), 'shift_jis');
  // a pair that is no character (U+FFFD) or one of the user-defined area (U+E000-U+F8FF)
  return !/[\ufffd\ue000-\uf8ff]/.test(text);
}

/** Whether the file is an Excel workbook (.xlsx, .xlsm): a zip named so, or holding an `xl/` folder. */
export function isWorkbook(head: Uint8Array, name: string): boolean {
  if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) return false;
  return /\.xls[xm]$/i.test(name) || Buffer.from(head.buffer, head.byteOffset, head.byteLength).includes('xl/', 0, 'latin1');
}

/** Whether a file is a vCard file: named .vcf/.vcard, or its text begins with BEGIN:VCARD. */
export function isVcard(name: string, start: string): boolean {
  return /\.(vcf|vcard)$/i.test(name) || /^\s*BEGIN:VCARD\s*$/im.test(start.slice(0, 200).split('\n')[0] ?? '');
}

/** What a file that is no text file is (by its first bytes) and how to make a CSV of it, or null. */
export function notText(head: Uint8Array): string | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  const has = (text: string) => Buffer.from(head.buffer, head.byteOffset, head.byteLength).includes(text, 0, 'latin1');
  const csv = 'save it as CSV (UTF-8) and import the .csv';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return `this is an old Excel workbook (.xls), not a CSV file: open it in Excel or LibreOffice and ${csv}, or save it as .xlsx`;
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) {
    if (has('opendocument.spreadsheet')) return `this is an OpenDocument spreadsheet (.ods), not a CSV file: in LibreOffice, File > Save As, ${csv}, or as .xlsx`;
    if (has('Index/') || has('.iwa')) return `this is an Apple Numbers file, not a CSV file: in Numbers, File > Export To > CSV (Unicode UTF-8), or Excel (.xlsx)`;
    if (has('word/') || has('ppt/')) return 'this is a Word or PowerPoint document, not a contact list: save the list as CSV or .xlsx';
    if (has('[Content_Types].xml')) return `this is an Office file that is not an Excel workbook: open it and ${csv}`;
    return 'this is a zip archive, not a CSV file: unzip it and import the CSV file inside';
  }
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'this is a PDF, not a CSV file: export the list from the program that made it as CSV';
  return null;
}

/** `--encoding` values: UTF-8, UTF-16, Windows-1252 (Latin-1 read as it), or any other encoding iconv-lite knows (`shift_jis`, `iso-8859-2`). */
export function encodingOf(name: string): Encoding | undefined {
  const n = name.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  if (n === 'utf8') return 'utf8';
  if (n === 'utf16' || n === 'utf16le' || n === 'ucs2') return 'utf16le';
  if (n === 'utf16be') return 'utf16be';
  if (['windows1252', 'win1252', 'cp1252', 'latin1', 'iso88591', 'ansi', 'westerneuropean'].includes(n)) return 'win1252';
  if (['shiftjis', 'sjis', 'cp932', 'windows31j', 'mskanji'].includes(n)) return 'shift_jis';
  return n && iconv.encodingExists(n) ? n : undefined;
}

/** How an encoding is named to the user: `Windows-1252`, `UTF-16LE`, `SHIFT_JIS`. */
export function encodingName(e: Encoding): string {
  return e === 'win1252' ? 'Windows-1252' : e === 'utf8' ? 'UTF-8' : e.toUpperCase().replace(/^UTF(\d)/, 'UTF-$1');
}

export const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The delimiter of a file from its first lines: the candidate found the same number of
 * times (outside quotes) on the most lines, ties going to the one with more per line.
 * Comma when nothing stands out.
 */
export function sniffDelimiter(sample: string): string {
  const lines: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (let i = 0; i < sample.length && lines.length < 30; i++) {
    const c = sample[i];
    if (c === '"') inQuotes = !inQuotes;
    if (!inQuotes && (c === '\n' || c === '\r')) {
      if (cur.trim()) lines.push(cur);
      cur = '';
      continue;
    }
    if (!inQuotes || c !== '"') cur += inQuotes ? '' : c;
  }
  if (cur.trim() && lines.length < 30) lines.push(cur);
  let best = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => l.split(d).length - 1).filter((n) => n > 0);
    if (!counts.length) continue;
    const freq = new Map<number, number>();
    for (const n of counts) freq.set(n, (freq.get(n) ?? 0) + 1);
    let mode = 0;
    let modeLines = 0;
    for (const [n, k] of freq) if (k > modeLines || (k === modeLines && n > mode)) [mode, modeLines] = [n, k];
    const score = modeLines * 1000 + mode;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/**
 * Makes every record break `\n`, whatever mix of CRLF, LF and CR the file has, while line
 * breaks inside quoted fields stay exactly as written. Feed the text in pieces; pass
 * `last` with the final piece. A quote opens a quoted field only at the start of a field,
 * as in RFC 4180; `""` inside one is an escaped quote.
 */
export function lineBreakNormaliser(delimiter: string): (text: string, last: boolean) => string {
  let inQuotes = false;
  let fieldStart = true;
  let pendingCR = false; // a CR ended the previous piece: a LF may follow
  let quoteAtEnd = false; // a quote inside a quoted field ended the previous piece
  return (text, last) => {
    let out = '';
    let from = 0;
    let i = 0;
    if (pendingCR) {
      pendingCR = false;
      if (text[0] === '\n') i = 1;
      out = '\n';
      from = i;
      fieldStart = true;
    }
    if (quoteAtEnd) {
      quoteAtEnd = false;
      if (text[0] === '"') i = Math.max(i, 1); // an escaped quote
      else {
        inQuotes = false;
        fieldStart = false;
      }
    }
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inQuotes) {
        // jump to the next quote: nothing inside a quoted field changes
        const q = text.indexOf('"', i);
        if (q < 0) {
          i = text.length;
          break;
        }
        i = q;
        if (i + 1 === text.length) {
          if (!last) quoteAtEnd = true;
          else inQuotes = false;
        } else if (text[i + 1] === '"') i++;
        else {
          inQuotes = false;
          fieldStart = false;
        }
        continue;
      }
      if (c === 34 /* " */) {
        if (fieldStart) inQuotes = true;
        fieldStart = false;
      } else if (c === 13 /* \r */) {
        out += text.slice(from, i) + '\n';
        if (i + 1 < text.length) {
          if (text[i + 1] === '\n') i++;
        } else if (!last) {
          // the LF may be the first character of the next piece
          out = out.slice(0, -1);
          pendingCR = true;
        }
        from = i + 1;
        fieldStart = true;
      } else if (c === 10) fieldStart = true;
      else if (text[i] === delimiter) fieldStart = true;
      else fieldStart = false;
    }
    return from === 0 && !out ? text : out + text.slice(from);
  };
}
