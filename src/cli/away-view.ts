// How `leads away` and `leads due` say where the user stands: away until when, and the
// retries that wait, with the day each share comes.
import type { AwayState } from '../services/away.js';
import { localDay } from '../core/dates.js';
import { whenText } from './why.js';

/** A day said from today: `today (2026-11-30)`, `Tue (2026-12-01)`, `2027-01-04`. */
export function dayText(day: Date, now: Date): string {
  const said = whenText(day.toISOString(), now);
  return /^\d{4}-/.test(said) ? said : `${said} (${localDay(day)})`;
}

/** The lines about the time away: none when the user is not away and nothing waits from an away. */
export function awayLines(s: AwayState, now: Date): string[] {
  const lines: string[] = [];
  if (s.away) {
    const back = dayText(new Date(s.away.ends_at), now);
    if (s.current) lines.push(`You are away until ${back}: nothing falls due before then (\`leads away --off\` to come back early).`);
    else lines.push(`Away from ${dayText(new Date(s.away.starts_at), now)} until ${back}: nothing falls due in between.`);
  }
  const waiting = s.shares.reduce((n, x) => n + x.retries, 0);
  if (waiting) {
    const shares = s.shares
      .map((x) => {
        const day = dayText(new Date(`${x.day}T00:00`), now);
        return `${x.retries} ${/^(today|tomorrow)/.test(day) ? '' : 'on '}${day}`;
      })
      .join(', ');
    lines.push(
      `${waiting} retr${waiting === 1 ? 'y waits' : 'ies wait'} from the time away, at most ${s.perDay} a day (rules.retries_per_day): ${shares}; call-backs and follow-ups come first.`,
    );
  }
  return lines;
}
