// How a lead and its history read on screen: used by `show`, the call session, `list` and `find`.
import type { IO } from './io.js';
import { printPairs, type Column } from './output.js';
import { visible, visibleFields } from './safe.js';
import { displayName, otherPhonesLine, type LeadRow, type TouchRow } from '../core/lead.js';
import { daysBetween, formatLocal, formatNext } from '../core/dates.js';
import { formatClock } from '../core/session.js';

const flags = (l: LeadRow) =>
  [l.do_not_call && 'do not call', l.do_not_email && 'do not email', l.do_not_mail && 'do not mail']
    .filter(Boolean)
    .join(', ');

export function address(l: Pick<LeadRow, 'street' | 'city' | 'region' | 'postal_code' | 'country'>): string {
  const cityLine = [l.city, [l.region, l.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [l.street, cityLine, l.country].filter(Boolean).join(' / ');
}

/**
 * Leads as rows of a table: `list` and `find`. On a narrow terminal a name keeps a readable
 * width: the touch count goes first, then the last code (both on the card), then the company
 * once it cannot keep a readable width beside the name.
 */
export const LEAD_TABLE: Column<LeadRow>[] = [
  { header: 'id', value: (l) => l.id, align: 'right' },
  { header: 'name', value: (l) => displayName(l), fit: 'text', readable: 18 },
  { header: 'company', value: (l) => l.company, fit: 'text', readable: 10, dropRank: 3 },
  { header: 'phone', value: (l) => l.phone, fit: 'keep' },
  { header: 'code', value: (l) => l.code, dropRank: 2 },
  { header: 'status', value: (l) => (l.stage ? `${l.status}/${l.stage}` : l.status) },
  { header: 'touches', value: (l) => l.touch_count, align: 'right', dropRank: 1 },
  { header: 'next', value: (l) => formatNext(l.next_contact_at, ''), fit: 'keep' },
];

/** A line built from raw data, made visible on a terminal. */
const safeLine = (io: IO, text: string | null) => (text !== null && io.isTTY ? visible(text) : text);

export function printLeadCard(io: IO, lead: LeadRow, now: Date): void {
  const s = io.style;
  const l = io.isTTY ? visibleFields(lead) : lead;
  io.out(`${s.bold(`#${l.id} ${displayName(l)}`)}${l.company && displayName(l) !== l.company ? ` · ${l.company}` : ''}`);
  const stage = l.stage
    ? `${l.stage}${l.stage_at ? ` for ${daysBetween(new Date(l.stage_at), now)} d` : ''}` +
      (l.thinking_count ? ` (thinking ×${l.thinking_count})` : '')
    : null;
  printPairs(io, [
    ['title', l.title],
    ['phone', [l.phone, l.phone_ext && !l.phone?.includes(l.phone_ext) ? `ext ${l.phone_ext}` : null, l.phone_valid === 0 ? s.yellow('(not a valid number)') : null].filter(Boolean).join(' ')],
    ['mobile', l.mobile],
    // parsed from the stored JSON, then made safe: escaping the JSON first would break it
    ['other phones', safeLine(io, otherPhonesLine(lead))],
    ['email', l.email],
    ['address', address(l)],
    ['source', [l.source, l.list].filter(Boolean).join(' / ')],
    ['status', l.status],
    // set by hand (leads edit --priority): shown only when it orders the queue
    ['priority', l.priority ? `${l.priority > 0 ? '+' : ''}${l.priority} (among new prospects: higher is called first)` : null],
    ['stage', stage],
    ['last code', l.code],
    ['touches', l.touch_count],
    ['last called', formatLocal(l.last_called_at)],
    ['next contact', formatNext(l.next_contact_at)],
    ['came in', l.inbound_at ? `${formatLocal(l.inbound_at)}, inbound (a web form, a call, a visit)` : null],
    ['flags', flags(l) ? s.red(flags(l)) : null],
    ['shares with', l.shares_with ? `#${l.shares_with} (same phone or email, another name)` : null],
    ['forgotten', l.forgotten_at ? `${formatLocal(l.forgotten_at)}: personal data erased (leads forget)` : null],
  ]);
}

/** One line a touch: when, channel, code or stage, note. */
export function touchLine(t: TouchRow): string {
  const what = [
    t.channel,
    t.code !== null ? `code ${t.code}` : null,
    t.result,
    t.stage,
    t.batch_id !== null ? `batch ${t.batch_id}` : null,
    deliveredTo(t),
    t.duration_s !== null && t.duration_s !== undefined ? formatClock(t.duration_s) : null,
  ]
    .filter(Boolean)
    .join(' ');
  return `${formatLocal(t.at)}  ${what}${t.note ? `  ${t.note.replace(/\s*\n\s*/g, ' / ')}` : ''}`;
}

/** Where a batch's email went, once the server took it: recorded on its touch by the delivery. */
function deliveredTo(t: TouchRow): string | null {
  if (t.channel !== 'email' || !t.data) return null;
  const { delivered } = JSON.parse(t.data) as { delivered?: string };
  return delivered === 'send' ? 'sent' : delivered === 'drafts' ? 'in Drafts' : null;
}

export function printTouches(io: IO, touches: TouchRow[]): void {
  if (!touches.length) {
    io.out(io.style.dim('no touches yet'));
    return;
  }
  io.out(io.style.bold('history'));
  for (const t of touches) io.out(io.isTTY ? visible(touchLine(t)) : touchLine(t));
}
