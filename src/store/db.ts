// Opening the database: where it lives, its file modes, pragmas and migrations.
import { storedNameKey } from '../core/import/names.js';
import Database from './sqlite.js';
import type BetterSqlite3 from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunError } from '../core/errors.js';

export type DB = BetterSqlite3.Database;

/**
 * How long a command waits for a database another leads is writing: as long as an import
 * of the largest supported file (a million rows) may hold it on a slow, busy machine. A
 * calling session's own writes take milliseconds.
 */
const BUSY_WAIT_MS = 15 * 60_000;

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** `--db`, else `$LEADS_DB`, else `$XDG_DATA_HOME/leads/leads.db` (XDG default ~/.local/share). */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  if (env.LEADS_DB) return env.LEADS_DB;
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'leads', 'leads.db');
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered SQL files `NNNN_name.sql`, in order; a file is read only when it is to be applied. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 4)),
      name: f,
      get sql() {
        return readFileSync(join(dir, f), 'utf8');
      },
    }));
}

/** Creates a file that must not exist yet, readable by the owner only. */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'wx', 0o600));
}

export interface OpenOptions {
  /** make the database when there is none (the commands that create data); default true */
  create?: boolean;
  /** told once, when the file was made by this call */
  onCreate?: () => void;
}

/**
 * Opens the database: folder 0700, file 0600 (SQLite gives the -wal and -shm files the mode
 * of the database), WAL with synchronous=FULL so a logged call survives a power cut,
 * foreign keys on, and a busy timeout so a sort or import waits for a running call session
 * instead of failing. A missing file is made only with `create`; a file that is not a leads
 * database is never taken over; a file this user cannot write is opened read-only.
 */
export function openDatabase(path: string, migrations: Migration[] = loadMigrations(), options: OpenOptions = {}): DB {
  const created = !existsSync(path) && createDatabaseFile(path, options.create ?? true);
  if (!created) refuseForeignFile(path);
  const readOnly = !created && !writable(path);
  let db: DB;
  try {
    db = readOnly ? openReadOnly(path) : new Database(path, { timeout: BUSY_WAIT_MS, fileMustExist: true });
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_CORRUPT') {
      throw damaged(path);
    }
    throw new RunError(`cannot open the database at ${path}: ${(e as Error).message}`);
  }
  try {
    const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
    // Read the version before any pragma that writes: a newer file is left untouched.
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new RunError(
        `the database ${path} is at schema version ${current}, newer than this leads (version ${latest}); ` +
          'upgrade leads to use it',
      );
    }
    if (current === 0 && !created && (db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number) > 0) {
      throw new RunError(`${path} is an SQLite file of another program, not a leads database; nothing was written (give --db the path of yours)`);
    }
    if (readOnly) {
      if (current < latest) throw new RunError(`the database ${path} is read-only and needs an upgrade this leads would write; copy it somewhere writable`);
    } else db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    setBusyWait(db, BUSY_WAIT_MS);
    registerNameKey(db);
    if (!readOnly) migrate(db, path, current, migrations);
    if (created) options.onCreate?.();
    return db;
  } catch (e) {
    db.close();
    // a database made by this call and not finished is not left behind as an empty file
    if (created) removeDatabase(path);
    if (e instanceof RunError) throw e;
    if ((e as { code?: string }).code === 'SQLITE_CORRUPT') {
      throw damaged(path);
    }
    throw new RunError(`cannot use the database at ${path}: ${(e as Error).message}`);
  }
}

/** Removes a database file with its -wal and -shm (one this run made and left unused). */
export function removeDatabase(path: string): void {
  for (const side of ['', '-wal', '-shm']) rmSync(path + side, { force: true });
}

/** Makes the empty file of a new database (and its 0700 folder), or says there is none. */
function createDatabaseFile(path: string, create: boolean): boolean {
  if (!create) {
    throw new RunError(`no database at ${path}: \`leads import FILE\` or \`leads add\` makes one there (or give --db the path of yours)`);
  }
  const cannot = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' ? 'permission denied' : code === 'EEXIST' || code === 'ENOTDIR' ? 'a part of its path is a file' : (e as Error).message;
    return new RunError(`cannot create the database at ${path}: ${why}`);
  };
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch (e) {
    throw cannot(e);
  }
  try {
    createPrivateFile(path);
    return true;
  } catch (e) {
    // made meanwhile by another leads: opened as any existing file is
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw cannot(e);
  }
}

