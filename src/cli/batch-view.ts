// How a sort's (or a rewritten batch's) result reads: a table of what went where.
import type { IO } from './io.js';
import { printTable } from './output.js';
import type { SortSummary } from '../services/sort.js';
import type { DeliverySummary } from '../services/deliver.js';
import type { DeliveryLine } from '../store/deliveries.js';
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

/** What reached the mailbox and the calendar: a line each, on stdout after the table. */
export function printDelivery(io: IO, d: DeliverySummary): void {
  const e = d.emails;
  const where = d.email_mode === 'send' ? 'sent' : 'put in Drafts';
  const parts: string[] = [];
  if (e.delivered || (!e.already_there && !e.waiting && !e.unsure.length && d.email_mode !== 'files')) parts.push(`${e.delivered} ${where}`);
  if (e.already_there) parts.push(`${e.already_there} already there`);
  if (e.over_limit) parts.push(`${e.over_limit} wait for the next day's sort (email.daily_limit)`);
  if (e.waiting - e.over_limit > 0) parts.push(`${e.waiting - e.over_limit} not delivered`);
  if (e.unsure.length) {
    parts.push(`${e.unsure.length} unsure (the program stopped while sending: look in Sent, then leads batches ID --deliver --resend LEAD)`);
  }
  if (d.email_mode !== 'files' && parts.length) io.out(`emails: ${parts.join('; ')}`);
  const v = d.events;
  if (v.created + v.updated + v.waiting) {
    const ev = [`${v.created + v.updated} on the calendar${v.updated ? ` (${v.updated} updated)` : ''}`];
    if (v.waiting) ev.push(`${v.waiting} not delivered`);
    io.out(`follow-ups: ${ev.join('; ')}`);
  }
  for (const w of d.withheld) io.out(`held back: lead ${w.lead_id}'s ${w.kind.replace('_', '-')} (${w.reason})`);
  for (const p of d.problems) io.err(`leads: ${p.line}`);
}

/** Where an item's email or event stands, in a word or two (empty: files only). */
export function deliveryWord(d: DeliveryLine | null): string {
  if (!d || d.state === 'files') return '';
  const place = d.mode === 'send' ? 'sent' : d.mode === 'drafts' ? 'in Drafts' : 'on the calendar';
  switch (d.state) {
    case 'delivered':
      return place;
    case 'waiting':
      return `waiting${d.cause ? `: ${d.cause}` : ''}`;
    case 'sending':
      return 'being delivered';
    case 'unsure':
      return 'unsure: look in Sent';
    case 'withheld':
      return `held back: ${d.cause}`;
  }
}
