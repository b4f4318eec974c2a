// Opening the database: where it lives, its file modes, pragmas and migrations.
import { storedNameKey } from '../core/import/names.js';
import Database from './sqlite.js';
import type BetterSqlite3 from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statfsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunError } from '../core/errors.js';
import { isNoSpace, NameTaken, noRoom, notRegular, partialPath, publish, removeLeftovers, whyFileFailed } from '../disk/files.js';

export type DB = BetterSqlite3.Database;

/**
 * How long a command waits for a database another leads is writing: as long as an import
 * of the largest supported file (a million rows) may hold it on a slow, busy machine. A
 * calling session's own writes take milliseconds. `$LEADS_BUSY_WAIT` (seconds) sets it
 * otherwise, for a script that would rather give up sooner.
 */
const BUSY_WAIT_MS = 15 * 60_000;

/** The wait `$LEADS_BUSY_WAIT` asks for, in ms, else the default. */
export function busyWaitFrom(env: NodeJS.ProcessEnv): number {
  const asked = env.LEADS_BUSY_WAIT;
  if (asked === undefined || asked === '') return BUSY_WAIT_MS;
  if (!/^\d+(\.\d+)?$/.test(asked.trim())) throw new RunError(`LEADS_BUSY_WAIT must be a number of seconds, not "${asked}"`);
  return Number(asked) * 1000;
}

/**
 * How long a write waits quietly for a database another process holds before it says so:
 * long enough that a calling session's or a sort's commit of a moment passes unremarked.
 */
const QUIET_WAIT_MS = 1000;

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** `--db`, else `$LEADS_DB`, else `$XDG_DATA_HOME/leads/leads.db` (XDG default ~/.local/share). */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  if (env.LEADS_DB) return env.LEADS_DB;
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'leads', 'leads.db');
}

/** `$XDG_CONFIG_HOME/leads/suppression.key` (XDG default `~/.config`), beside the templates: the key of the suppressions (store/suppressions.ts). */
export function suppressionKeyFile(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'leads', 'suppression.key');
}

/** The key file of each open database, as its opener said (the environment decides where). */
const keyFiles = new WeakMap<DB, string>();

/** Where the key of a database's suppressions is, as given when it was opened. */
export function suppressionKeyFileOf(db: DB): string {
  const file = keyFiles.get(db);
  if (!file) throw new Error('the suppression key file of this database was not given when it was opened');
  return file;
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
  /** the key file of its suppressions (default: the one `suppressionKeyFile` finds in the process's environment) */
  suppressionKeyFile?: string;
  /** what the run does while a write waits for a database another process holds */
  whenBusy?: WhenBusy;
  /** how long a write waits for it before it gives up (SQLITE_BUSY); default 15 min */
  busyWaitMs?: number;
}

/** What a run does when a write finds the database held by another process (an import, a sort). */
export interface WhenBusy {
  /**
   * Before the write waits on: a line for the user, signals that end the wait. False to
   * give the write up at once instead (SQLITE_BUSY), for a caller that waits between tries.
   */
  waiting(): boolean;
  /** once that wait is over, the write begun or given up */
  waited(): void;
}

type Variant = (...params: unknown[]) => unknown;

/**
 * A connection whose writes, finding the database held by another process (an import is
 * one transaction of minutes), wait a second quietly, then say so and wait on as long as
 * an import may hold it. SQLite's busy handler waits without a word inside a synchronous
 * call, where no timer can fire: the first try has a short busy timeout, the second the
 * long one. A write takes the lock at a transaction's `.immediate()` (every write of the
 * services), or at a statement exec'd outside a transaction (the import's BEGIN IMMEDIATE,
 * VACUUM); both are tried again only when nothing of them had begun. A read of a WAL
 * database never waits for a writer.
 */
class Connection extends Database {
  constructor(
    path: string,
    private readonly whenBusy: WhenBusy | undefined,
    readonly busyWaitMs: number,
  ) {
    super(path, { timeout: busyWaitMs, fileMustExist: true });
  }