/** An existing file that is not SQLite (an empty file included) is someone else's: refused. */
function refuseForeignFile(path: string): void {
  let head: Buffer;
  try {
    head = readHead(path, 16).head;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new RunError(`${path} is a folder, not a leads database (give --db the path of the file)`);
    throw new RunError(`cannot read the database at ${path}: ${code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
  if (!head.length) throw new RunError(`${path} is an empty file, not a leads database; nothing was written (give --db the path of yours)`);
  if (!isSqliteHeader(head)) {
    throw new RunError(`${path} is not a leads database (not an SQLite file); nothing was written (give --db the path of yours)`);
  }
}

/** Whether SQLite can write here: the file, and the folder where it makes the -wal and -shm. */
function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    if (!existsSync(`${path}-wal`)) accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A database this user cannot write, for reading. A WAL file on read-only media (no -wal,
 * a folder where no -shm can be made) cannot be opened by SQLite even read-only: its bytes
 * are read into memory instead, marked as a rollback-journal file.
 */
function openReadOnly(path: string): DB {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true, timeout: 10_000 });
    db.pragma('user_version');
    return db;
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_READONLY_DIRECTORY' && (e as { code?: string }).code !== 'SQLITE_CANTOPEN') throw e;
  }
  const bytes = readFileSync(path);
  // header bytes 18-19: the file format's write and read versions, 2 meaning WAL
  bytes[18] = 1;
  bytes[19] = 1;
  return new Database(bytes, { readonly: true });
}

/** How many rows this connection has changed so far, read again at each call: none since a reading means nothing was changed. */
export function changeCounter(db: DB): () => number {
  const total = db.prepare('SELECT total_changes()').pluck();
  return () => (db.open ? (total.get() as number) : 0);
}

/** What to tell the user of an error SQLite raised while a command ran, or null for any other error. */
export function databaseFailure(e: unknown): string | null {
  const code = (e as { code?: unknown })?.code;
  // a write refused by a database opened read-only, whatever its sub-code
  if (String(code ?? '').startsWith('SQLITE_READONLY')) return READ_ONLY;
  if (code === 'SQLITE_BUSY') return 'the database stayed busy too long; try again';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return `the database file is damaged (${(e as Error).message}); run \`leads doctor\``;
  return null;
}

/** SQLite could not write for lack of space: the disk holding the database is full. */
export function isDiskFull(e: unknown): boolean {
  return (e as { code?: unknown })?.code === 'SQLITE_FULL';
}

export const READ_ONLY = 'the database is read-only here (its file or folder cannot be written): nothing was changed';

function damaged(path: string): RunError {
  return new RunError(`the database file ${path} is damaged (${describeDamage(path)}); nothing was written; restore it from a backup`);
}

/** leads_name_key(first, last, company): the import's folded name key, for SQL (migration 0005, updateLead). */
function registerNameKey(db: DB): void {
  db.function('leads_name_key', { deterministic: true }, (f: unknown, l: unknown, c: unknown) =>
    storedNameKey(f as string | null, l as string | null, c as string | null),
  );
}

/**
 * What is wrong with a file SQLite finds malformed on opening, told from its 100-byte
 * header and its size: not SQLite's header, or shorter than the pages the header counts.
 */
function describeDamage(path: string): string {
  try {
    const { head, size } = readHead(path, 100);
    if (head.length < 100 || !isSqliteHeader(head)) return 'its header is not an SQLite header';
    const raw = head.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    const pages = head.readUInt32BE(28);
    if (size % pageSize || pages * pageSize > size) {
      return `truncated: its header counts ${pages} pages of ${pageSize} bytes, the file holds ${(size / pageSize).toFixed(1)}`;
    }
    return 'its schema page is overwritten or malformed';
  } catch (e) {
    return `unreadable: ${(e as Error).message}`;
  }
}

/**
 * Applies the pending migrations, each in its own transaction, recording its number in
 * user_version. A database that already holds data is first copied beside itself.
 */
function migrate(db: DB, path: string, current: number, migrations: Migration[]): void {
  const pending = migrations.filter((m) => m.version > current);
  if (!pending.length) return;
  if (current > 0) backupBeforeMigration(db, path, current);
  // A migration that makes a table again (SQLite's way to change a column's declaration)
  // drops the old one while other tables still refer to it: foreign keys are off while
  // migrations run (the pragma cannot change inside a transaction), and checked whole
  // before each one commits.
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of pending) {
      // exec() does not roll back a half-applied script by itself: the transaction does.
      const apply = db.transaction(() => {
        db.exec(m.sql);
        const broken = db.pragma('foreign_key_check') as { table: string }[];
        if (broken.length) throw new Error(`${broken.length} row(s) of ${broken[0].table} would point to a row that does not exist`);
        db.pragma(`user_version = ${m.version}`);
      });
      try {
        apply.immediate();
      } catch (e) {
        throw new RunError(`migration ${m.name} failed, the database is unchanged: ${(e as Error).message}`);
      }
    }
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

function backupBeforeMigration(db: DB, path: string, version: number): void {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const target = `${path}.v${version}-${stamp}.bak`;
  createPrivateFile(target);
  // VACUUM INTO writes a consistent copy into the empty file made above, keeping its mode.
  db.prepare('VACUUM INTO ?').run(target);
}

/** How long this connection's statements wait for another's write lock before SQLITE_BUSY. */
export function setBusyWait(db: DB, ms: number): void {
  db.pragma(`busy_timeout = ${Math.floor(ms)}`);
}

/** The connection's page cache, in KiB: smaller than better-sqlite3's 16 MB for a bulk load or a scan that rereads little. */
export function setPageCache(db: DB, kib: number): void {
  db.pragma(`cache_size = -${Math.floor(kib)}`);
}

/** The first `n` bytes of a file (fewer when it is shorter), and its size. */
function readHead(path: string, n: number): { head: Buffer; size: number } {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(n);
    const read = readSync(fd, head, 0, n, 0);
    return { head: head.subarray(0, read), size: fstatSync(fd).size };
  } finally {
    closeSync(fd);
  }
}

/** Whether a file's first bytes are SQLite's header string. */
function isSqliteHeader(head: Buffer): boolean {
  return head.toString('latin1', 0, 16) === 'SQLite format 3\0';
}
