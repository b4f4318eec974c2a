// What a command gets: its I/O, the database (opened on first use), the clock, the prompter.
import { resolve } from 'node:path';
import type { DB } from '../store/db.js';
import { busyWaitFrom, changeCounter, openDatabase, resolveDbPath, suppressionKeyFile } from '../store/db.js';
import { clockFrom } from '../core/dates.js';
import { createIO, type IO, type Readable, type Writable } from './io.js';
import { newInterruption, type Interruption } from './interrupt.js';
import { BUSY_LINE, busyWait } from './busy.js';

/**
 * Scripted in tests; the real one (inquirer, raw keys) is loaded only by commands that ask.
 * Every method rejects with Cancelled (exit 130) on Ctrl-C.
 */
export interface Prompter {
  input(message: string, opts?: { default?: string }): Promise<string>;
  confirm(message: string, opts?: { default?: boolean }): Promise<boolean>;
  /**
   * One of `keys`, as typed: a key that is a whole choice and the start of no other is taken
   * at once (one keystroke); a longer choice (`12`) is typed and ended with Enter.
   */
  key(message: string, keys: string[], opts?: KeyOptions): Promise<string>;
}

/** What a choice prompt can say while it waits (the call session's card). */
export interface KeyOptions {
  /** the one line said for a key that begins no choice, in place of the bell */
  miss?: (typed: string) => string;
  /** the choice Enter takes when nothing is typed */
  enter?: string;
  /** on a terminal, drawn before the prompt and redrawn each second: a running clock */
  status?: () => string;
  /** lines that came up while waiting (a dial command that failed), shown above the prompt */
  notices?: () => string[];
}

export interface Context {
  io: IO;
  env: NodeJS.ProcessEnv;
  /** the folder the paths the user types are read against (files, `--out`, `--db`) */
  cwd: string;
  /** looking inside, decided once from the environment: guides on the PDF pages */
  debug: { pdfGuides: boolean };
  dbPath: string;
  /**
   * The database, opened (and migrated) on first use. Only the commands that create data
   * pass `create`: any other command on a missing database is an error, never a new file.
   */
  db(options?: { create?: boolean }): DB;
  /**
   * A write that finds the database held by another process says so in one line on
   * stderr (once a run) and waits inside SQLite, where only the signals' own action ends
   * it. After this call, such a write is given up after a second (SQLITE_BUSY) instead,
   * for a caller that says it waits and tries again with the event loop turning between
   * tries, so that its own Ctrl-C handling is heard (the call session).
   */
  retryWhenBusy(): void;
  now(): Date;
  prompter(): Promise<Prompter>;
  /**
   * What an interruption (Ctrl-C, SIGTERM, SIGHUP) or a full disk now leaves, said as the
   * run's last line: each command tells it as its work goes on. Until it does, the line
   * says whether this run has changed anything yet.
   */
  whenInterrupted(describe: () => string): void;
  /**
   * The end of a run that went well and wrote: an erase an earlier `leads forget` could not
   * finish (a full disk, a folder it could not write) is finished now, and told on stderr. A
   * run that only read pays nothing for it (`leads show` between two calls stays instant).
   */
  settle(): Promise<void>;
  close(): void;
}

export interface Deps {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable & NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** replaces the inquirer prompter (tests) */
  prompter?: Prompter;
  /** the run's account of what an interruption leaves; bin/leads.js tells it on a signal */
  interruption?: Interruption;
}

export interface GlobalOptions {
  db?: string;
  color?: boolean;
}

export async function createContext(deps: Deps, global: GlobalOptions): Promise<Context> {
  const io = await createIO(deps, deps.env, global.color === false);
  const dbPath = resolve(deps.cwd, resolveDbPath(global.db, deps.env));
  const now = clockFrom(deps.env);
  let db: DB | undefined;
  // SQLite counts the rows this connection changed: none means nothing was changed
  let changes = () => 0;
  let baseline = 0;
  let told: (() => string) | undefined;
  const interruption = deps.interruption ?? newInterruption();
  // output sent to a file or a pipe (`leads export > file`) and stopped part-way is not whole
  const cutShort = () => !io.stdout.isTTY && (io.stdout.bytesWritten ?? 0) > 0;
  interruption.say(() => {
    if (told) return told();
    if (changes() > baseline) return 'every change saved before this moment stays saved; the one under way, if any, was not';
    return cutShort() ? 'the output was cut short; the database is as it was' : 'nothing was changed';
  });
  let busyTold = false;
  let retrying = false;
  const sayBusy = () => {
    if (!busyTold) io.err(BUSY_LINE);
    busyTold = true;
  };
  return {
    io,
    env: deps.env,
    cwd: deps.cwd,
    debug: { pdfGuides: deps.env.LEADS_PDF_GUIDES === '1' },
    dbPath,
    now,
    db: (options) => {
      if (db) return db;
      const opened = openDatabase(dbPath, undefined, {
        create: options?.create ?? false,
        onCreate: () => io.err(`leads: made a new database at ${dbPath}`),
        suppressionKeyFile: suppressionKeyFile(deps.env),
        whenBusy: busyWait(sayBusy, () => retrying),
        busyWaitMs: busyWaitFrom(deps.env),
      });
      changes = changeCounter(opened);
      baseline = changes();
      return (db = opened);
    },
    retryWhenBusy: () => void (retrying = true),
    prompter: async () => {
      if (deps.prompter) return deps.prompter;
      const { inquirerPrompter } = await import('./prompter.js');
      return inquirerPrompter(io);
    },
    whenInterrupted: (describe) => void (told = describe),
    settle: async () => {
      if (!db?.open || db.readonly || changes() === baseline) return;
      // the check is one read; the erase's own modules load only when there is one to finish
      const { unfinishedErase } = await import('../store/forget.js');
      if (!unfinishedErase(db).length) return;
      const [{ finishLeftErase }, { templatesDir }, { printLeftErase }] = await Promise.all([
        import('../services/forget.js'),
        import('../batches/templates.js'),
        import('./erase-view.js'),
      ]);
      const r = await finishLeftErase(db, { dbPath, templatesDir: templatesDir(deps.env) });
      if (r) printLeftErase(io, r);
    },
    close: () => {
      if (!db?.open) return;
      // what the run changed stays told after the database is closed
      const final = changes();
      changes = () => final;
      db.close();
    },
  };
}
