// Data never drives the terminal: a name from an imported file holding `ESC ] 0 ; ... BEL`
// would retitle the window, `ESC [ 2 J` clear the screen, a bidi override reverse what
// follows. On a terminal such characters are shown as visible escapes; piped and JSON
// output keep the data exact.

/** C0 and C1 control characters, DEL, bidi marks, embeddings, overrides and isolates, line and paragraph separators. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
/** The same, less the line break (CRLF too), tab, and the colour codes the program itself writes (SGR). */
const UNSAFE_IN_LINES = /\r\n|\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
/** Text with no colour of the program's own (a CSV or JSON export to a terminal): only line breaks and tabs kept. */
const UNSAFE_IN_TEXT = /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\u001b': '\\e', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\u0007': '\\a', '\b': '\\b' };

function shown(ch: string): string {
  const code = ch.charCodeAt(0);
  return NAMED[ch] ?? (code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** One value (a cell, a field, a message): every control and bidi character shown as an escape, so it is also one line. */
export function visible(text: string): string {
  return text.replace(UNSAFE, shown);
}

/**
 * A line the program wrote for a terminal, data already in it: the same escapes, but the
 * program's own line breaks, tabs and colours kept.
 */
export function terminalLine(text: string): string {
  return text.replace(UNSAFE_IN_LINES, (m) => (m.length > 1 ? m : shown(m)));
}

/** Data written as it is (an export) to a terminal: every control shown, its lines kept. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_IN_TEXT, (m) => (m.length > 1 ? m : shown(m)));
}

/** A row from the database for a terminal: each of its texts made `visible` (the colour codes a card adds come after). */
export function visibleFields<T extends object>(row: T): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? visible(v) : v])) as T;
}
