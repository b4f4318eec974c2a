// A workbook cell as the sheet shows it, from the value a reader gives and the cell's
// number format: a phone stored as a number keeps all its digits (never 1.5551e+10), a ZIP
// code formatted 00000 keeps its leading zero, a date is a date. Pure.

/** What our workbook reader gives for a cell: its value by the cell's type. */
export type SheetValue = null | undefined | string | number | boolean | Date;

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** A number as written without exponent or float noise: 16175550134, 12.5. */
function plain(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) >= 1e21) return BigInt(n).toString();
  // 0.1 + 0.2 stored as 0.30000000000000004 shows as Excel shows it, to 15 significant digits
  return String(Number(n.toPrecision(15)));
}

function number(n: number, fmt: string | undefined): string {
  const f = (fmt ?? '').split(';')[0];
  // 00000 (a ZIP code), 000-000-0000 style masks of zeros: the digits padded
  const zeros = /^0+$/.exec(f);
  if (zeros && Number.isInteger(n) && n >= 0) return pad(n, zeros[0].length);
  const decimals = /^(?:#,##)?0\.(0+)$/.exec(f);
  if (decimals) return n.toFixed(decimals[1].length);
  if (/^0%$/.test(f)) return `${Math.round(n * 100)}%`;
  return plain(n);
}

function date(d: Date, fmt: string | undefined): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  const f = (fmt ?? '').toLowerCase().replace(/"[^"]*"/g, '');
  const time = /h/.test(f) ? ` ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}` : '';
  const onlyTime = time && !/[dy]/.test(f);
  // Excel keeps wall-clock time without a zone: read in UTC, it is the time the sheet shows
  return onlyTime ? time.trim() : day + time;
}

/** The cell's text as the sheet shows it ('' for an empty cell). */
export function cellText(v: SheetValue, fmt?: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return number(v, fmt);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return Number.isNaN(v.getTime()) ? '' : date(v, fmt);
}
