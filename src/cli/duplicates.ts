// `leads list --duplicates`: leads an import flagged as sharing a phone or email with
// another lead under a different name (a switchboard, an info@ address), to merge or keep.
import type { Column } from './output.js';
import { displayName, type LeadRow } from '../core/lead.js';

export const DUPLICATE_COLUMNS: Column<LeadRow>[] = [
  { header: 'id', value: (l) => l.id, align: 'right' },
  { header: 'name', value: (l) => displayName(l), fit: 'text' },
  { header: 'company', value: (l) => l.company, fit: 'text' },
  { header: 'phone', value: (l) => l.phone, fit: 'keep' },
  { header: 'email', value: (l) => l.email, fit: 'text' },
  { header: 'shares_with', value: (l) => l.shares_with, align: 'right' },
];
