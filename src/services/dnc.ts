// Do-not-contact requests: per channel, each change a `dnc` touch, in one transaction.
import type { DB } from '../store/db.js';
import { addTouch, requireLead, updateLead } from '../store/leads.js';
import type { LeadRow } from '../core/lead.js';
import { toIso } from '../core/dates.js';

export const DNC_CHANNELS = { call: 'do_not_call', email: 'do_not_email', mail: 'do_not_mail' } as const;
export type DncChannel = keyof typeof DNC_CHANNELS;

export interface DncResult {
  lead: LeadRow;
  /** channels whose flag changed */
  changed: DncChannel[];
  /** channels already as asked */
  unchanged: DncChannel[];
}

/**
 * Sets (or, with `on` false, clears) the do-not-contact flags of the channels given. Each
 * flag that changes is its own touch; a flag already as asked is left and reported.
 */
export function setDoNotContact(
  db: DB,
  id: number,
  channels: DncChannel[],
  on: boolean,
  now: Date,
  note?: string,
): DncResult {
  const at = toIso(now);
  return db.transaction((): DncResult => {
    const lead = requireLead(db, id);
    const changed: DncChannel[] = [];
    const unchanged: DncChannel[] = [];
    for (const ch of channels) {
      const col = DNC_CHANNELS[ch];
      if ((lead[col] === 1) === on) {
        unchanged.push(ch);
        continue;
      }
      changed.push(ch);
      addTouch(db, {
        lead_id: lead.id,
        at,
        channel: 'dnc',
        note: note ?? null,
        data: { flag: col, to: on },
      });
      updateLead(db, lead.id, { [col]: on ? 1 : 0 }, at);
    }
    return { lead: requireLead(db, lead.id), changed, unchanged };
  })();
}
