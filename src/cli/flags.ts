// Flags that more than one command takes, as data for their definitions: light, as the
// definition of the command being run is read at every start.
import type { FlagSpec } from './command.js';

/** Each contact field as `add` and `edit` take it. */
export const CONTACT_FLAGS = [
  ['--first <name>', 'first name'],
  ['--last <name>', 'last name'],
  ['--company <name>', 'company'],
  ['--title <title>', 'job title'],
  ['--phone <phone>', 'phone, any format'],
  ['--mobile <phone>', 'mobile phone'],
  ['--email <email>', 'email address'],
  ['--street <street>', 'street address'],
  ['--city <city>', 'city'],
  ['--region <region>', 'state, province or region'],
  ['--postal-code <code>', 'postal or ZIP code'],
  ['--country <country>', 'country'],
  ['--source <source>', 'where the lead came from'],
  ['--list <list>', 'the prospect list it belongs to'],
] as const satisfies readonly FlagSpec[];

/** The filter flags of `leads list`, which `leads export` takes too. */
export const LEAD_FILTER_FLAGS = [
  ['--code <code>', 'last outcome code'],
  ['--stage <stage>', 'cycle stage'],
  ['--status <status>', 'status', { choices: ['prospect', 'cycle', 'sold', 'disqualified'] }],
  ['--source <source>', 'source'],
  ['--list <list>', 'prospect list'],
  ['--due [date]', 'next contact due by the end of DATE (default today; tomorrow, fri, +3d, YYYY-MM-DD...)'],
  ['--limit <n>', 'at most N leads'],
  ['--sort <field>', 'order', { choices: ['id', 'name', 'company', 'created', 'next', 'called', 'touches'] }],
] as const satisfies readonly FlagSpec[];
