// Settings: the rules' numbers and the sender for batches, with their defaults.
import { UsageError } from './errors.js';
import { looksLikeEmail } from './normalise.js';

interface SettingSpec {
  default: string;
  description: string;
  kind: 'text' | 'int' | 'country' | 'email' | 'switch';
}

export const SETTINGS: Record<string, SettingSpec> = {
  'rules.cool_off_days': { default: '180', kind: 'int', description: 'days a not-interested (1) lead rests' },
  'rules.strikes': { default: '3', kind: 'int', description: '"thinking about it" responses before release' },
  'rules.retry_limit': { default: '10', kind: 'int', description: 'not-available (3) attempts before the lead rests' },
  'rules.stale_days': { default: '7', kind: 'int', description: 'days a cycle lead\'s follow-up may be overdue before `leads due` calls it stale' },
  'rules.recall_days': { default: '30', kind: 'int', description: 'days after a letter or email (2, 5) before the lead is called again' },
  'rules.default_country': { default: 'US', kind: 'country', description: 'country of phone numbers written without one' },
  'sender.name': { default: '', kind: 'text', description: 'your name, on letters and emails' },
  'sender.company': { default: '', kind: 'text', description: 'your company' },
  'sender.street': { default: '', kind: 'text', description: 'return address: street' },
  'sender.city': { default: '', kind: 'text', description: 'return address: city' },
  'sender.region': { default: '', kind: 'text', description: 'return address: state or region' },
  'sender.postal_code': { default: '', kind: 'text', description: 'return address: postal code' },
  'sender.country': { default: '', kind: 'text', description: 'return address: country' },
  'sender.phone': { default: '', kind: 'text', description: 'your phone, in signatures' },
  'sender.email': { default: '', kind: 'email', description: 'the From address of emails' },
  'dial.command': { default: '', kind: 'text', description: 'how `d` and `m` dial in `leads call`: a program and its arguments, run without a shell; {number} is the E.164 number, {tel} a tel: URI (appended when neither is given)' },
  'dial.auto': { default: 'off', kind: 'switch', description: 'on: `leads call` dials the phone as each card shows' },
  'calendar.reminder_minutes': { default: '15', kind: 'int', description: 'minutes before a follow-up that follow-ups.ics reminds you' },
  'sort.out_dir': { default: 'batches', kind: 'text', description: 'folder `leads sort` writes the batches under (relative: to the current folder)' },
};

export type Settings = Record<string, string>;

/** Stored values over the defaults. */
export function withDefaults(stored: Settings): Settings {
  const out: Settings = {};
  for (const [k, spec] of Object.entries(SETTINGS)) out[k] = stored[k] ?? spec.default;
  return out;
}

export function intSetting(s: Settings, key: string): number {
  return Number(s[key] ?? SETTINGS[key].default);
}

const SWITCH: Record<string, boolean> = { on: true, off: false, yes: true, no: false, true: true, false: false, '1': true, '0': false };

/** Checks a `leads config set KEY VALUE` and returns the value to store. */
export function validateSetting(key: string, value: string): string {
  const spec = SETTINGS[key];
  if (!spec) throw new UsageError(`unknown setting ${key}; the settings are: ${Object.keys(SETTINGS).join(', ')}`);
  const v = value.trim();
  if (spec.kind === 'int' && !/^\d+$/.test(v)) throw new UsageError(`${key} must be a whole number`);
  if (spec.kind === 'country' && !/^[A-Za-z]{2}$/.test(v)) throw new UsageError(`${key} must be a two-letter country code such as US`);
  // the From address of every email batch: a typo would go out on each of them
  if (spec.kind === 'email' && v && !looksLikeEmail(v)) throw new UsageError(`${key} does not look like an email address`);
  if (spec.kind === 'switch') {
    const on = SWITCH[v.toLowerCase()];
    if (on === undefined) throw new UsageError(`${key} takes on or off`);
    return on ? 'on' : 'off';
  }
  return spec.kind === 'country' ? v.toUpperCase() : v;
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
