// The settings: every one with its value and default, one of them, a change to one.
import type { DB } from '../store/db.js';
import { currentSettings, readSettings, writeSetting } from '../store/settings.js';
import { settingRows, validateSetting, type SettingRow, type Settings } from '../core/settings.js';
import { UsageError } from '../core/errors.js';

/** Every setting: the stored value, else the default. */
export function currentSettingsOf(db: DB): Settings {
  return currentSettings(db);
}

export function settingList(db: DB): SettingRow[] {
  return settingRows(readSettings(db));
}

/** One setting (its default when never set); an unknown key is a usage error. */
export function settingOf(db: DB, key: string): SettingRow {
  const row = settingList(db).find((s) => s.key === key);
  if (!row) throw new UsageError(`unknown setting ${key}; leads config lists them`);
  return row;
}

/**
 * Checks and stores a setting; the value as stored. The database is opened only once the
 * value passed: `config set` may create it, and a rejected value must leave nothing behind.
 */
export function changeSetting(open: () => DB, key: string, raw: string): string {
  const value = validateSetting(key, raw);
  const db = open();
  db.transaction(() => writeSetting(db, key, value)).immediate();
  return value;
}
