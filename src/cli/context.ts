// What a command gets: its I/O, the database (opened on first use), the clock, the prompter.
import { resolve } from 'node:path';
import type { DB } from '../store/db.js';
import { changeCounter, openDatabase, resolveDbPath } from '../store/db.js';
import { clockFrom } from '../core/dates.js';
import { createIO, type IO, type Readable, type Writable } from './io.js';
import { whenInterrupted } from './interrupt.js';

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
  now(): Date;
  prompter(): Promise<Prompter>;
  /** What an interruption (Ctrl-C) now leaves, said as the run's last line: the command tells it as its work goes on. */
  whenInterrupted(describe: () => string): void;
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
      });
      // SQLite counts the rows this connection changed: none means nothing was changed
      const changes = changeCounter(opened);
      const baseline = changes();
      whenInterrupted(() =>
        changes() > baseline
          ? 'every change made before this moment is saved; the one under way was not'
          : 'nothing was changed',
      );
      return (db = opened);
    },
    prompter: async () => {
      if (deps.prompter) return deps.prompter;
      const { inquirerPrompter } = await import('./prompter.js');
      return inquirerPrompter(io);
    },
    whenInterrupted,
    close: () => {
      if (db?.open) db.close();
    },
  };
}