  override transaction<F extends (...params: any[]) => unknown>(fn: F): BetterSqlite3.Transaction<F> {
    let began = false;
    const t = super.transaction(function (this: unknown, ...params: unknown[]) {
      began = true;
      return fn.apply(this, params);
    }) as unknown as Record<'default' | 'deferred' | 'immediate' | 'exclusive', Variant>;
    const patient = (variant: Variant) =>
      (...params: unknown[]) => {
        // nested, it is a savepoint of a transaction that holds the lock already
        if (this.inTransaction) return variant(...params);
        began = false;
        return this.patiently(() => variant(...params), () => began);
      };
    const variants = {
      default: (...params: unknown[]) => t.default(...params),
      deferred: (...params: unknown[]) => t.deferred(...params),
      immediate: patient(t.immediate),
      exclusive: patient(t.exclusive),
    };
    for (const v of Object.values(variants)) Object.assign(v, variants, { database: this });
    return variants.default as unknown as BetterSqlite3.Transaction<F>;
  }

  override exec(sql: string): this {
    if (this.inTransaction) return super.exec(sql);
    return this.patiently(() => super.exec(sql), () => false);
  }

  /** `write` tried with a short busy timeout, then, when the database was held and nothing of it had begun, told and tried again with the long one. */
  private patiently<T>(write: () => T, begun: () => boolean): T {
    const quiet = Math.min(QUIET_WAIT_MS, this.busyWaitMs);
    setBusyWait(this, quiet);
    try {
      return write();
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || begun() || this.whenBusy?.waiting() === false) throw e;
    } finally {
      setBusyWait(this, this.busyWaitMs);
    }
    // the quiet second counts as part of the wait
    setBusyWait(this, this.busyWaitMs - quiet);
    try {
      return write();
    } finally {
      setBusyWait(this, this.busyWaitMs);
      this.whenBusy?.waited();
    }
  }
}

/**
 * Opens the database: folder 0700, file 0600 (SQLite gives the -wal and -shm files the mode
 * of the database), WAL with synchronous=FULL so a logged call survives a power cut,
 * foreign keys on, and a busy timeout so a sort or import waits for a running call session
 * instead of failing. A missing file is made only with `create`; a file that is not a leads
 * database is never taken over; a file this user cannot write is opened read-only.
 */
export function openDatabase(path: string, migrations: Migration[] = loadMigrations(), options: OpenOptions = {}): DB {
  // opening a named pipe or a device would wait on it, or read it without end
  const kind = notRegular(path);
  if (kind) throw new RunError(`${path} is ${kind}, not a leads database (give --db the path of the file)`);
  const created = !existsSync(path) && createDatabase(path, options.create ?? true, migrations);
  if (!created) refuseForeignFile(path);
  const readOnly = !created && !writable(path);
  let db: DB;
  try {
    db = readOnly ? openReadOnly(path) : new Connection(path, options.whenBusy, options.busyWaitMs ?? BUSY_WAIT_MS);
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
    if (current === 0 && (db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number) > 0) {
      throw new RunError(`${path} is an SQLite file of another program, not a leads database; nothing was written (give --db the path of yours)`);
    }
    if (readOnly) {
      if (current < latest) throw new RunError(`the database ${path} is read-only and needs an upgrade this leads would write; copy it somewhere writable`);
    } else setUp(db);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    setBusyWait(db, options.busyWaitMs ?? BUSY_WAIT_MS);
    registerNameKey(db);
    if (!readOnly) migrate(db, path, current, migrations);
    keyFiles.set(db, options.suppressionKeyFile ?? suppressionKeyFile(process.env));
    if (created) {
      made.set(db, db.pragma('data_version', { simple: true }) as number);
      options.onCreate?.();
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof RunError) throw e;
    if ((e as { code?: string }).code === 'SQLITE_CORRUPT') {
      throw damaged(path);
    }
    if (isDiskFull(e, path)) throw new RunError(`${databaseFull(e)}: nothing was changed; free space and go on`);
    throw new RunError(`cannot use the database at ${path}: ${(e as Error).message}`);
  }
}

