// How a sort's (or a rewritten batch's) result reads: a table of what went where.
import type { IO } from './io.js';
import { printTable } from './output.js';
import type { SortSummary } from '../services/sort.js';
import { relative } from 'node:path';

interface Row {
  what: string;
  count: number;
  files: string;
}

export async function printSortSummary(io: IO, s: SortSummary): Promise<void> {
  const rel = (p?: string) => (p && s.out_dir ? relative(s.out_dir, p) : '');
  const names = (files: Record<string, string>, keys: string[]) => keys.map((k) => rel(files[k])).filter(Boolean).join(' ');
  const rows: Row[] = [
    { what: 'letters', count: s.letters.count, files: names(s.letters.files, ['csv', 'xlsx', 'envelopes', 'labels', 'letters']) },
  ];
  if (s.letters.needs_address) rows.push({ what: 'letters needing an address', count: s.letters.needs_address, files: names(s.letters.files, ['needs_address']) });
  rows.push({
    what: 'emails',
    count: s.emails.count,
    files: s.emails.count ? `${rel(s.emails.files.csv)} ${s.emails.files.eml.length ? `emails/*.eml (${s.emails.files.eml.length})` : ''}`.trim() : '',
  });
  rows.push({ what: 'follow-ups', count: s.follow_ups.count, files: names(s.follow_ups.files, ['csv', 'ics']) });
  for (const [reason, n] of Object.entries(s.skipped.reasons)) {
    if (reason === 'no address') continue; // its own row above
    rows.push({ what: `left out: ${reason}`, count: n, files: '' });
  }
  await printTable(io, [
    { header: 'batch', value: (r: Row) => r.what, fit: 'text' },
    { header: 'count', value: (r: Row) => r.count, align: 'right' },
    { header: 'files', value: (r: Row) => r.files, fit: 'text' },
  ], rows);
}
