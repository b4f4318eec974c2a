// Schema migrations: numbered SQL files applied in order, each in its own transaction,
// recorded in user_version; a newer database is refused untouched; a failed migration leaves
// the file as it was; an existing database is backed up (0600) before a migration runs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, openDatabase } from '../../dist/store/db.js';
import { leads, leadsAwaited, leadsProcess, ROOT, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace({ database: false })));
afterEach(() => ws.cleanup());

const REAL = loadMigrations();
const LATEST = REAL[REAL.length - 1].version;

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const backups = (db: string) => readdirSync(dirname(db)).filter((f) => f.endsWith('.bak'));

/** A migrations folder of its own: files given as {name: sql}. */
function migrationsDir(files: Record<string, string>): string {
  const dir = join(ws.dir, `migrations-${Object.keys(files).length}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

/** Reads a closed database without changing it. */
function inspect(path: string) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      tables: (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    };
  } finally {
    db.close();
  }
}

/**
 * A copy of the built program whose migrations folder has extra files: the binary finds its
 * migrations beside itself, so this is how a new (or broken) migration reaches it.
 */
function programWith(extra: Record<string, string>): string {
  const app = join(ws.dir, 'app');
  mkdirSync(app);
  for (const part of ['bin', 'dist', 'migrations', 'package.json']) cpSync(join(ROOT, part), join(app, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
  for (const [name, sql] of Object.entries(extra)) writeFileSync(join(app, 'migrations', name), sql);
  return join(app, 'bin', 'leads.js');
}

function run(bin: string, args: string[], db: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', LEADS_DB: db, LEADS_TODAY: '2026-11-24' },
    encoding: 'utf8',
    input: '',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const pad = (n: number) => String(n).padStart(4, '0');

describe('loadMigrations', () => {
  it('reads NNNN_name.sql files in number order and ignores anything else', () => {
    const dir = migrationsDir({
      '0002_second.sql': 'CREATE TABLE b (x);',
      '0001_first.sql': 'CREATE TABLE a (x);',
      'README.md': 'not a migration',
      '0003_draft.sql.orig': 'CREATE TABLE c (x);',
    });
    expect(loadMigrations(dir).map((m: { version: number; name: string }) => [m.version, m.name])).toEqual([
      [1, '0001_first.sql'],
      [2, '0002_second.sql'],
    ]);
  });

  it("the program's own migrations start at 0001 and have unique numbers", () => {
    expect(REAL[0].version).toBe(1);
    const numbers = REAL.map((m: { version: number }) => m.version);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});

describe('a fresh database', () => {
  it('gets every migration: user_version is the latest and the schema is there', () => {
    openDatabase(ws.db).close();
    const { version, tables } = inspect(ws.db);
    expect(version).toBe(LATEST);
    expect(tables).toEqual(expect.arrayContaining(['leads', 'touches', 'codes', 'batch_items', 'settings']));
    expect(backups(ws.db)).toEqual([]); // nothing to back up on a new file
  });

  it('applies a migrations folder in order', () => {
    const dir = migrationsDir({
      '0001_a.sql': 'CREATE TABLE a (x INTEGER) STRICT;',
      '0002_b.sql': 'ALTER TABLE a ADD COLUMN y TEXT; CREATE TABLE b (x TEXT) STRICT;',
    });
    openDatabase(ws.db, loadMigrations(dir)).close();
    expect(inspect(ws.db)).toEqual({ version: 2, tables: ['a', 'b'] });
  });
});

describe('re-opening', () => {
  it('is a no-op: same bytes, same user_version, no backup', () => {
    const db = openDatabase(ws.db);
    db.prepare("INSERT INTO settings (key, value) VALUES ('sender.name', 'Ann')").run();
    db.close();
    const before = readFileSync(ws.db);
    openDatabase(ws.db).close();
    openDatabase(ws.db).close();
    expect(readFileSync(ws.db).equals(before)).toBe(true);
    expect(inspect(ws.db).version).toBe(LATEST);
    expect(backups(ws.db)).toEqual([]);
  });

  it('through the binary too: a read command leaves the file as it was', () => {
    expect(leads(['add', '--first', 'Ann', '--last', 'Baker'], { db: ws.db }).code).toBe(0);
    const before = sha256(ws.db);
    expect(leadsProcess(['show', '1'], { db: ws.db }).code).toBe(0);
    expect(sha256(ws.db)).toBe(before);
    expect(backups(ws.db)).toEqual([]);
  });
});

describe('a database newer than the program', () => {
  it('is refused with exit 1, naming both versions, and its bytes are unchanged', () => {
    expect(leads(['add', '--first', 'Ann', '--last', 'Baker'], { db: ws.db }).code).toBe(0);
    const db = new Database(ws.db);
    db.pragma(`user_version = ${LATEST + 7}`);
    db.close();
    const bytes = readFileSync(ws.db);
    const hash = sha256(ws.db);

    for (const args of [['show', '1'], ['list'], ['add', '--first', 'Cy']]) {
      const r = leads(args, { db: ws.db });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(String(LATEST + 7));
      expect(r.stderr).toContain(String(LATEST));
      expect(r.stderr).toMatch(/^leads: .*newer/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(readFileSync(ws.db).equals(bytes)).toBe(true);
    expect(sha256(ws.db)).toBe(hash);
    expect(backups(ws.db)).toEqual([]);
    expect(existsSync(`${ws.db}-wal`)).toBe(false);
  });

  it('in-process: openDatabase throws a run-time error (exit 1) before any pragma writes', () => {
    const dir = migrationsDir({ '0001_a.sql': 'CREATE TABLE a (x TEXT) STRICT;' });
    // a file from a newer program, still in rollback-journal mode: not even WAL is switched on
    mkdirSync(dirname(ws.db), { recursive: true });
    const db = new Database(ws.db);
    db.exec('CREATE TABLE a (x TEXT) STRICT; CREATE TABLE z (x TEXT) STRICT;');
    db.pragma('user_version = 3');
    db.close();
    const hash = sha256(ws.db);
    expect(() => openDatabase(ws.db, loadMigrations(dir))).toThrow(/version 3.*version 1/);
    try {
      openDatabase(ws.db, loadMigrations(dir));
    } catch (e) {
      expect((e as { exitCode: number }).exitCode).toBe(1);
    }
    expect(sha256(ws.db)).toBe(hash);
    expect(readFileSync(ws.db).readUInt8(18)).toBe(1); // file format 1 = rollback journal, not WAL
  });
});

describe('a failing migration', () => {
  it('leaves the file as it was: user_version, tables and rows unchanged', () => {
    const good = { '0001_a.sql': "CREATE TABLE a (x TEXT) STRICT; INSERT INTO a VALUES ('kept');" };
    openDatabase(ws.db, loadMigrations(migrationsDir(good))).close();
    const before = sha256(ws.db);

    // the second file creates a table, changes a row, then fails half-way
    const bad = {
      ...good,
      '0002_b.sql': "CREATE TABLE b (x TEXT) STRICT; UPDATE a SET x = 'changed'; INSERT INTO no_such_table VALUES (1);",
    };
    expect(() => openDatabase(ws.db, loadMigrations(migrationsDir(bad)))).toThrow(
      /migration 0002_b\.sql failed, the database is unchanged/,
    );
    expect(inspect(ws.db)).toEqual({ version: 1, tables: ['a'] });
    const db = new Database(ws.db, { readonly: true });
    expect(db.prepare('SELECT x FROM a').pluck().all()).toEqual(['kept']);
    db.close();
    expect(sha256(ws.db)).toBe(before);
  });

  it('a later good migration in the same run is not applied after a failed one', () => {
    openDatabase(ws.db, loadMigrations(migrationsDir({ '0001_a.sql': 'CREATE TABLE a (x TEXT) STRICT;' }))).close();
    const files = {
      '0001_a.sql': 'CREATE TABLE a (x TEXT) STRICT;',
      '0002_b.sql': 'CREATE TABLE b (x TEXT) STRICT;',
      '0003_c.sql': 'CREATE TABLE c (x STRICT;',
      '0004_d.sql': 'CREATE TABLE d (x TEXT) STRICT;',
    };
    expect(() => openDatabase(ws.db, loadMigrations(migrationsDir(files)))).toThrow(/0003_c\.sql failed/);
    // each migration is its own transaction: 0002 stays applied, 0003 and 0004 are not
    expect(inspect(ws.db)).toEqual({ version: 2, tables: ['a', 'b'] });
  });

  it('through the binary: exit 1 with one line, the file unchanged', () => {
    expect(leads(['add', '--first', 'Ann', '--last', 'Baker'], { db: ws.db }).code).toBe(0);
    const hash = sha256(ws.db);
    const bin = programWith({ [`${pad(LATEST + 1)}_broken.sql`]: 'ALTER TABLE leads ADD COLUMN z TEXT; SELEC 1;' });
    const r = run(bin, ['show', '1'], ws.db);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^leads: migration ${pad(LATEST + 1)}_broken\\.sql failed, the database is unchanged`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(sha256(ws.db)).toBe(hash);
    expect(inspect(ws.db).version).toBe(LATEST);
    // the unchanged program still reads it
    expect(leads(['show', '1', '--json'], { db: ws.db })).toMatchObject({ code: 0 });
  });
});

