import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSync, readFileSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ANSI, leads, leadsProcess, leadsInProcess, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
const run = (args: string[]) => leadsInProcess(args, { db: ws.db });

/** The test's own connection with foreign keys off: how a bug or an outside tool breaks links. */
function tamper(sql: string) {
  const db = new Database(ws.db);
  db.pragma('foreign_keys = OFF');
  db.exec(sql);
  db.close();
}

beforeEach(async () => {
  ws = tempWorkspace();
  await run(['add', '--first', 'Ann', '--last', 'Baker']);
  await run(['add', '--first', 'Bo', '--last', 'Dunn']);
  await run(['note', '1', 'hello']);
});
afterEach(() => ws.cleanup());

describe('leads doctor', () => {
  it('a sound database: exit 0, checks ok, counts, and the program connection pragmas', async () => {
    const r = await run(['doctor', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({
      ok: true,
      problems: [],
      database: ws.db,
      integrity: 'ok',
      foreign_key_violations: {},
      orphans: { touches: 0, batch_items: 0, batch_items_crossed: 0, aliases: 0 },
      pragmas: { journal_mode: 'wal', synchronous: 2, foreign_keys: 1 },
      counts: { leads: { total: 2, prospect: 2, cycle: 0, sold: 0, disqualified: 0 }, touches: 3, imports: 0, batches: 0, pending_batch_items: 0 },
    });
    expect(d.pragmas.busy_timeout).toBeGreaterThanOrEqual(5000);
    expect(d.bytes).toBeGreaterThan(0);
    expect(d.schema_version).toBeGreaterThanOrEqual(1);
  });

  it('prints a readable report when piped, through the built binary', () => {
    const r = leadsProcess(['doctor'], { db: ws.db });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^database +.*leads\.db \(\d+\.\d MB, schema \d+\)$/m);
    for (const line of [/^integrity +ok$/m, /^foreign keys +ok$/m, /^orphans +none$/m, /^pragmas +journal_mode=wal synchronous=2 foreign_keys=1$/m,
      /^leads +2 \(prospect 2, cycle 0, sold 0, disqualified 0\)$/m, /^touches +3$/m]) expect(r.stdout).toMatch(line);
    expect(r.stdout).not.toMatch(/problem/);
  });

  it('counts a lead merged into another once: as the lead it went into', async () => {
    expect((await run(['merge', '1', '2'])).code).toBe(0);
    const r = await run(['doctor', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).counts.leads).toMatchObject({ total: 1, prospect: 1, merged: 1 });
    expect(leads(['doctor'], { db: ws.db }).stdout).toMatch(/^leads +1 \(prospect 1, cycle 0, sold 0, disqualified 0\); 1 merged into others$/m);
  });

  it('the schema as the migrations made it: a dropped table, trigger or index, or one made otherwise, is named (exit 1)', async () => {
    expect(JSON.parse((await run(['doctor', '--json'])).stdout).schema).toEqual({ missing: [], differing: [] });
    const db = new Database(ws.db);
    const [trigger] = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all() as string[];
    const [index] = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[];
    db.exec(`DROP TABLE suppressions; DROP TRIGGER ${trigger}; DROP INDEX ${index}; CREATE INDEX ${index} ON leads (city)`);
    db.close();
    const r = await run(['doctor', '--json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.schema).toEqual({ missing: [{ type: 'table', name: 'suppressions' }, { type: 'trigger', name: trigger }], differing: [{ type: 'index', name: index }] });
    expect(d.problems).toEqual(expect.arrayContaining([
      'schema: the table suppressions is missing (the migrations make it)',
      `schema: the trigger ${trigger} is missing (the migrations make it)`,
      `schema: the index ${index} differs from what the migrations made`,
    ]));
    const text = await run(['doctor']);
    expect(text.stdout).toMatch(new RegExp(`^schema +suppressions missing, ${trigger} missing, ${index} differs$`, 'm'));
  });

  it('a dropped settings table is named, where it once said ok', async () => {
    tamper('DROP TABLE settings');
    const r = await run(['doctor', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems).toContain('schema: the table settings is missing (the migrations make it)');
  });

  it('orphan touches and broken links: exit 1 naming them', async () => {
    tamper("INSERT INTO touches (lead_id, at, channel) VALUES (999, '2026-01-01T00:00:00.000Z', 'note')");
    const r = await run(['doctor', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('leads: doctor found 2 problem(s): foreign_key_check, orphan touches\n');
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ ok: false, foreign_key_violations: { touches: 1 }, orphans: { touches: 1 } });
    expect(d.problems).toEqual([
      'foreign_key_check: 1 row(s) of touches point to a row that does not exist',
      'orphan touches: 1 touch(es) of a lead that does not exist',
    ]);
    const text = await run(['doctor']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^problem +orphan touches: 1 touch/m);
  });

  it('orphan and crossed batch items: exit 1 naming them', async () => {
    tamper(`INSERT INTO batch_items (lead_id, touch_id, kind) VALUES (1, 999, 'letter');
            INSERT INTO batch_items (lead_id, touch_id, kind) VALUES (2, 1, 'email');`);
    const r = await run(['doctor', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).orphans).toMatchObject({ batch_items: 1, batch_items_crossed: 1 });
    expect(r.stderr).toMatch(/^leads: doctor found 3 problem\(s\): foreign_key_check, orphan batch items, crossed batch items\n$/);
  });

  it('an alias of a lead that is gone: exit 1', async () => {
    tamper('INSERT INTO lead_aliases (alias_id, lead_id) VALUES (50, 77)');
    const r = await run(['doctor']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/orphan aliases/);
  });

  it('a damaged page: exit 1 naming integrity_check, no stack trace', async () => {
    const db = new Database(ws.db);
    db.transaction(() => {
      const ins = db.prepare("INSERT INTO leads (first_name, last_name, created_at, updated_at) VALUES (?, ?, 'x', 'x')");
      for (let i = 0; i < 3000; i++) ins.run(`F${i}`, `L${i}`);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const root = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'leads_last_name'").pluck().get() as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = openSync(ws.db, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);
    const r = leads(['doctor', '--json'], { db: ws.db });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^leads: doctor found \d problem\(s\): integrity_check/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout).ok).toBe(false);
  });

  it('a file that is not a database: one clear line, exit 1, file untouched', () => {
    writeFileSync(ws.db, Buffer.alloc(8192, 0x42));
    const before = readFileSync(ws.db);
    for (const args of [['doctor'], ['doctor', '--json'], ['list']]) {
      const r = leads(args, { db: ws.db });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`leads: ${ws.db} is not a leads database (not an SQLite file); nothing was written (give --db the path of yours)\n`);
    }
    expect(readFileSync(ws.db).equals(before)).toBe(true);
    expect(statSync(ws.db).size).toBe(8192);
  });

  it('an unknown flag is exit 2', async () => {
    expect((await run(['doctor', '--fix'])).code).toBe(2);
  });

  it('colours problems on a terminal, never when piped', async () => {
    tamper("INSERT INTO touches (lead_id, at, channel) VALUES (999, '2026-01-01T00:00:00.000Z', 'note')");
    const tty = await leadsInProcess(['doctor'], { db: ws.db, tty: true, env: { TERM: 'xterm' } });
    expect(tty.code).toBe(1);
    expect(tty.stdout).toMatch(ANSI);
    expect(tty.stdout).toContain('orphan touches: 1');
    const piped = await run(['doctor']);
    expect(piped.stdout).not.toMatch(ANSI);
  });
});
