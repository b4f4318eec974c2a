// One CSV line (RFC 4180) for the rejects file: a cell with a comma, quote or line break is
// quoted, its quotes doubled; the text is otherwise as it was, so the file can be fixed and
// imported again. Pure.
export function csvLine(cells: string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\r\n';
}
