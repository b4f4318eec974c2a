// follow-ups.ics: one calendar event per finished lead at its follow-up date, with a
// reminder, made with ical.js (RFC 5545 escaping, CRLF). Loaded only by the sort.
import ICAL from 'ical.js';
import { oneLine } from '../core/lead.js';

export interface FollowUpEvent {
  uid: string;
  start: Date;
  minutes: number;
  summary: string;
  description: string;
}

/**
 * One content line folded so that no line passes 75 octets, the leading space of a
 * continuation included (RFC 5545 3.1), never inside a UTF-8 character. ical.js folds at
 * 75 before the space, so its continuation lines are 76: the lines are unfolded and folded here.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let cur = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    const max = out.length ? 74 : 75;
    if (octets + n > max) {
      out.push(cur);
      cur = '';
      octets = 0;
    }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/** Each event reminds `reminderMinutes` before it starts (a VALARM), so the calendar actually rings. */
export function buildIcs(events: FollowUpEvent[], stamp: Date, reminderMinutes = 15): string {
  const cal = new ICAL.Component(['vcalendar', [], []]);
  cal.updatePropertyWithValue('prodid', '-//leads//follow-ups//EN');
  cal.updatePropertyWithValue('version', '2.0');
  cal.updatePropertyWithValue('calscale', 'GREGORIAN');
  cal.updatePropertyWithValue('x-wr-calname', 'Follow-ups');
  const dtstamp = ICAL.Time.fromJSDate(stamp, true);
  for (const e of events) {
    const ev = new ICAL.Component('vevent');
    ev.addPropertyWithValue('uid', e.uid);
    ev.addPropertyWithValue('dtstamp', dtstamp);
    ev.addPropertyWithValue('dtstart', ICAL.Time.fromJSDate(e.start, true));
    ev.addPropertyWithValue('duration', ICAL.Duration.fromSeconds(e.minutes * 60));
    // ical.js escapes LF but leaves a bare CR, which some readers take for a line end
    const summary = oneLine(e.summary);
    ev.addPropertyWithValue('summary', summary);
    ev.addPropertyWithValue('description', e.description.replace(/\r\n?/g, '\n'));
    ev.addPropertyWithValue('categories', 'Follow-up');
    const alarm = new ICAL.Component('valarm');
    alarm.addPropertyWithValue('action', 'DISPLAY');
    alarm.addPropertyWithValue('description', summary);
    alarm.addPropertyWithValue('trigger', ICAL.Duration.fromSeconds(-reminderMinutes * 60));
    ev.addSubcomponent(alarm);
    cal.addSubcomponent(ev);
  }
  // ical.js's text escapes line breaks, so a CRLF and a space in its output is only its folding
  const lines = cal.toString().replace(/\r\n[ \t]/g, '').split('\r\n');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