describe('the backup before a migration', () => {
  it('appears beside an existing database, mode 0600, holding the data at the old version', () => {
    expect(leads(['add', '--first', 'Ann', '--last', 'Baker'], { db: ws.db }).code).toBe(0);
    const bin = programWith({ [`${pad(LATEST + 1)}_more.sql`]: 'ALTER TABLE leads ADD COLUMN nickname TEXT;' });
    const r = run(bin, ['show', '1', '--json'], ws.db);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(inspect(ws.db).version).toBe(LATEST + 1);

    const baks = backups(ws.db);
    expect(baks).toHaveLength(1);
    expect(baks[0]).toMatch(new RegExp(`^leads\\.db\\.v${LATEST}-\\d{8}T\\d{6}\\.bak$`));
    const bak = join(dirname(ws.db), baks[0]);
    expect(statSync(bak).mode & 0o777).toBe(0o600);
    expect(inspect(bak).version).toBe(LATEST);
    const copy = new Database(bak, { readonly: true });
    expect(copy.prepare('SELECT first_name FROM leads').pluck().all()).toEqual(['Ann']);
    copy.close();

    // migrated once: the next run neither migrates nor backs up again
    expect(run(bin, ['show', '1'], ws.db).code).toBe(0);
    expect(backups(ws.db)).toHaveLength(1);
  });

  it('is made before the migration, so a failed migration still leaves it', () => {
    expect(leads(['add', '--first', 'Ann'], { db: ws.db }).code).toBe(0);
    const bin = programWith({ [`${pad(LATEST + 1)}_broken.sql`]: 'SELEC 1;' });
    expect(run(bin, ['list'], ws.db).code).toBe(1);
    const baks = backups(ws.db);
    expect(baks).toHaveLength(1);
    expect(statSync(join(dirname(ws.db), baks[0])).mode & 0o777).toBe(0o600);
  });

  it('is not made for a new database', () => {
    const bin = programWith({ [`${pad(LATEST + 1)}_more.sql`]: 'ALTER TABLE leads ADD COLUMN nickname TEXT;' });
    expect(run(bin, ['add', '--first', 'Ann'], ws.db).code).toBe(0);
    expect(inspect(ws.db).version).toBe(LATEST + 1);
    expect(backups(ws.db)).toEqual([]);
  });
});

