// The text of an imported file before it is parsed: its encoding, its delimiter, and its
// line breaks made one kind (a file that mixes LF and CRLF is refused by csv-parse and
// leaves a stray CR with papaparse). Pure.

export type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'win1252';

/**
 * The encoding from the first bytes and whether the whole file is valid UTF-8: a byte-order
 * mark says UTF-8 or UTF-16; else valid UTF-8 is UTF-8, and anything else is taken for a
 * Windows-1252 export (Excel's "CSV" on Windows). Returns the BOM's length to skip.
 */
export function detectEncoding(head: Uint8Array, validUtf8: boolean): { encoding: Encoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  return { encoding: validUtf8 ? 'utf8' : 'win1252', bom: 0 };
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

/** `--encoding` values and the names iconv-lite knows them by. */
export function encodingOf(name: string): Encoding | undefined {
  const n = name.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  if (n === 'utf8') return 'utf8';
  if (n === 'utf16' || n === 'utf16le' || n === 'ucs2') return 'utf16le';
  if (n === 'utf16be') return 'utf16be';
  if (['windows1252', 'win1252', 'cp1252', 'latin1', 'iso88591', 'ansi', 'westerneuropean'].includes(n)) return 'win1252';
  return undefined;
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
