// `leads list --duplicates`: leads an import flagged as sharing a phone or email with
// another lead under a different name (a switchboard, an info@ address), to merge or keep.
import type { Column } from './output.js';
import { displayName, type LeadRow } from '../core/lead.js';

export const DUPLICATE_COLUMNS: Column<LeadRow>[] = [
  { header: 'id', value: (l) => l.id, align: 'right' },
  { header: 'name', value: (l) => displayName(l) },
  { header: 'company', value: (l) => l.company },
  { header: 'phone', value: (l) => l.phone, keep: true },
  { header: 'email', value: (l) => l.email },
  { header: 'shares_with', value: (l) => l.shares_with, align: 'right' },
];
