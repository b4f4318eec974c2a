// File modes under `umask 022` (the usual default, which leaves new files world-readable):
// every file leads creates holds personal data, so the database, its -wal and -shm, the
// backups (leads backup and the copy before a migration), batch files, the rejects file
// and export --out are 0600, and the folders leads creates 0700.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { awaitedProcess, BIN, tempWorkspace } from '../helpers/cli.js';
import { openDatabase, loadMigrations } from '../../dist/store/db.js';
import { figure, peopleCsv } from './util.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeAll(() => (ws = tempWorkspace({ database: false })));
afterAll(() => ws.cleanup());

const env = (db: string) => ({
  PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', LEADS_DB: db, LEADS_TODAY: '2026-11-24', XDG_CONFIG_HOME: join(ws.dir, 'config'),
});
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const line = (args: string[]) => `umask 022; exec ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}`;

/** The binary under umask 022, awaited: a test of many runs never holds its thread (vitest's limit is 60 s). */
async function leads022(args: string[], db: string) {
  const r = await awaitedProcess('sh', ['-c', line(args)], { env: env(db) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

/** Every file and folder under `dir` with its mode. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath ?? e.path, e.name);
    out[p.slice(dir.length + 1)] = mode(p);
  }
  return out;
}

describe('file modes with umask 022', () => {
  it('the database, its -wal and -shm while a command runs, and the folder made for it', async () => {
    const db = join(ws.dir, 'new', 'deeper', 'leads.db');
    const csv = join(ws.dir, 'people.csv');
    writeFileSync(csv, peopleCsv(20_000));
    const child = spawn('sh', ['-c', line(['import', csv])], { env: env(db) });
    const seen: Record<string, string> = {};
    const done = new Promise((r) => child.on('close', r));
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished && !(seen.wal && seen.shm)) {
      for (const [k, suffix] of [['wal', '-wal'], ['shm', '-shm']]) {
        try {
          seen[k] ??= mode(db + suffix);
        } catch {
          /* not there yet */
        }
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await done;
    expect(seen).toEqual({ wal: '600', shm: '600' });
    expect(mode(db)).toBe('600');
    expect(mode(dirname(db))).toBe('700');
    expect(mode(dirname(dirname(db)))).toBe('700');
  });

  it('backups, the copy before a migration, batch files, rejects and export --out', async () => {
    const db = join(ws.dir, 'data', 'leads.db');
    // a database one migration behind: the next run copies it before migrating
    const migrations = loadMigrations();
    openDatabase(db, migrations.slice(0, -1)).close();
    expect((await leads022(['add', '--first', 'Ann', '--last', 'Baker', '--email', 'ann@x.example', '--phone', '(617) 555-0100',
      '--street', '1 Main St', '--city', 'Boston', '--region', 'MA', '--postal-code', '02110'], db)).code).toBe(0);
    const bak = readdirSync(dirname(db)).filter((f) => f.endsWith('.bak'));
    expect(bak).toHaveLength(1);

    for (const [k, v] of [['sender.name', 'Sam'], ['sender.company', 'Co'], ['sender.street', '1 Market St'], ['sender.city', 'Springfield'],
      ['sender.region', 'IL'], ['sender.postal_code', '62701'], ['sender.phone', '(217) 555-0199'], ['sender.email', 'sam@seller.example']]) {
      expect((await leads022(['config', 'set', k, v], db)).code).toBe(0);
    }
    expect((await leads022(['log', '1', '2'], db)).code).toBe(0);
    const out = join(ws.dir, 'batches', 'new');
    const sort = await leads022(['sort', '--out', out], db);
    expect(sort.code, sort.stderr).toBe(0);

    const backup = join(ws.dir, 'backup.db');
    expect((await leads022(['backup', backup], db)).code).toBe(0);
    const bad = join(ws.dir, 'bad.csv');
    writeFileSync(bad, 'Name,Phone,Email\nAl Able,(212) 555-0101,al@x.example\n,,\n,,not-an-email\n');
    const rejects = join(ws.dir, 'rejects.csv');
    const imp = await leads022(['import', bad, '--rejects', rejects], db);
    expect(imp.code, imp.stderr).toBe(0);
    const exportCsv = join(ws.dir, 'export.csv');
    const exportJson = join(ws.dir, 'export.json');
    const exportLead = join(ws.dir, 'lead.json');
    expect((await leads022(['export', '--out', exportCsv], db)).code).toBe(0);
    expect((await leads022(['export', '--out', exportJson], db)).code).toBe(0);
    const one = await leads022(['export', '--lead', '1', '--out', exportLead], db);

    const files = modes(out);
    expect(Object.keys(files).length).toBeGreaterThan(3);
    for (const [p, m] of Object.entries(files)) {
      expect(m, p).toBe(statSync(join(out, p)).isDirectory() ? '700' : '600');
    }
    expect(mode(out)).toBe('700');
    expect(mode(dirname(out))).toBe('700');
    const singles = { db, bak: join(dirname(db), bak[0]), backup, rejects, exportCsv, exportJson, ...(one.code === 0 ? { exportLead } : {}) };
    for (const [k, p] of Object.entries(singles)) {
      expect(existsSync(p), k).toBe(true);
      expect(mode(p), k).toBe('600');
    }
    figure('file modes (umask 022)', `${Object.keys(singles).length + 2} files (database, -wal, -shm, backups, rejects, exports) and ${Object.keys(files).length} batch files/folders: 0600/0700`);
  });
});
