// Settings: the rules' numbers and the sender for batches, with their defaults.
import { RunError, UsageError } from './errors.js';
import { isKnownCountry, looksLikeEmail } from './normalise.js';
import { oneLine } from './lead.js';

interface SettingSpec {
  default: string;
  description: string;
  kind: 'text' | 'int' | 'country' | 'email' | 'switch' | 'choice' | 'host' | 'url';
  /** the values a `choice` takes */
  choices?: readonly string[];
  /** the range of a number: a value outside would break the dates and counts made from it */
  min?: number;
  max?: number;
}

/** Ten years, the most a lead may rest: further, dates run off the calendar. */
const TEN_YEARS = 3650;

export const SETTINGS: Record<string, SettingSpec> = {
  'rules.cool_off_days': { default: '180', kind: 'int', min: 0, max: TEN_YEARS, description: 'days a not-interested (1) lead rests' },
  'rules.strikes': { default: '3', kind: 'int', min: 1, max: 10, description: '"thinking about it" responses before release' },
  'rules.retry_limit': { default: '10', kind: 'int', min: 1, max: 50, description: 'not-available (3) attempts before the lead rests' },
  'rules.stale_days': { default: '7', kind: 'int', min: 1, max: 365, description: 'days a cycle lead\'s follow-up may be overdue before `leads due` calls it stale' },
  'rules.recall_days': { default: '30', kind: 'int', min: 0, max: TEN_YEARS, description: 'days after a letter or email (2, 5) before the lead is called again' },
  'rules.default_country': { default: 'US', kind: 'country', description: 'country of phone numbers written without one' },
  'sender.name': { default: '', kind: 'text', description: 'your name, on letters and emails' },
  'sender.company': { default: '', kind: 'text', description: 'your company' },
  'sender.street': { default: '', kind: 'text', description: 'return address: street' },
  'sender.city': { default: '', kind: 'text', description: 'return address: city' },
  'sender.region': { default: '', kind: 'text', description: 'return address: state or region' },
  'sender.postal_code': { default: '', kind: 'text', description: 'return address: postal code' },
  'sender.country': { default: '', kind: 'text', description: 'return address: country' },
  'sender.phone': { default: '', kind: 'text', description: 'your phone: the number letters and emails ask them to call' },
  'sender.email': { default: '', kind: 'email', description: 'the From address of emails' },
  'dial.command': { default: '', kind: 'text', description: 'how `d` and `m` dial in `leads call`: a program and its arguments, run without a shell; {number} is the E.164 number, {tel} a tel: URI (appended when neither is given)' },
  'dial.auto': { default: 'off', kind: 'switch', description: 'on: `leads call` dials the phone as each card shows' },
  'call.idle_minutes': { default: '10', kind: 'int', min: 1, max: 240, description: "minutes without a key on a card after which the call's talk time stops counting (a card left open over lunch)" },
  'email.deliver': { default: 'files', kind: 'choice', choices: ['files', 'drafts', 'send'], description: 'what `leads sort` does with the permission emails: files (.eml in the batch folder), drafts (into your mailbox\'s Drafts folder over IMAP, to send from any mail program) or send (sent over SMTP)' },
  'email.imap_host': { default: '', kind: 'host', description: 'your mail server for IMAP (drafts; with send, where the Sent folder is checked)' },
  'email.imap_port': { default: '993', kind: 'int', min: 1, max: 65535, description: 'IMAP port: 993 is TLS from the start, any other port must offer STARTTLS' },
  'email.smtp_host': { default: '', kind: 'host', description: 'your mail server for SMTP (send)' },
  'email.smtp_port': { default: '465', kind: 'int', min: 1, max: 65535, description: 'SMTP port: 465 is TLS from the start, any other (587) must offer STARTTLS' },
  'email.user': { default: '', kind: 'text', description: 'the user name of your mailbox (usually your address)' },
  'email.auth': { default: 'password', kind: 'choice', choices: ['password', 'oauth2'], description: 'password (or an app password), or oauth2 (password_command prints an access token)' },
  'email.password_command': { default: '', kind: 'text', description: 'a command that prints your mail password (or OAuth2 access token) on its first line, run without a shell: `pass show mail`; the password itself is never stored' },
  'email.daily_limit': { default: '50', kind: 'int', min: 0, max: 10000, description: 'the most emails `send` sends in one day; the rest wait for the next day\'s sort' },
  'email.unsubscribe_url': { default: '', kind: 'url', description: 'an https address that unsubscribes in one click (List-Unsubscribe-Post); the mailto: opt-out is always there' },
  'calendar.url': { default: '', kind: 'url', description: 'a CalDAV calendar (its collection URL) that follow-ups are put on as events' },
  'calendar.user': { default: '', kind: 'text', description: 'the user name of the calendar' },
  'calendar.password_command': { default: '', kind: 'text', description: 'a command that prints the calendar password on its first line, run without a shell' },
  'calendar.reminder_minutes': { default: '15', kind: 'int', min: 0, max: 10080, description: 'minutes before a follow-up that follow-ups.ics reminds you' },
  'sort.out_dir': { default: 'batches', kind: 'text', description: 'folder `leads sort` writes the batches under (relative: to the current folder)' },
};

