// SQL for settings: a key-value table; defaults live in src/core/settings.ts.
import type { DB } from './db.js';
import { prepared } from './statements.js';
import { withDefaults, type Settings } from '../core/settings.js';

export function readSettings(db: DB): Record<string, string> {
  const rows = prepared(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export function writeSetting(db: DB, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

/** Every setting: the stored values over the defaults. */
export function currentSettings(db: DB): Settings {
  return withDefaults(readSettings(db));
}
