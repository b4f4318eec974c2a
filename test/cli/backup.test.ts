import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
const run = (args: string[]) => leadsInProcess(args, { db: ws.db });

beforeEach(async () => {
  ws = tempWorkspace();
  await run(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '(555) 100-2000']);
  await run(['add', '--first', 'Bo', '--last', 'Dunn']);
});
afterEach(() => ws.cleanup());

describe('leads backup FILE', () => {
  it('copies the database into a new 0600 file that passes integrity_check, and prints path and size', () => {
    const file = join(ws.dir, 'leads-backup.db');
    const r = leads(['backup', file], { db: ws.db });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const size = statSync(file).size;
    expect(r.stdout).toBe(`${file}\t${size} bytes\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const copy = new Database(file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    // one self-contained file: no -wal needed beside it
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.prepare('SELECT first_name FROM leads ORDER BY id').pluck().all()).toEqual(['Ann', 'Bo']);
    expect(copy.pragma('user_version', { simple: true })).toBe(new Database(ws.db, { readonly: true }).pragma('user_version', { simple: true }));
    copy.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    // the copy is a working database for leads
    expect(JSON.parse(leads(['show', '1', '--json'], { db: file }).stdout)).toMatchObject({ first_name: 'Ann' });
  });

  it('--json prints path and bytes', async () => {
    const file = join(ws.dir, 'b.db');
    const r = await run(['backup', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ path: file, bytes: statSync(file).size });
  });

  it('copies while another connection is writing: committed rows only, nobody waits', () => {
    const other = new Database(ws.db);
    other.pragma('busy_timeout = 100');
    other.exec('BEGIN IMMEDIATE');
    other.prepare("INSERT INTO leads (first_name, created_at, updated_at) VALUES ('Uncommitted', 'x', 'x')").run();
    try {
      const file = join(ws.dir, 'during.db');
      const r = leads(['backup', file], { db: ws.db });
      expect(r.code).toBe(0);
      const copy = new Database(file, { readonly: true });
      expect(copy.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(2);
      copy.close();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('refuses an existing file (exit 1) and leaves it as it was', async () => {
    const file = join(ws.dir, 'exists.db');
    writeFileSync(file, 'precious');
    const r = await run(['backup', file]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(`leads: ${file} exists already; a backup goes into a new file (nothing is overwritten)\n`);
    expect(readFileSync(file, 'utf8')).toBe('precious');
  });

  it('refuses the database file itself (exit 1)', async () => {
    const before = readFileSync(ws.db);
    expect((await run(['backup', ws.db])).code).toBe(1);
    expect(readFileSync(ws.db).equals(before)).toBe(true);
  });

  it('a name as long as a name may be: the copy is made whole, nothing half-made beside it', async () => {
    const name = `b-${'x'.repeat(250)}`;
    const r = await run(['backup', join(ws.dir, name)]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(join(ws.dir, name)).size).toBeGreaterThan(0);
    const longer = await run(['backup', join(ws.dir, `${name}yyyyy`)]);
    expect(longer.code).toBe(1);
    expect(longer.stderr).toMatch(/^leads: [^\n]*\n$/);
    expect(longer.stderr).not.toMatch(/internal error/);
  });

  it('a folder that does not exist is exit 1', async () => {
    const r = await run(['backup', join(ws.dir, 'no', 'such', 'b.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^leads: cannot create .*b\.db: no such folder\n$/);
  });

  it.each([
    [['backup'], /missing required argument 'file'/],
    [['backup', 'a.db', 'b.db'], /too many arguments/],
    [['backup', 'a.db', '--force'], /unknown option '--force'/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