/** Removes a database file with its -wal and -shm (one this run made and left unused). */
function removeDatabase(path: string): void {
  for (const side of ['', '-wal', '-shm']) rmSync(path + side, { force: true });
}

/** The connections that made their database, with its data_version once made (a number that changes when another connection commits). */
const made = new WeakMap<DB, number>();

/**
 * Closes a connection that made its database and removes the database when it holds only
 * its schema: the caller committed nothing to it (what is under way is rolled back), and
 * no other leads has written to it since or has it open. True when it was removed.
 */
export function dropUnusedDatabase(db: DB): boolean {
  const madeAt = made.get(db);
  if (madeAt === undefined || !db.open) return false;
  let untouched = false;
  try {
    if (db.inTransaction) db.prepare('ROLLBACK').run();
    // the write lock, taken at once or not at all: no other leads commits between this look and the close
    setBusyWait(db, 0);
    db.prepare('BEGIN IMMEDIATE').run();
    untouched = db.pragma('data_version', { simple: true }) === madeAt;
    db.prepare('ROLLBACK').run();
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
  } finally {
    db.close();
  }
  // the last connection to close a database removes its WAL: one still there is another leads's
  if (!untouched || existsSync(`${db.name}-wal`)) return false;
  removeDatabase(db.name);
  return true;
}

/**
 * What every connection that writes sets: WAL, and secure_delete, so what a change or an
 * erase deletes is overwritten in the file at once (an erase never waits on a rebuild).
 */
function setUp(db: DB): void {
  db.pragma('journal_mode = WAL');
  db.pragma('secure_delete = ON');
}

/**
 * Makes a new database at `path` whole or not at all: made and migrated under a hidden name
 * beside it, then linked into place, which never replaces a file that appeared meanwhile
 * (another first command at the same moment: its database is used). A kill at any moment
 * leaves no file at `path`, only the hidden one, which the next creation removes. Returns
 * false when another process made it first.
 */
