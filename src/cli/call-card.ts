// The lead card of the call session: who, how to reach them, their clock, their history.
import type { IO } from './io.js';
import { printPairs } from './output.js';
import { visible, visibleFields } from './safe.js';
import { touchLine } from './cards.js';
import { wrapClauses, wrapItems, wrapWidth, wrapWords } from './wrap.js';
import { displayName, otherPhonesLine, type LeadRow, type TouchRow } from '../core/lead.js';
import { formatLocal, formatNext } from '../core/dates.js';
import { KIND_LABEL, type QueueEntry } from '../core/queue.js';
import { countryName } from '../core/country.js';
import type { LeadZone } from '../core/zones.js';

const FROM_LABEL: Record<LeadZone['from'], string> = {
  lead: 'its time zone',
  postal_code: 'postal code',
  region: 'state/region',
  country: 'country',
  phone: 'phone area code',
  phone_country: "phone's country code",
  user: '',
};

/** The lead's local time and where it comes from: `10:35 GMT+1 (Europe/Berlin, from country)`. */
export function localTimeText(e: Pick<QueueEntry, 'zone' | 'local'>): string {
  const z = e.zone;
  if (z.from === 'user') return `${e.local.text} (your own time zone: nothing on the lead tells its own)`;
  if (z.zones.length > 1) {
    const country = (z.country && countryName(z.country)) ?? z.country;
    return `${e.local.text} (every zone of ${country}, from ${FROM_LABEL[z.from]}: no state/region tells which)`;
  }
  return `${e.local.text} (${z.zone}, from ${FROM_LABEL[z.from]})`;
}

const visibleOrNull = (text: string | null) => (text === null ? null : visible(text));

export function printCallCard(io: IO, e: QueueEntry, touches: TouchRow[], codeLabels: Map<number, string>, position: string): void {
  const s = io.style;
  // the session runs on a terminal only
  const l: LeadRow = visibleFields(e.lead);
  const due = e.kind !== 'new' && l.next_contact_at ? ` due ${formatNext(l.next_contact_at)}` : '';
  const width = wrapWidth(io);
  const out = (lines: string[], style = (line: string) => line) => lines.forEach((line) => io.out(style(line)));
  io.out('');
  out(wrapItems([`── ${position}`, `${KIND_LABEL[e.kind]}${due} ──`], width, ' · '), s.dim);
  // the name in bold, the company and title after it, wrapped between them
  const who = `#${l.id} ${displayName(l)}`;
  const parts = [who, ...(l.company && displayName(l) !== l.company ? [l.company] : [])];
  if (l.title) parts[parts.length - 1] += ` (${l.title})`;
  out(wrapItems(parts, width, ' · '), (line) => (line.startsWith(who) ? s.bold(who) + line.slice(who.length) : line));
  const calls = touches.filter((t) => t.channel === 'call').length;
  const local = localTimeText(e);
  const outside = !e.local.within;
  printPairs(
    io,
    [
      ['phone', [l.phone, l.phone_ext && !l.phone?.includes(l.phone_ext) ? `ext ${l.phone_ext}` : null].filter(Boolean).join(' ')],
      ['mobile', l.mobile],
      // parsed from the stored JSON, then made safe: escaping the JSON first would break it
      ['also try', visibleOrNull(otherPhonesLine(e.lead))],
      ['email', l.email],
      ['local time', outside ? `${local}, outside calling hours` : local, outside ? s.red : e.zone.from === 'user' || e.zone.zones.length > 1 ? s.yellow : undefined],
      ['touches', `${l.touch_count} (${calls} call${calls === 1 ? '' : 's'})${l.attempts ? `, ${l.attempts} tries without reaching anyone` : ''}`],
      ['last code', l.code !== null ? `${l.code} ${codeLabels.get(l.code) ?? ''}`.trim() : null],
      ['stage', l.stage ? `${l.stage}${l.thinking_count ? ` (thinking ×${l.thinking_count})` : ''}` : null],
      ['flags', [l.do_not_email && 'do not email', l.do_not_mail && 'do not mail'].filter(Boolean).join(', ') || null],
    ],
    wrapClauses,
  );
  const recent = touches.filter((t) => t.channel !== 'note').slice(-3);
  if (recent.length) {
    io.out(s.dim('recent'));
    for (const t of recent) out(wrapWords(`  ${visible(touchLine(t))}`, width, '      '));
  }
  // a note already shown with its touch above is not shown again
  const notes = touches.filter((t) => t.note && (t.channel === 'note' || t.channel === 'import') && !recent.includes(t)).slice(-3);
  if (notes.length) {
    io.out(s.dim('notes'));
    for (const t of notes) out(wrapWords(`  ${formatLocal(t.at).slice(0, 10)}  ${visible(t.note!.replace(/\s*\n\s*/g, ' / '))}`, width, ' '.repeat(14)));
  }
}
