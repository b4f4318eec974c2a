// Reading leads: one lead's card, the leads a filter picks. Kept apart from the changes of
// services/leads.ts so that `leads show` loads no more than it reads.
import type { DB } from '../store/db.js';
import { iterateLeads, listLeads, requireLead, touchesOf } from '../store/leads.js';
import type { LeadRow, TouchRow } from '../core/lead.js';
import type { LeadFilter } from '../core/filter.js';

/** The leads a filter picks, in its order. */
export function leadList(db: DB, filter: LeadFilter): LeadRow[] {
  return listLeads(db, filter);
}

/** The leads a filter picks, in its order, read one at a time each time they are read: a million never sit in memory. */
export function leadRows(db: DB, filter: LeadFilter): () => Iterable<LeadRow> {
  return () => iterateLeads(db, filter);
}

/** A lead and its whole history, oldest first: what its card shows. */
export function leadCard(db: DB, id: number): { lead: LeadRow; touches: TouchRow[] } {
  const lead = requireLead(db, id);
  return { lead, touches: touchesOf(db, lead.id) };
}