export type Settings = Record<string, string>;

/** Stored values over the defaults. */
export function withDefaults(stored: Settings): Settings {
  const out: Settings = {};
  for (const [k, spec] of Object.entries(SETTINGS)) out[k] = stored[k] ?? spec.default;
  return out;
}

/** What is wrong with a value for this setting, or null when it is fine. */
function problem(key: string, v: string): string | null {
  const spec = SETTINGS[key];
  if (spec.kind === 'int') {
    if (!/^\d+$/.test(v)) return `must be a whole number from ${spec.min} to ${spec.max}`;
    if (Number(v) < spec.min! || Number(v) > spec.max!) return `must be from ${spec.min} to ${spec.max}`;
  }
  if (spec.kind === 'country' && !isKnownCountry(v.toUpperCase())) return 'must be a two-letter country code such as US';
  if (spec.kind === 'choice' && !spec.choices!.includes(v)) return `takes ${spec.choices!.join(', ')}`;
  if (spec.kind === 'host' && v && !/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(v)) return 'must be a host name such as imap.example.com';
  if (spec.kind === 'url' && v && !/^https:\/\/[^\s/]+/.test(v) && !(key === 'calendar.url' && /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(v))) {
    return 'must be an https:// address';
  }
  return null;
}

/** A stored value that is not (any more) in range: a settings problem, told with the way to fix it. */
function checkedStored(s: Settings, key: string): string {
  const v = s[key] ?? SETTINGS[key].default;
  const p = problem(key, v);
  if (p) throw new RunError(`the setting ${key} is ${JSON.stringify(v)}; it ${p}: fix it with \`leads config set ${key} VALUE\``);
  return v;
}

export function intSetting(s: Settings, key: string): number {
  return Number(checkedStored(s, key));
}

/** A `choice` setting's value, checked: a stored value from an older program is a settings error, not a surprise. */
export function choiceSetting(s: Settings, key: string): string {
  return checkedStored(s, key);
}

/** Whether the settings deliver anything beyond the batch's files (emails to a mailbox, events to a calendar). */
export const delivers = (s: Settings): boolean => choiceSetting(s, 'email.deliver') !== 'files' || Boolean(s['calendar.url'].trim());

/** The country of phone numbers written without one. */
export function countrySetting(s: Settings): string {
  return checkedStored(s, 'rules.default_country').toUpperCase();
}

const SWITCH: Record<string, boolean> = { on: true, off: false, yes: true, no: false, true: true, false: false, '1': true, '0': false };

/** Checks a `leads config set KEY VALUE` and returns the value to store. */
export function validateSetting(key: string, value: string): string {
  const spec = SETTINGS[key];
  if (!spec) throw new UsageError(`unknown setting ${key}; the settings are: ${Object.keys(SETTINGS).join(', ')}`);
  const v = value.trim();
  const p = problem(key, v);
  if (p) throw new UsageError(`${key} ${p}`);
  // the From address of every email batch: a typo would go out on each of them
  if (spec.kind === 'email' && v && !looksLikeEmail(v)) throw new UsageError(`${key} does not look like an email address`);
  if (spec.kind === 'switch') {
    const on = SWITCH[v.toLowerCase()];
    if (on === undefined) throw new UsageError(`${key} takes on or off`);
    return on ? 'on' : 'off';
  }
  // the sender's name and address go into every letter and email header: one line, like a lead's
  return spec.kind === 'country' ? v.toUpperCase() : oneLine(v);
}

/** A setting as `leads config` shows it: its value (stored, else the default) beside the default. */
export interface SettingRow {
  key: string;
  value: string;
  default: string;
  is_set: boolean;
  description: string;
}

export function settingRows(stored: Settings): SettingRow[] {
  return Object.entries(SETTINGS).map(([key, spec]) => ({
    key,
    value: stored[key] ?? spec.default,
    default: spec.default,
    is_set: stored[key] !== undefined,
    description: spec.description,
  }));
}
