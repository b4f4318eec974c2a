// What an import sets aside while it loads is named with the migration that made it: each
// name is in the schema the migrations make, made by the migration it names, and each
// trigger set aside does nothing for an import's touch (so loading without it loses nothing).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations } from '../../dist/store/db.js';
import { SET_ASIDE_IN_A_LOAD } from '../../dist/store/import-sink.js';
import { ROOT, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const named = [
  ...SET_ASIDE_IN_A_LOAD.indexes.map((x) => ({ ...x, type: 'index' })),
  ...SET_ASIDE_IN_A_LOAD.triggers.map((x) => ({ ...x, type: 'trigger' })),
];

describe('what a load sets aside', () => {
  it.each(named)('$type $name is in the schema, made by the migration $migration', ({ name, type, migration }) => {
    const db = new Database(ws.db, { readonly: true });
    try {
      expect(db.prepare('SELECT type FROM sqlite_master WHERE name = ?').pluck().get(name)).toBe(type);
    } finally {
      db.close();
    }
    // the migration by its topic: its number changes when lines of work are merged
    const file = loadMigrations().find((m: { name: string }) => m.name.endsWith(`_${migration}.sql`));
    expect(file, `a migration NNNN_${migration}.sql`).toBeDefined();
    expect(readFileSync(join(ROOT, 'migrations', file!.name), 'utf8')).toMatch(new RegExp(`CREATE ${type.toUpperCase()} ${name}\\b`));
  });

  it('each trigger set aside does nothing for an import touch: every other table is as before', () => {
    const db = new Database(ws.db);
    try {
      db.exec("INSERT INTO leads (id, first_name, created_at, updated_at) VALUES (1, 'Ann', '2026-11-24T10:00:00Z', '2026-11-24T10:00:00Z')");
      db.exec("INSERT INTO imports (id, file, sha256, started_at) VALUES (1, 'list.csv', '', '2026-11-24T10:00:00Z')");
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('touches', 'sqlite_sequence')").pluck().all() as string[]);
      const snapshot = () => Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all()]));
      const before = snapshot();
      for (const { name } of SET_ASIDE_IN_A_LOAD.triggers) expect(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name)).toBeDefined();
      db.exec("INSERT INTO touches (lead_id, at, channel, import_id, note) VALUES (1, '2026-11-24T10:00:00Z', 'import', 1, 'met at the fair')");
      expect(snapshot()).toEqual(before);
    } finally {
      db.close();
    }
  });
});
