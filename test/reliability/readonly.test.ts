// A database this user cannot write (read-only media, or files mode 0400), run as a user
// who is not root (root passes every permission check): read commands and backup work and
// end; writes say the database is read-only; nothing is changed; a backup never leaves a
// partial file. Also the folders a user cannot write into.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { awaitedProcess, BIN, leadsAwaited } from '../helpers/cli.js';
import { peopleCsv } from './util.js';

const NOBODY = 65534;
let root: string;
let pristine: string;

/**
 * The binary as the user nobody, awaited: a test of several runs never holds its thread
 * (vitest's worker must read its runner's answers within 60 s).
 */
async function asNobody(args: string[], db: string) {
  const r = await awaitedProcess('runuser', ['-u', 'nobody', '--', process.execPath, BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: '/nonexistent', TZ: 'UTC', LEADS_DB: db, LEADS_TODAY: '2026-11-24' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** A folder owned by nobody holding a copy of the database (with the files given), all 0400. */
function readOnlyCopy(name: string, files: Record<string, string>, folderMode: number): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [suffix, from] of Object.entries(files)) {
    copyFileSync(from, join(dir, `leads.db${suffix}`));
    chownSync(join(dir, `leads.db${suffix}`), NOBODY, NOBODY);
    chmodSync(join(dir, `leads.db${suffix}`), 0o400);
  }
  chownSync(dir, NOBODY, NOBODY);
  chmodSync(dir, folderMode);
  return join(dir, 'leads.db');
}

beforeAll(async () => {
  // nobody must be able to reach the checkout: .ci/run makes the folders above it passable
  const reach = await asNobody(['--version'], '/nonexistent/leads.db');
  expect(reach.code, `the user nobody cannot run ${BIN} (${reach.stderr.trim()}): give the folders above it o+x`).toBe(0);
  root = mkdtempSync(join(tmpdir(), 'leads-ro-'));
  chmodSync(root, 0o755);
  const db = join(root, 'src', 'leads.db');
  const csv = join(root, 'people.csv');
  writeFileSync(csv, peopleCsv(20_000));
  expect((await leadsAwaited(['import', csv], { db })).code).toBe(0);
  pristine = db;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function out(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  chownSync(dir, NOBODY, NOBODY);
  return dir;
}

describe('a read-only database, as a user who is not root', () => {
  it('on read-only media (folder and file unwritable, no -wal): reads and backup work, writes say read-only', async () => {
    const db = readOnlyCopy('media', { '': pristine }, 0o500);
    const before = readFileSync(db);
    const list = await asNobody(['list', '--limit', '2'], db);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split('\n')[1]).toMatch(/^1\tP0 L0/);
    expect((await asNobody(['show', '2', '--json'], db)).code).toBe(0);
    const exported = await asNobody(['export', '--format', 'json'], db);
    expect(exported.code).toBe(0);
    expect(exported.stdout.includes('"first_name":"P19999"')).toBe(true);
    const dir = out('media-out');
    const backup = await asNobody(['backup', join(dir, 'b.db')], db);
    expect(backup.code, backup.stderr).toBe(0);
    expect(new Database(join(dir, 'b.db'), { readonly: true }).prepare('SELECT count(*) FROM leads').pluck().get()).toBe(20_000);
    const doctor = await asNobody(['doctor', '--json'], db);
    expect(doctor.code, doctor.stdout).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true, read_only: true, integrity: 'ok' });
    const csv = join(root, 'people.csv');
    for (const args of [['log', '1', '2'], ['add', '--first', 'Ann'], ['note', '1', 'hi'], ['config', 'set', 'sender.name', 'Sam'], ['import', csv], ['forget', '3', '--yes']]) {
      const r = await asNobody(args, db);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toBe('leads: the database is read-only here (its file or folder cannot be written): nothing was changed\n');
    }
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('files, -wal and -shm mode 0400 with changes still in the -wal: reads see them, backup ends with a whole copy', async () => {
    // a -wal and -shm as a running leads leaves them: copied while a connection holds them open
    const live = join(root, 'live.db');
    copyFileSync(pristine, live);
    const d = new Database(live);
    d.pragma('wal_autocheckpoint = 0');
    d.exec("UPDATE leads SET company = 'Walco' WHERE id <= 5000");
    const db = readOnlyCopy('wal', { '': live, '-wal': `${live}-wal`, '-shm': `${live}-shm` }, 0o755);
    d.close();
    expect(JSON.parse((await asNobody(['show', '1', '--json'], db)).stdout)).toMatchObject({ company: 'Walco' });
    const dir = out('wal-out');
    const backup = await asNobody(['backup', join(dir, 'b.db')], db);
    expect(backup.signal).toBeNull();
    expect(backup.code, backup.stderr).toBe(0);
    const copy = new Database(join(dir, 'b.db'), { readonly: true });
    expect(copy.prepare("SELECT count(*) FROM leads WHERE company = 'Walco'").pluck().get()).toBe(5000);
    copy.close();
    expect(readdirSync(dir)).toEqual(['b.db']);
    expect((await asNobody(['log', '1', '2'], db)).stderr).toMatch(/read-only/);
  });

  it('backup into a folder this user cannot write or create: exit 1, one line, nothing left', async () => {
    const db = readOnlyCopy('for-backup', { '': pristine }, 0o755);
    const closed = join(root, 'closed');
    mkdirSync(closed);
    for (const file of [join(closed, 'b.db'), join(closed, 'new', 'b.db')]) {
      const r = await asNobody(['backup', file], db);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^leads: cannot create [^\n]*b\.db: (permission denied in its folder|no such folder)\n$/);
    }
    expect(readdirSync(closed)).toEqual([]);
  });

  it('a database in a folder this user cannot create: exit 1, one line', async () => {
    const db = join(root, 'closed-too', 'sub', 'leads.db');
    mkdirSync(join(root, 'closed-too'));
    const r = await asNobody(['add', '--first', 'Ann'], db);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`leads: cannot create the database at ${db}: permission denied; nothing was made\n`);
    expect(existsSync(join(root, 'closed-too', 'sub'))).toBe(false);
  });
});