function createDatabase(path: string, create: boolean, migrations: Migration[]): boolean {
  if (!create) {
    throw new RunError(`no database at ${path}: \`leads import FILE\` or \`leads add\` makes one there (or give --db the path of yours)`);
  }
  const cannot = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    const why = isDiskFull(e, path) ? noRoom(e) : code === 'EEXIST' || code === 'ENOTDIR' ? 'a part of its path is a file' : code ? whyFileFailed(e) : (e as Error).message;
    return new RunError(`cannot create the database at ${path}: ${why}; nothing was made`);
  };
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch (e) {
    throw cannot(e);
  }
  removeLeftovers(dirname(path));
  const fresh = partialPath(path, 'new');
  try {
    createPrivateFile(fresh);
    const db = new Database(fresh, { fileMustExist: true });
    try {
      setUp(db);
      db.pragma('synchronous = FULL');
      registerNameKey(db);
      migrate(db, fresh, 0, migrations);
      // secure_delete from its first write: nothing deleted from it is ever left in its free space
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'settings'").get()) {
        db.prepare("INSERT INTO settings (key, value) VALUES (?, '1')").run(FREE_SPACE_CLEAN);
      }
    } finally {
      // the last connection's close folds the WAL into the file and removes it
      db.close();
    }
    publish(fresh, path);
    return true;
  } catch (e) {
    if (e instanceof NameTaken) return false;
    throw e instanceof RunError ? e : cannot(e);
  } finally {
    for (const side of ['', '-journal', '-wal', '-shm']) rmSync(fresh + side, { force: true });
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

/**
 * What to tell the user of an error SQLite raised while a command ran, or null for any other
 * error. `kept` is what the run had kept when it stopped, told after a full disk.
 */
export function databaseFailure(e: unknown, kept = 'nothing was changed', path?: string): string | null {
  const code = (e as { code?: unknown })?.code;
  // a write refused by a database opened read-only, whatever its sub-code
  if (String(code ?? '').startsWith('SQLITE_READONLY')) return READ_ONLY;
  if (code === 'SQLITE_BUSY') return 'gave up waiting for another leads command to finish with the database; nothing of the write under way was saved, try again once it is done';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return `the database file is damaged (${(e as Error).message}); run \`leads doctor\``;
  if (isDiskFull(e, path)) return `${databaseFull(e)}: ${kept}; free space and go on`;
  if (REFUSED_WRITE.has(String(code))) {
    return `the disk refused a write to the database (a quota or a file size limit reached, or a failing disk): ${kept}`;
  }
  return null;
}

/** The setting that records that the file's free space holds nothing deleted (store/forget.ts). */
export const FREE_SPACE_CLEAN = 'state.free_space_clean';

export const READ_ONLY = 'the database is read-only here (its file or folder cannot be written): nothing was changed';
/** A full disk (or a used-up quota) under the database, in the words every message uses. */
export const databaseFull = (e: unknown): string => noRoom(e, 'the database');

/** SQLite's words for a write the disk did not take (it does not say why but for the main file). */
const REFUSED_WRITE = new Set(['SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_TRUNCATE', 'SQLITE_IOERR_SHMSIZE']);

/**
 * Whether an error is a full disk: SQLite's own (SQLITE_FULL) or the system's; or, given the
 * database's path, a write SQLite says was refused (of its -wal or -shm, where it gives no
 * reason) while the disk holding it has no room left.
 */
export function isDiskFull(e: unknown, path?: string): boolean {
  if ((e as { code?: unknown })?.code === 'SQLITE_FULL' || isNoSpace(e)) return true;
  if (!path || !REFUSED_WRITE.has(String((e as { code?: unknown })?.code))) return false;
  try {
    const fs = statfsSync(dirname(path));
    // less room than a few pages: nothing SQLite writes fits
    return fs.bavail * fs.bsize < 64 * 1024;
  } catch {
    return false;
  }
}

/** Whether a path ends like one of the files SQLite keeps beside a database (`x.db-journal`). */
export function sideFileOf(path: string): boolean {
  return /-(journal|wal|shm)$/i.test(basename(path));
}

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
        // another leads opening the same file may have applied it while this one waited
        if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
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
  let made = false;
  try {
    createPrivateFile(target);
    made = true;
    // VACUUM INTO writes a consistent copy into the empty file made above, keeping its mode.
    db.prepare('VACUUM INTO ?').run(target);
  } catch (e) {
    // a copy that could not be finished is no backup: not left behind to pile up on each try
    if (made) rmSync(target, { force: true });
    if (isDiskFull(e, path)) {
      const size = (statSync(path).size / 1_048_576).toFixed(1);
      throw new RunError(`${databaseFull(e)}: this leads upgrades the database, and first copies it beside itself (${size} MB); nothing was changed; free space and go on`);
    }
    throw new RunError(`the copy of the database made before its upgrade failed (${whyFileFailed(e)}); nothing was changed`);
  }
}

/** One table, index, trigger or view of a schema: its kind and its SQL as SQLite keeps it. */
export interface SchemaObject {
  type: string;
  name: string;
  sql: string;
}

/** The tables, indexes, triggers and views of a database (SQLite's own left out), by name. */
export function schemaOf(db: DB): Map<string, SchemaObject> {
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as SchemaObject[];
  return new Map(rows.map((r) => [r.name, { ...r, sql: r.sql.replace(/\s+/g, ' ').trim() }]));
}

/** The schema the migrations make: applied to an empty database in memory. */
export function migratedSchema(migrations: Migration[] = loadMigrations()): Map<string, SchemaObject> {
  const db = new Database(':memory:');
  try {
    registerNameKey(db);
    for (const m of migrations) db.exec(m.sql);
    return schemaOf(db);
  } finally {
    db.close();
  }
}

/** How long this connection's statements wait for another's write lock before SQLITE_BUSY. */
function setBusyWait(db: DB, ms: number): void {
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
