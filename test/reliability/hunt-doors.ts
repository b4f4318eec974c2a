// The hunt's doors that need more than the program in this process: a small disk of its own
// filled to a generated room (down to none), and the built binary given SIGINT, SIGTERM or
// SIGHUP at a generated moment of its work. With each, what the run's last line claims is
// held against the database and the folder afterwards: a claim that nothing was changed
// means the database reads as before, "no X was made" means no X, "X is complete" means X.
import { expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statfsSync, statSync, watch, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { leadsAsync } from '../helpers/cli.js';

// ---- a small disk -----------------------------------------------------------------------

export interface Disk {
  /** the folder the disk is mounted on */
  path: string;
  /** Leaves `room` bytes free (0: not a byte), with a file of zeros. */
  fill(room: number): void;
  /** Removes the filler: room again. */
  free(): void;
  unmount(): void;
}

/** A tmpfs of its own under `dir` (mounting needs root, as CI and these sessions run), or null where it cannot be had. */
export function smallDisk(dir: string, size = '8m'): Disk | null {
  const path = join(dir, 'disk');
  mkdirSync(path, { recursive: true });
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path]).status !== 0) return null;
  const filler = join(path, '.filler');
  return {
    path,
    fill(room) {
      const fs = statfsSync(path);
      const fd = openSync(filler, 'w');
      try {
        const want = Math.max(0, fs.bavail * fs.bsize - room);
        const block = Buffer.alloc(256 * 1024);
        for (let done = 0; done < want; ) done += writeSync(fd, block, 0, Math.min(block.length, want - done));
        // no room at all: the last bytes too
        if (room === 0) for (;;) writeSync(fd, block, 0, 512);
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    unmount() {
      // lazily: a file a failed run left open must not keep the disk, nor its folder's removal
      spawnSync('umount', ['-l', path]);
    },
  };
}

/** What a message may never say on a full disk: SQLite's or the system's own words, or a cause that is not the one. */
export const RAW_DISK = /ENOSPC|EFBIG|SQLITE_|disk I\/O error|database or disk is full|refused a write/;

// ---- reading a database from outside ----------------------------------------------------

/**
 * Runs `read` on a copy of the database (with its -wal, so what was committed shows) on
 * another disk: a full disk has no room for the -shm a reader of a WAL database needs, and
 * a process ended by a signal leaves its -wal behind.
 */
export function fromCopy<T>(db: string, read: (d: Database.Database) => T): T {
  const scratch = mkdtempSync(join(tmpdir(), 'leads-hunt-copy-'));
  try {
    const copy = join(scratch, 'leads.db');
    copyFileSync(db, copy);
    if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${copy}-wal`);
    const d = new Database(copy);
    try {
      return read(d);
    } finally {
      d.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Every row of every table, in one string: a change anywhere shows. */
export function contentOf(db: string): string {
  return fromCopy(db, (d) => {
    const tables = d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    const cell = (_k: string, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v);
    // rows in a fixed order, whatever the table's keys (some have no rowid)
    return JSON.stringify(tables.map((t) => [t, d.prepare(`SELECT * FROM "${t}"`).raw().all().map((row) => JSON.stringify(row, cell)).sort()]));
  });
}

/** integrity_check and foreign_key_check as SQLite reports them: 'ok' and none when whole. */
export function wholeness(db: string): string {
  return fromCopy(db, (d) => {
    const integrity = d.pragma('integrity_check', { simple: true });
    const keys = d.pragma('foreign_key_check') as unknown[];
    return `${integrity}${keys.length ? `; foreign keys: ${JSON.stringify(keys)}` : ''}`;
  });
}

/** Every file and folder under `dir` (relative), with its size: what a run left shows. */
export function filesUnder(dir: string): Map<string, number> {
  const found = new Map<string, number>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        found.set(`${p}/`, 0);
        walk(p);
      } else found.set(p, e.isFile() ? statSync(join(dir, p)).size : 0);
    }
  };
  walk('');
  return found;
}

/** A file of a run being made, or one a stopped run left half-made. */
export const PARTIAL = /\.partial-|\.new-\d|\.leads-partial-/;

/** What is new or changed under the run's folder since `before`, but the database's own files and the filler. */
export function newFiles(before: Map<string, number>, now: Map<string, number>): string[] {
  return [...now].filter(([p, size]) => before.get(p) !== size && !/^leads\.db(-wal|-shm|-journal)?$|^\.filler$/.test(p)).map(([p]) => p);
}

// ---- a real process and a signal --------------------------------------------------------

export const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type Signal = keyof typeof SIGNALS;
const HOW: Record<Signal, string> = { SIGINT: 'interrupted', SIGTERM: 'stopped (SIGTERM)', SIGHUP: 'stopped: the terminal closed (SIGHUP)' };

/**
 * When the signal is sent, counted from an event of the run: the process started; the
 * database opened (its -wal appears); its first output; a file made in its folder (a
 * partial copy, a batch folder); then `delay` ms more.
 */
export interface Moment {
  signal: Signal;
  after: 'start' | 'open' | 'output' | 'file';
  delay: number;
}

export interface Signalled {
  code: number | null;
  /** the signal the process died of, where it had no handler yet (still in Node's start-up) */
  killedBy: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  sent: boolean;
}

/** Runs the binary in `dir` and sends the moment's signal when it comes (not at all if the run ends first). */
export function signalled(args: string[], o: { db: string; env: Record<string, string>; dir: string }, m: Moment) {
  return new Promise<Signalled>((done) => {
    let sent = false;
    let timer: NodeJS.Timeout | undefined;
    let watcher: ReturnType<typeof watch> | undefined;
    // no argument of a process holds a NUL byte (a shell drops it too)
    const child = leadsAsync(args.map((a) => a.replaceAll('\0', '')), { db: o.db, env: o.env, cwd: o.dir });
    const send = () => {
      if (timer || sent) return;
      timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) sent = child.kill(m.signal);
      }, m.delay);
    };
    if (m.after === 'open' || m.after === 'file') {
      watcher = watch(o.dir, (_event, name) => {
        const ours = name !== null && /^leads\.db-(wal|journal)$/.test(name);
        if (m.after === 'open' ? ours : name !== null && !ours && !/^leads\.db/.test(name)) send();
      });
    }
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (m.after === 'output') send();
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      if (m.after === 'output') send();
    });
    child.on('spawn', () => m.after === 'start' && send());
    child.stdin.end();
    child.on('close', (code, killedBy) => {
      clearTimeout(timer);
      watcher?.close();
      done({ code, killedBy, stdout, stderr, sent });
    });
  });
}

export interface Before {
  content: string;
  files: Map<string, number>;
}

/** What the last line of a run a signal ended claims, once it is seen to name the signal. */
export function claimAfter(stderr: string, signal: Signal, what: string): string {
  const line = stderr.replace(/\n$/, '').split('\n').pop()!;
  const prefix = `leads: ${HOW[signal]}: `;
  expect(line.startsWith(prefix), `${what}: the last line names the signal`).toBe(true);
  return line.slice(prefix.length);
}

/**
 * What a run's last line claims was kept (after a signal, or a full disk), checked against
 * the run's folder and database (`before` as they stood when it began): returns the
 * claim's kind for the tally, or 'unchecked' for words the hunt does not know, whose
 * database is still checked whole.
 */
export function checkClaim(claim: string, dir: string, db: string, before: Before, what: string): string {
  const unchanged = (kind: string) => {
    expect(contentOf(db), `${what}: the line says "${claim}", yet the database changed`).toBe(before.content);
    return kind;
  };
  const notMade = (file: string) => {
    const rel = resolve(dir, file).slice(dir.length + 1);
    expect(filesUnder(dir).get(rel), `${what}: the line says no ${file} was made`).toBe(before.files.get(rel));
  };
  let m: RegExpMatchArray | null;
  if (claim === 'nothing was changed') {
    expect(newFiles(before.files, filesUnder(dir)), `${what}: nothing was changed, yet files were made`).toEqual([]);
    return unchanged('nothing changed');
  }
  if ((m = claim.match(/^no backup was made \(nothing was written to (.+)\); the database is as it was$/))) {
    notMade(m[1]);
    return unchanged('no backup made');
  }
  if ((m = claim.match(/^the backup (.+) is complete \((\d+) bytes\)$/))) {
    expect(statSync(resolve(dir, m[1])).size, `${what}: the backup's size`).toBe(Number(m[2]));
    expect(wholeness(resolve(dir, m[1])), `${what}: the backup`).toBe('ok');
    return 'backup complete';
  }
  if ((m = claim.match(/^no (.+) was made \(nothing of it is left\); the database is as it was$/))) {
    notMade(m[1]);
    return unchanged('no output made');
  }
  if ((m = claim.match(/^(.+) is written whole$/))) {
    expect(existsSync(resolve(dir, m[1])), `${what}: the line says ${m[1]} is written`).toBe(true);
    return 'output written';
  }
  if (claim === 'no batch was made: the outcomes still wait for the next sort, and no batch files were left') {
    expect(newFiles(before.files, filesUnder(dir)), `${what}: no batch files were left`).toEqual([]);
    return unchanged('no batch made');
  }
  if ((m = claim.match(/^batch (\d+) is made(?: and its files are in (.+))?$/))) {
    expect(fromCopy(db, (d) => d.prepare('SELECT count(*) FROM batches WHERE id = ?').pluck().get(Number(m![1]))), `${what}: the batch`).toBe(1);
    if (m[2]) expect(existsSync(resolve(dir, m[2])), `${what}: the batch's folder`).toBe(true);
    return 'batch made';
  }
  if (/^the (outcome for|note on|change to|do-not-contact change for) lead \d+ was not saved$|^the new lead was not saved$|^nothing was erased from lead \d+$|^nothing of this import( of .+)? was saved(;.*)?$/.test(claim)) {
    return unchanged('not saved');
  }
  if ((m = claim.match(/^the new lead is saved as lead (\d+)$/))) {
    expect(fromCopy(db, (d) => d.prepare('SELECT count(*) FROM leads WHERE id = ?').pluck().get(Number(m![1]))), `${what}: the new lead`).toBe(1);
    return 'saved';
  }
  if ((m = claim.match(/^the (outcome for|note on) lead (\d+) is saved$/))) {
    expect(contentOf(db), `${what}: the line says it is saved, yet the database is as it was`).not.toBe(before.content);
    return 'saved';
  }
  if (/^the (change to|do-not-contact change for) lead \d+ is saved$/.test(claim)) return 'saved';
  if ((m = claim.match(/^lead (\d+)'s personal data is erased/))) {
    expect(fromCopy(db, (d) => d.prepare('SELECT forgotten_at FROM leads WHERE id = ?').pluck().get(Number(m![1]))), `${what}: the erase`).not.toBeNull();
    return 'erased';
  }
  if ((m = claim.match(/^the import of .+ is saved \(import (\d+)\)/))) {
    expect(fromCopy(db, (d) => d.prepare('SELECT count(*) FROM imports WHERE id = ? AND undone_at IS NULL').pluck().get(Number(m![1]))), `${what}: the import`).toBe(1);
    return 'imported';
  }
  if ((m = claim.match(/^import (\d+) is undone/))) {
    expect(fromCopy(db, (d) => d.prepare('SELECT undone_at FROM imports WHERE id = ?').pluck().get(Number(m![1]))), `${what}: the undo`).not.toBeNull();
    return 'undone';
  }
  if (claim === 'every change saved before this moment stays saved; the one under way, if any, was not') return 'saved so far';
  return 'unchecked';
}
