// Writing CSV cells safely: RFC 4180 quoting, and OWASP's defence against CSV injection.
//
// A spreadsheet runs a cell that begins with = + - @ (or tab, CR, LF, which some of them
// skip before looking) as a formula: `=HYPERLINK("http://x")` in a company name would
// become a live link. Such a cell is written with a leading apostrophe, which spreadsheets
// read as "this is text". Phone numbers follow the same rule, so `+1 555 100 2000` is
// written `'+1 555 100 2000`: every digit and the `+` stay readable, and no spreadsheet
// turns it into a formula or a number (that would drop the `+` and any leading zero).

const FORMULA_START = /^[=+\-@\t\r\n]/;

/** The text as a spreadsheet will show it, never as a formula. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180: a cell holding a comma, quote or line break (or edge spaces) is quoted, quotes doubled. */
export function quoteCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One value as a cell: empty for null, true/false for flags, text neutralised then quoted. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return quoteCell(neutraliseCell(text));
}

/** A record: cells joined by commas, ended by CRLF as RFC 4180 asks. */
export function csvLine(values: unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
