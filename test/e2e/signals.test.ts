// Ctrl-C (SIGINT), a shutdown (SIGTERM) and a closed terminal (SIGHUP) at many moments of a
// backup, an export, a sort and an erase: whenever it lands, the last line says what is
// true (the copy whole or not made, the batch made or not, the person erased or not), the
// exit status is 128 + the signal's number, and no partial file or folder is left. After a
// kill -9, the next run removes what it left. A new database is made whole or not at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, leads, leadsAsync, leadsAwaited, tempWorkspace } from '../helpers/cli.js';
import { logCode, setSender } from '../helpers/batches.js';
import { peopleCsv, query } from '../reliability/util.js';

process.env.TZ = 'UTC';

let ws: ReturnType<typeof tempWorkspace>;
let base: string;
beforeAll(async () => {
  ws = tempWorkspace();
  base = ws.db;
  writeFileSync(join(ws.dir, 'people.csv'), peopleCsv(20_000));
  expect((await leadsAwaited(['import', join(ws.dir, 'people.csv')], { db: base })).code).toBe(0);
  await setSender(base);
  for (let id = 1; id <= 30; id++) await logCode(base, id, [2, 5, 6][id % 3]);
});
afterAll(() => ws.cleanup());

const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
const HOW = { SIGINT: 'interrupted', SIGTERM: 'stopped \\(SIGTERM\\)', SIGHUP: 'stopped: the terminal closed \\(SIGHUP\\)' } as const;
type Signal = keyof typeof SIGNALS;
const ORDER = Object.keys(SIGNALS) as Signal[];

/** A database of its own for one run: a copy of the shared one. */
function copyDb(name: string): string {
  const dir = join(ws.dir, name);
  mkdirSync(dir, { recursive: true });
  const db = join(dir, 'leads.db');
  copyFileSync(base, db);
  return db;
}

/**
 * Runs `leads ARGS` and sends `signal` `after` ms once `ready()` first holds (polled): a
 * moment inside the work, not in Node's start-up. Resolves with how it ended.
 */
function signalled(args: string[], db: string, signal: Signal, ready: () => boolean, after: number) {
  return new Promise<{ code: number | null; stderr: string; sent: boolean }>((resolve) => {
    const child = leadsAsync(args, { db });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    const poll = setInterval(() => {
      if (!ready()) return;
      clearInterval(poll);
      setTimeout(() => {
        sent = child.exitCode === null && child.kill(signal);
      }, after);
    }, 5);
    child.on('close', (code) => {
      clearInterval(poll);
      // Ended by the signal's default action with no line of ours: it came as the process was
      // exiting, after its handlers were gone, so the run went to its end and is judged so.
      const atExit = code === null && !/leads: (interrupted|stopped)/.test(stderr);
      resolve({ code: atExit ? 0 : code, stderr, sent });
    });
  });
}

const partials = (dir: string) => readdirSync(dir).filter((f) => /\.partial-|\.new-|\.leads-partial-/.test(f));
const MOMENTS = [0, 15, 40, 80, 150];

describe('a signal during a backup', () => {
  it.each(Object.keys(SIGNALS) as Signal[])('%s at many moments: the line says whether the copy is made; nothing partial is left', async (signal) => {
    const db = copyDb(`backup-${signal}`);
    const dir = join(ws.dir, `backup-${signal}`);
    for (const after of MOMENTS) {
      const target = join(dir, `copy-${after}.db`);
      const r = await signalled(['backup', target], db, signal, () => partials(dir).length > 0 || existsSync(target), after);
      const made = existsSync(target);
      if (r.code === 0) {
        expect(made).toBe(true);
      } else {
        expect(r.code, r.stderr).toBe(SIGNALS[signal]);
        const line = new RegExp(`^leads: ${HOW[signal]}: ${made ? `the backup ${target} is complete \\(\\d+ bytes\\)` : `no backup was made \\(nothing was written to ${target}\\); the database is as it was`}\\n$`);
        expect(r.stderr).toMatch(line);
      }
      if (made) {
        const copy = new Database(target, { readonly: true });
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        copy.close();
      }
      expect(partials(dir)).toEqual([]);
    }
  });
});