describe('0005: the name key of leads already there', () => {
  it('is filled for leads without phone, mobile or email, folded as an import folds names, and used by the next import', () => {
    const path = ws.db;
    mkdirSync(dirname(path), { recursive: true });
    openDatabase(path, REAL.filter((m) => m.version <= 4)).close();
    const old = new Database(path);
    const add = old.prepare("INSERT INTO leads (first_name, last_name, company, phone, phone_e164, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'x', 'x')");
    add.run('Zoë', 'Müller', null, null, null);
    add.run(null, null, 'ACME Widgets', null, null);
    add.run('Ann', 'Baker', null, '617-555-0134', '+16175550134');
    old.close();
    const db = openDatabase(path);
    expect(db.prepare('SELECT name_key FROM leads ORDER BY id').pluck().all()).toEqual(['zoe|muller|', '||acmewidgets', null]);
    db.close();
    const csv = join(ws.dir, 'again.csv');
    writeFileSync(csv, 'First Name,Last Name,Company\nZOE,Muller,\n,,Acme widgets\n');
    const r = leads(['import', csv, '--json'], { db: path });
    expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 0, duplicates_in_db: 2 });
  });
});

describe('the rebuild of the leads table that keeps ids from being reused', () => {
  const rebuild = REAL.find((m) => m.name.endsWith('_lead_ids_never_reused.sql'))!;

  /** Everything about the schema that must survive the rebuild, and every lead row. */
  function snapshot(path: string) {
    const db = new Database(path, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'sqlite_sequence' ORDER BY name").pluck().all() as string[];
      return {
        columns: db.pragma('table_info(leads)'),
        indexes: db.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all(),
        triggers: db.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all(),
        foreignKeys: Object.fromEntries(tables.map((t) => [t, db.pragma(`foreign_key_list(${t})`)])),
        leads: db.prepare('SELECT * FROM leads ORDER BY id').all(),
        touches: db.prepare('SELECT count(*) FROM touches').pluck().get(),
      };
    } finally {
      db.close();
    }
  }

  it('keeps every column, row, index, trigger and foreign key; foreign keys hold; the highest id is remembered', () => {
    const path = ws.db;
    mkdirSync(dirname(path), { recursive: true });
    openDatabase(path, REAL.filter((m) => m.version < rebuild.version)).close();
    const old = new Database(path);
    const add = old.prepare("INSERT INTO leads (first_name, phone, created_at, updated_at, shares_with) VALUES (?, ?, 'x', 'x', ?)");
    add.run('Ann', '617-555-0134', null);
    add.run('Bo', '617-555-0134', 1);
    add.run('Cy', null, null);
    old.prepare("INSERT INTO touches (lead_id, at, channel) VALUES (2, 'x', 'call')").run();
    old.prepare("INSERT INTO lead_aliases (alias_id, lead_id) VALUES (9, 1)").run();
    old.prepare('DELETE FROM leads WHERE id = 3').run();
    old.close();
    const before = snapshot(path);

    // the rebuild alone: later migrations change the schema on purpose
    openDatabase(path, REAL.filter((m) => m.version <= rebuild.version)).close();
    const after = snapshot(path);
    expect(after).toEqual(before);
    const db = new Database(path);
    try {
      expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'leads'").pluck().get()).toMatch(/id\s+INTEGER PRIMARY KEY AUTOINCREMENT/);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'leads'").pluck().get()).toBe(2);
    } finally {
      db.close();
    }
  });

  it('a lead id freed by an undo or a removal is never given again, by add or by import', () => {
    const path = ws.db;
    for (const first of ['Ann', 'Bo']) expect(leads(['add', '--first', first], { db: path }).code).toBe(0);
    const csv = join(ws.dir, 'list.csv');
    writeFileSync(csv, 'First Name,Phone\nCy,617-555-0103\nDi,617-555-0104\n');
    expect(leads(['import', csv], { db: path }).code).toBe(0);
    expect(leads(['imports', 'undo', '1', '--yes'], { db: path }).code).toBe(0);
    // ids 3 and 4 were given and taken back: the next lead is 5, and the next import goes on from 6
    expect(leads(['add', '--first', 'Ed'], { db: path }).stdout).toBe('5\n');
    writeFileSync(csv, 'First Name,Phone\nFay,617-555-0106\n');
    expect(leads(['import', csv], { db: path }).code).toBe(0);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT id, first_name FROM leads ORDER BY id').all()).toEqual([
        { id: 1, first_name: 'Ann' },
        { id: 2, first_name: 'Bo' },
        { id: 5, first_name: 'Ed' },
        { id: 6, first_name: 'Fay' },
      ]);
    } finally {
      db.close();
    }
  });

  it('a column the rebuild does not know makes the migration fail, the database unchanged, never a column lost', () => {
    const path = ws.db;
    mkdirSync(dirname(path), { recursive: true });
    const before = REAL.filter((m) => m.version < rebuild.version);
    openDatabase(path, before).close();
    const extra = migrationsDir({
      ...Object.fromEntries(before.map((m) => [m.name, m.sql])),
      [`${String(rebuild.version).padStart(4, '0')}_another_lines_column.sql`]: 'ALTER TABLE leads ADD COLUMN mood TEXT;',
      [rebuild.name.replace(/^\d{4}/, String(rebuild.version + 1).padStart(4, '0'))]: rebuild.sql,
    });
    expect(() => openDatabase(path, loadMigrations(extra)).close()).toThrow(/_lead_ids_never_reused\.sql failed, the database is unchanged/);
    const db = new Database(path, { readonly: true });
    try {
      expect((db.pragma('table_info(leads)') as { name: string }[]).map((c) => c.name)).toContain('mood');
    } finally {
      db.close();
    }
  });
});

