// follow-ups.ics: one calendar event per finished lead at its follow-up date, made with
// ical.js (RFC 5545: escaping, CRLF, lines folded at 75 octets). Loaded only by the sort.
import ICAL from 'ical.js';
import { oneLine } from '../core/lead.js';

export interface FollowUpEvent {
  uid: string;
  start: Date;
  minutes: number;
  summary: string;
  description: string;
}

export function buildIcs(events: FollowUpEvent[], stamp: Date): string {
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
    ev.addPropertyWithValue('summary', oneLine(e.summary));
    ev.addPropertyWithValue('description', e.description.replace(/\r\n?/g, '\n'));
    ev.addPropertyWithValue('categories', 'Follow-up');
    cal.addSubcomponent(ev);
  }
  return cal.toString() + '\r\n';
}