describe('a signal during an export to a file', () => {
  it('SIGINT, SIGTERM and SIGHUP in turn at many moments, of JSON and of a workbook: the file is whole or not there, and the line says which', async () => {
    const db = copyDb('export');
    const dir = join(ws.dir, 'export');
    const leadsCount = query<{ n: number }>(db, 'SELECT count(*) AS n FROM leads')[0].n;
    for (const [i, after] of MOMENTS.entries()) {
      const signal = ORDER[i % 3];
      const format = i % 2 ? 'xlsx' : 'json';
      const target = join(dir, `all-${after}.${format}`);
      const r = await signalled(['export', '--format', format, '--out', target], db, signal, () => partials(dir).length > 0 || existsSync(target), after);
      const made = existsSync(target);
      if (r.code !== 0) {
        expect(r.code, r.stderr).toBe(SIGNALS[signal]);
        expect(r.stderr).toMatch(new RegExp(`(^|\\n)leads: ${HOW[signal]}: ${made ? `${target} is written whole` : `no ${target} was made \\(nothing of it is left\\); the database is as it was`}\\n$`));
      }
      // a zip is whole when it ends with its directory's end record (PK 5 6, 22 bytes from the end with no comment)
      if (made && format === 'xlsx') expect(readFileSync(target).subarray(-22, -18).toString('hex')).toBe('504b0506');
      if (made && format === 'json') expect(JSON.parse(readFileSync(target, 'utf8'))).toHaveLength(leadsCount);
      expect(partials(dir)).toEqual([]);
    }
  });
  it('SIGINT, SIGTERM and SIGHUP in turn while a CSV is being written: each is heard mid-file, which is not made', async () => {
    const db = copyDb('export-csv');
    const dir = join(ws.dir, 'export-csv');
    for (const signal of ORDER) {
      const target = join(dir, `all-${signal}.csv`);
      const child = leadsAsync(['export', '--out', target], { db });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const ended = new Promise<number | null>((resolve) => child.on('close', resolve));
      // stopped while its partial file is there and its name is not: the rest of the file is
      // still to write when the signal lands (it waits, pending, until the run goes on)
      while (!partials(dir).length && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
      child.kill('SIGSTOP');
      expect(existsSync(target), 'the export ended before it could be stopped').toBe(false);
      child.kill(signal);
      child.kill('SIGCONT');
      expect(await ended, stderr).toBe(SIGNALS[signal]);
      expect(stderr).toMatch(new RegExp(`(^|\\n)leads: ${HOW[signal]}: no ${target} was made \\(nothing of it is left\\); the database is as it was\\n$`));
      expect(existsSync(target)).toBe(false);
      expect(partials(dir)).toEqual([]);
    }
  });
});

describe('a signal during an export to stdout sent to a file', () => {
  it('leads export > file: the line says the output was cut short, and the database is as it was', async () => {
    const db = copyDb('export-stdout');
    const target = join(ws.dir, 'export-stdout', 'all.csv');
    const fd = openSync(target, 'w');
    const child = spawn(process.execPath, [BIN, 'export'], { env: { PATH: process.env.PATH, TZ: 'UTC', LEADS_DB: db }, stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const ended = new Promise<number | null>((resolve) => child.on('close', resolve));
    // stopped once the export has begun to go out, with most of it still to write
    while (!statSync(target).size && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGSTOP');
    child.kill('SIGTERM');
    child.kill('SIGCONT');
    expect(await ended, stderr).toBe(143);
    expect(stderr).toBe('leads: stopped (SIGTERM): the output was cut short; the database is as it was\n');
  });
});

describe('a signal during a sort', () => {
  it('SIGINT, SIGTERM and SIGHUP in turn at many moments: the batch is made with its folder, or neither; no scratch folder is left', async () => {
    for (const [i, after] of [0, 100, 250, 500, 800, 1200].entries()) {
      const signal = ORDER[i % 3];
      const db = copyDb(`sort-${after}`);
      const out = join(ws.dir, `sort-${after}`, 'batches');
      const r = await signalled(['sort', '--out', out], db, signal, () => existsSync(out), after);
      const batches = query<{ id: number; out_dir: string }>(db, 'SELECT id, out_dir FROM batches');
      const folders = existsSync(out) ? readdirSync(out) : [];
      if (batches.length) expect(folders).toEqual(['2026-11-24']);
      else expect(folders).toEqual([]);
      if (r.code !== 0) {
        expect(r.code, r.stderr).toBe(SIGNALS[signal]);
        const said = batches.length ? `batch ${batches[0].id} is made and its files are in ${out}/2026-11-24` : 'no batch was made: the outcomes still wait for the next sort, and no batch files were left';
        expect(r.stderr).toMatch(new RegExp(`(^|\\n)leads: ${HOW[signal]}: ${said.replace(/[()]/g, '\\$&')}\\n$`));
      }
    }
  });
});

describe('a signal during forget', () => {
  it('SIGINT, SIGTERM and SIGHUP in turn: the line says whether the person is erased', async () => {
    for (const [i, after] of [0, 20, 60, 120, 250, 400].entries()) {
      const signal = ORDER[i % 3];
      const db = copyDb(`forget-${after}`);
      // ready once it has opened the database (its -wal appears)
      const r = await signalled(['forget', '2', '--yes'], db, signal, () => existsSync(`${db}-wal`), after);
      const erased = query<{ f: string | null }>(db, 'SELECT forgotten_at AS f FROM leads WHERE id = 2')[0].f !== null;
      if (r.code === 0) expect(erased).toBe(true);
      else {
        expect(r.code, r.stderr).toBe(SIGNALS[signal]);
        const said = erased ? "lead 2's personal data is erased" : 'nothing was erased from lead 2|nothing was changed';
        expect(r.stderr).toMatch(new RegExp(`(^|\\n)leads: ${HOW[signal]}: (${said})`));
      }
    }
  });
});

/** A process id that no process has now: one that has just ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('what a kill -9 leaves, the next run removes', () => {
  it('a backup\'s partial copy, an export\'s partial file, a sort\'s scratch folder, a new database\'s hidden file; a live run keeps its own', async () => {
    const dir = join(ws.dir, 'leftovers');
    mkdirSync(dir);
    const dead = deadPid();
    const live = process.pid;
    const db = copyDb('leftovers-db');
    for (const name of [`.copy.db.partial-${dead}`, `.copy.db.partial-${dead}-journal`, `.all.csv.partial-${dead}`, `.x.partial-${live}`]) writeFileSync(join(dir, name), 'half');
    mkdirSync(join(dir, `.leads-partial-${dead}-abc123`));
    writeFileSync(join(dir, `.leads-partial-${dead}-abc123`, 'letters.csv'), 'Zed');
    expect(leads(['backup', join(dir, 'copy.db')], { db }).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([`.x.partial-${live}`, 'copy.db']);
    // a sort into the folder, and an export
    mkdirSync(join(dir, `.leads-partial-${dead}-def456`));
    writeFileSync(join(dir, `.all.csv.partial-${dead}`), 'half');
    expect(leads(['export', '--out', join(dir, 'all.csv')], { db }).code).toBe(0);
    expect(leads(['sort', '--out', dir], { db }).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([`.x.partial-${live}`, '2026-11-24', 'all.csv', 'copy.db']);
    // a database being made
    const fresh = join(ws.dir, 'fresh');
    mkdirSync(fresh);
    writeFileSync(join(fresh, `.leads.db.new-${dead}`), 'SQLite format 3\0');
    expect(leads(['add', '--first', 'Ann'], { db: join(fresh, 'leads.db') }).code).toBe(0);
    expect(readdirSync(fresh)).toEqual(['leads.db']);
  });
});

describe('making a new database', () => {
  it('a kill -9 of the first command at any moment never leaves a file that blocks the next', async () => {
    const dir = join(ws.dir, 'first');
    const timed = Date.now();
    expect(leads(['add', '--first', 'Ann'], { db: join(dir, 'timed', 'leads.db') }).code).toBe(0);
    const span = Math.max(300, (Date.now() - timed) * 3);
    for (let i = 0; i < 12; i++) {
      const db = join(dir, String(i), 'leads.db');
      const child = leadsAsync(['add', '--first', 'Ann'], { db });
      // listened for at once: a run that ends before the kill has closed already
      const closed = new Promise((r) => child.on('close', r));
      await new Promise((r) => setTimeout(r, Math.floor((span * i) / 12)));
      child.kill('SIGKILL');
      await closed;
      if (existsSync(db)) expect(statSync(db).size).toBeGreaterThan(0);
      const next = leads(['add', '--first', 'Bo'], { db });
      expect(next.stderr, `killed at ${Math.floor((span * i) / 12)} ms`).not.toMatch(/empty file|not a leads database/);
      expect(next.code).toBe(0);
      expect(readdirSync(join(dir, String(i)))).toEqual(['leads.db']);
    }
  });

  it('two first commands at once: both go through, into one database', async () => {
    for (let i = 0; i < 5; i++) {
      const db = join(ws.dir, 'twins', String(i), 'leads.db');
      const ended = ['Ann', 'Bo'].map(
        (first) =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const c = leadsAsync(['add', '--first', first], { db });
            let stderr = '';
            c.stderr.on('data', (d) => (stderr += d));
            c.on('close', (code) => resolve({ code, stderr }));
          }),
      );
      const [a, b] = await Promise.all(ended);
      expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
      expect((a.stderr + b.stderr).match(/made a new database/g)).toHaveLength(1);
      expect(query(db, 'SELECT first_name FROM leads ORDER BY first_name')).toEqual([{ first_name: 'Ann' }, { first_name: 'Bo' }]);
    }
  });
});

describe('a closed pipe', () => {
  it('leads list | head -1 and leads export | head -1: the first line, then a quiet end (exit 0, nothing on stderr)', () => {
    for (const cmd of ['list', 'export']) {
      const err = join(ws.dir, `pipe-${cmd}.err`);
      const code = join(ws.dir, `pipe-${cmd}.code`);
      const r = spawnSync('sh', ['-c', `{ "${process.execPath}" "${BIN}" ${cmd} 2>"${err}"; echo $? > "${code}"; } | head -1`], {
        env: { PATH: process.env.PATH, LEADS_DB: base },
        encoding: 'utf8',
      });
      expect(r.stdout.split('\n')).toHaveLength(2);
      expect(readFileSync(err, 'utf8')).toBe('');
      expect(readFileSync(code, 'utf8').trim()).toBe('0');
    }
  });
});