describe('queue rotation: calls logged before calls kept the lead\'s clock', () => {
  it('are read on their lead\'s clock by the report at once, and given it by the next call logged', async () => {
    const path = ws.db;
    mkdirSync(dirname(path), { recursive: true });
    const rotation = REAL.find((m) => m.name.endsWith('_queue_rotation.sql'))!.version;
    openDatabase(path, REAL.filter((m) => m.version < rotation)).close();
    const old = new Database(path);
    const lead = old.prepare("INSERT INTO leads (first_name, phone, phone_e164, created_at, updated_at) VALUES (?, ?, ?, '2026-11-01T00:00:00.000Z', 'x')");
    lead.run('Ann', '(617) 555-0100', '+16175550100'); // New York
    lead.run('Bo', '(213) 555-0100', '+12135550100'); // Los Angeles
    const call = old.prepare("INSERT INTO touches (lead_id, at, channel, code) VALUES (?, ?, 'call', ?)");
    call.run(1, '2026-11-23T14:00:00.000Z', 1); // 9:00 in New York, Monday, reached
    call.run(2, '2026-11-23T17:30:00.000Z', 3); // 9:30 in Los Angeles
    call.run(2, '2026-11-23T22:00:00.000Z', 3); // 14:00 there
    old.close();
    const env = { LEADS_TODAY: '2026-11-24 12:00' };
    // awaited: the first run on the old database upgrades it, and on a loaded machine these held the thread 31 s
    const report = async () => JSON.parse((await leadsAwaited(['report', '--by', 'hour', '--json'], { db: path, env })).stdout);
    const before = await report();
    expect(before.hours.map((h: { hour: number; calls: number; reached: number }) => [h.hour, h.calls, h.reached])).toEqual([[9, 2, 1], [14, 1, 0]]);
    expect((await leadsAwaited(['add', '--first', 'Cy'], { db: path, env })).code).toBe(0);
    expect((await leadsAwaited(['log', '3', '2'], { db: path, env })).code).toBe(0);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT local_at FROM touches WHERE channel = 'call' ORDER BY id").pluck().all()).toEqual([
      '2026-11-23T09:00', '2026-11-23T09:30', '2026-11-23T14:00', '2026-11-24T12:00',
    ]);
    db.close();
    const after = await report();
    expect(after.hours.map((h: { hour: number; calls: number }) => [h.hour, h.calls])).toEqual([[9, 2], [12, 1], [14, 1]]);
  });
});
