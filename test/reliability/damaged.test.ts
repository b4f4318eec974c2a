// A damaged database file: truncated, its first page (the schema) overwritten, or bytes
// overwritten in the middle. Every command run on it must end with exit 0 or 1, never a
// stack trace; a failing command prints one `leads: ` line and leaves the file's bytes as
// they were. Where SQLite sees the damage on opening (truncated file, schema page) that is
// every command; damage in the middle is seen only by what reads those pages, and by
// `leads doctor` and `leads backup`, which read them all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leads, leadsAwaited, tempWorkspace } from '../helpers/cli.js';
import { figure, peopleCsv } from './util.js';

let ws: ReturnType<typeof tempWorkspace>;
let pristine: string;
let csv: string;
const env = () => ({ XDG_CONFIG_HOME: join(ws.dir, 'config') });

beforeAll(() => {
  ws = tempWorkspace();
  csv = join(ws.dir, 'people.csv');
  writeFileSync(csv, peopleCsv(3000));
  const db = ws.db;
  expect(leads(['import', csv], { db }).code).toBe(0);
  for (const id of ['1', '2', '3']) expect(leads(['log', id, '2'], { db }).code).toBe(0);
  // fold the WAL into the file: the damage is done to the one file that holds everything
  const d = new Database(db);
  d.pragma('wal_checkpoint(TRUNCATE)');
  d.close();
  pristine = join(ws.dir, 'pristine.db');
  copyFileSync(db, pristine);
});
afterAll(() => ws.cleanup());

const COMMANDS: string[][] = [
  ['list'], ['show', '5'], ['show', '2000', '--json'], ['find', 'P5'], ['due'], ['report'], ['report', '--period', 'month', '--json'], ['report', '--by', 'hour'], ['away'],
  ['export', '--out', 'EXPORT'], ['export', '--format', 'json', '--out', 'EXPORT.json'], ['export', '--lead', '5'], ['imports'], ['batches'], ['codes'], ['config'],
  ['log', '5', '1'], ['log', '2', '--undo'], ['add', '--first', 'New', '--phone', '(617) 555-0999'], ['edit', '5', '--first', 'Y'],
  ['note', '5', 'hello'], ['import', 'CSV'], ['sort', '--out', 'OUT'], ['config', 'set', 'sender.name', 'Bob'],
  ['dnc', '7'], ['merge', '8', '9'], ['codes', 'add', '12', 'meeting', '--action', 'callback'], ['release', '5', '--yes'], ['forget', '6', '--yes'], ['backup', 'BACKUP'], ['doctor'],
];

type Damage = 'truncated' | 'schema page' | 'middle';

function damage(file: string, how: Damage) {
  const size = statSync(file).size;
  if (how === 'truncated') truncateSync(file, Math.floor(size / 2 / 4096) * 4096 + 1000);
  else {
    // the schema page: from the end of the file header to the end of page 1 (4096 bytes)
    const [at, length] = how === 'schema page' ? [100, 3996] : [Math.floor(size / 2 / 4096) * 4096 + 100, 2048];
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(length, 0xde), 0, length, at);
    closeSync(fd);
  }
}

/** Every command on its own copy of the damaged file; awaited, as thirty runs in a row would hold the thread. */
async function runAll(how: Damage) {
  const damaged = join(ws.dir, `damaged-${how}.db`);
  copyFileSync(pristine, damaged);
  damage(damaged, how);
  const bytes = readFileSync(damaged);
  const results: { args: string[]; code: number; stderr: string; unchanged: boolean }[] = [];
  for (const [i, cmd] of COMMANDS.entries()) {
    const db = join(ws.dir, `run-${i}`, 'leads.db');
    rmSync(join(ws.dir, `run-${i}`), { recursive: true, force: true });
    mkdirSync(join(ws.dir, `run-${i}`));
    for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
    copyFileSync(damaged, db);
    const args = cmd.map((a) => (a === 'CSV' ? csv : a === 'OUT' ? join(ws.dir, `out-${i}`) : a === 'BACKUP' ? join(ws.dir, `backup-${how}-${i}.db`) : a.startsWith('EXPORT') ? join(ws.dir, `export-${how}-${i}${a.slice(6)}`) : a));
    const r = await leadsAwaited(args, { db, env: env() });
    // what a failed command left: the main file's bytes, and nothing committed in a -wal
    let unchanged = readFileSync(db).equals(bytes);
    if (unchanged && existsSync(`${db}-wal`) && statSync(`${db}-wal`).size > 0) unchanged = false;
    results.push({ args: cmd, code: r.code, stderr: r.stderr, unchanged });
  }
  return results;
}

describe('a damaged database file', () => {
  for (const how of ['truncated', 'schema page'] as Damage[]) {
    it(`${how}: every command exits 1 with one clear line and writes nothing; doctor names the damage`, async () => {
      const results = await runAll(how);
      for (const r of results) {
        const what = `leads ${r.args.join(' ')}: ${r.stderr}`;
        expect(r.code, what).toBe(1);
        expect(r.stderr, what).toMatch(/^leads: [^\n]+\n$/);
        expect(r.stderr, what).toMatch(/damaged|malformed|not a database/);
        expect(r.stderr, what).not.toMatch(/internal error|\.js:\d+/);
        expect(r.unchanged, what).toBe(true);
      }
      const doctor = results.find((r) => r.args[0] === 'doctor')!;
      expect(doctor.stderr).toMatch(how === 'truncated' ? /truncated/ : /damaged/);
      figure(`damaged database (${how})`, `${results.length} commands: all exit 1, one line, file unchanged`);
    });
  }

  it('overwritten in the middle: no stack trace, failures write nothing, doctor and backup name the damage', async () => {
    const results = await runAll('middle');
    let failed = 0;
    const noticed: string[] = [];
    for (const r of results) {
      const what = `leads ${r.args.join(' ')}: ${r.stderr}`;
      expect([0, 1], what).toContain(r.code);
      expect(r.stderr, what).not.toMatch(/internal error|\.js:\d+/);
      if (r.code === 1) {
        failed++;
        if (/damaged|malformed|integrity/.test(r.stderr)) noticed.push(r.args.join(' '));
        expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('leads: ')).length, what).toBeGreaterThan(0);
        expect(r.unchanged, what).toBe(true);
      }
    }
    const doctor = results.find((r) => r.args[0] === 'doctor')!;
    expect(doctor.code).toBe(1);
    expect(doctor.stderr).toMatch(/integrity_check/);
    // forget rebuilds the whole file: it checks every page first and refuses, writing nothing
    const forget = results.find((r) => r.args[0] === 'forget')!;
    expect(forget.code).toBe(1);
    expect(forget.stderr).toMatch(/^leads: the database file is damaged, so nothing was erased/);
    const backup = results.find((r) => r.args[0] === 'backup')!;
    expect(backup.code).toBe(1);
    expect(backup.stderr).toMatch(/failed its integrity check/);
    figure('damaged database (middle)', `${results.length} commands: ${failed} exit 1, ${noticed.length} of them naming the damage (${noticed.join('; ')}), none a stack trace; no failure wrote anything`);
  });
});
