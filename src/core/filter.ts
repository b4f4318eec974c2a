// Which leads a list or an export shows: the filter the user's flags describe.
import type { Status } from './lead.js';

export interface LeadFilter {
  code?: number;
  stage?: string;
  status?: Status;
  source?: string;
  list?: string;
  /** next contact at or before this ISO moment */
  dueBy?: string;
  limit?: number;
  /** only leads flagged as sharing a phone or email with another lead (`shares_with`) */
  duplicates?: boolean;
  sort?: 'id' | 'name' | 'company' | 'created' | 'next' | 'called' | 'touches';
}
