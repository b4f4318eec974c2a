// Running leads the way a user does: the program's entry point in this process with
// buffers (piped, or a fake TTY with a scripted prompter), or the built binary in a child
// process where the process itself is what a test is about.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { inject } from 'vitest';
import { main } from '../../dist/cli/main.js';
import type { Prompter } from '../../dist/cli/context.js';
import type { Interruption } from '../../dist/cli/interrupt.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'leads.js');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A temporary folder with an empty leads database in it (a copy of one the program made,
 * test/helpers/empty-database.ts; `{ database: false }`: only its path); `cleanup()`
 * removes it.
 */
export function tempWorkspace(o: { database?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'leads-test-'));
  const db = join(dir, 'data', 'leads.db');
  if (o.database ?? true) {
    mkdirSync(dirname(db), { mode: 0o700 });
    copyFileSync(inject('emptyDatabase'), db);
  }
  return { dir, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The config folder a run gets unless it names one: beside its database. */
export const configHome = (db: string) => join(dirname(db), 'config');

/** The key the suppressions of a database run with the default environment are hashed with. */
export const suppressionKeyOf = (db: string) => Buffer.from(readFileSync(join(configHome(db), 'leads', 'suppression.key'), 'utf8').trim(), 'hex');

export interface RunOptions {
  db: string;
  env?: Record<string, string>;
  input?: string;
  cwd?: string;
}

function envFor(o: RunOptions): NodeJS.ProcessEnv {
  // a clean environment: no colour forced, no user database, a pinned "today" unless given,
  // the config folder (templates, the suppressions' key) beside the database, not the user's
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    LEADS_DB: o.db,
    LEADS_TODAY: '2026-11-24',
    XDG_CONFIG_HOME: configHome(o.db),
    ...o.env,
  };
}

/**
 * The program in this process, output piped (not a TTY): what the built binary prints and
 * returns, without the cost of starting Node for each run. Synchronous, like the spawn it
 * stands for: a worker thread runs `main()` while this thread waits for its answer. A test
 * of many runs or big files takes `leadsAwaited()`: a thread held past 60 s fails the run.
 */
export function leads(args: string[], o: RunOptions): Result {
  const w = runner();
  if (w.awaited) throw new Error(`leads ${args.join(' ')}: an awaited run has not ended: await it first`);
  const { run, end } = ask(w, args, o);
  for (;;) {
    const ended = Atomics.load(w.done, 0);
    const answer = ended === run ? take(w, run) : undefined;
    if (answer) return answer;
    // woken when the worker ends a run; a short wait when its answer is not readable yet
    Atomics.wait(w.done, 0, ended, waitFor(args, ended === run, end));
  }
}

/**
 * `leads()` awaited: the same run in the same worker, but this thread stays free while it
 * lasts, so vitest's worker can read its runner's answers (which it must within 60 s).
 * Runs are taken one at a time, in the order asked.
 */
export function leadsAwaited(args: string[], o: RunOptions): Promise<Result> {
  const w = runner();
  w.awaited++;
  const result = w.queue.then(async () => {
    const { run, end } = ask(w, args, o);
    for (;;) {
      const ended = Atomics.load(w.done, 0);
      const answer = ended === run ? take(w, run) : undefined;
      if (answer) return answer;
      const wait = Atomics.waitAsync(w.done, 0, ended, waitFor(args, ended === run, end));
      if (wait.async) await wait.value;
    }
  });
  w.queue = result.then(
    () => void w.awaited--,
    () => void w.awaited--,
  );
  return result;
}

const RUN_LIMIT_MS = 600_000;
interface Runner {
  worker: Worker;
  done: Int32Array;
  results: MessagePort;
  runs: number;
  /** awaited runs asked and not ended, and the end of the last of them */
  awaited: number;
  queue: Promise<void>;
  /** the process's zone when it started: a worker reads dates in the zone it began in */
  zone: string | undefined;
}
let started: Runner | undefined;

function runner(): Runner {
  // test files share a process one after another, and a file may set its own zone
  if (started?.zone === process.env.TZ) return started;
  if (started?.awaited) throw new Error(`TZ changed to ${process.env.TZ} while a run in ${started.zone} has not ended: await it first`);
  void started?.worker.terminate();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./cli-worker.mjs', import.meta.url), {
    workerData: { done, results: port2 },
    transferList: [port2],
  });
  // the worker serves every file of the process: it must not keep the process alive after them
  worker.unref();
  return (started = { worker, done, results: port1, runs: 0, awaited: 0, queue: Promise.resolve(), zone: process.env.TZ });
}

/** Hands a run to the worker; runs are numbered, so an answer is taken only for its own run. */
function ask(w: Runner, args: string[], o: RunOptions) {
  // the zone is the process's, fixed when a date is first read: another one needs the binary
  if (o.env?.TZ !== undefined && o.env.TZ !== process.env.TZ) {
    throw new Error(`leads ${args.join(' ')}: TZ=${o.env.TZ} needs its own process: use leadsProcess()`);
  }
  const run = ++w.runs;
  w.worker.postMessage({ run, args, env: envFor(o), cwd: o.cwd ?? process.cwd(), input: o.input ?? '' });
  return { run, end: Date.now() + RUN_LIMIT_MS };
}

/** The answer to `run` if it can be read now; an earlier run's answer left over is dropped. */
function take(w: Runner, run: number): Result | undefined {
  for (;;) {
    const answer = receiveMessageOnPort(w.results)?.message as (Result & { run: number }) | undefined;
    if (!answer) return undefined;
    if (answer.run === run) return { code: answer.code, stdout: answer.stdout, stderr: answer.stderr };
  }
}

/** How long to wait for the worker: briefly once it has ended the run (the answer is on its way). */
function waitFor(args: string[], ended: boolean, end: number): number {
  const left = end - Date.now();
  if (left <= 0) throw new Error(`leads ${args.join(' ')}: no answer in ${RUN_LIMIT_MS / 1000} s (did the worker die?)`);
  return ended ? 10 : left;
}

/**
 * The built binary, output piped (not a TTY). Only where the process is the point: its exit
 * status, its time zone, its handling of signals and pipes; each caller says which.
 */
export function leadsProcess(args: string[], o: RunOptions): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: envFor(o),
    input: o.input ?? '',
    cwd: o.cwd,
    encoding: 'utf8',
  });
  return { code: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

/** `leadsProcess()` awaited: the thread stays free while the process runs. */
export function leadsProcessAwaited(args: string[], o: RunOptions) {
  return awaitedProcess(process.execPath, [BIN, ...args], { env: envFor(o), input: o.input, cwd: o.cwd });
}

/**
 * A program run to its end like spawnSync, but awaited: a test of several processes never
 * holds its thread (vitest's worker must read its runner's answers within 60 s).
 */
export async function awaitedProcess(command: string, args: string[], o: { env: NodeJS.ProcessEnv; input?: string; cwd?: string }) {
  const child = spawn(command, args, { env: o.env, cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // a program that exits before reading its input closes the pipe: that is not the test's error
  child.stdin.on('error', () => {});
  child.stdin.end(o.input ?? '');
  const [status, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code: status ?? 128, status, signal, stdout, stderr };
}

/** The built binary without waiting: for concurrency and kill tests. */
export function leadsAsync(args: string[], o: RunOptions) {
  return spawn(process.execPath, [BIN, ...args], { env: envFor(o), cwd: o.cwd });
}

/**
 * The program in-process, with buffers for stdout/stderr and optionally a fake TTY and
 * prompter; `stderrColumns` makes stderr a terminal of that width.
 */
export async function leadsInProcess(
  args: string[],
  o: RunOptions & { tty?: boolean; prompter?: Prompter; columns?: number; stderrColumns?: number; interruption?: Interruption },
): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: o.tty ?? false });
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: o.tty ?? false, columns: o.columns ?? 100 },
    stderr: { write: (s: string) => (stderr += s), isTTY: o.stderrColumns !== undefined, columns: o.stderrColumns },
    stdin,
    env: envFor(o),
    cwd: o.cwd ?? process.cwd(),
    prompter: o.prompter,
    ...(o.interruption && { interruption: o.interruption }),
  });
  return { code, stdout, stderr };
}

/** Answers prompts from a list, in order; fails the test if asked more than scripted. */
export function scriptedPrompter(answers: (string | boolean)[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    if (!answers.length) throw new Error(`unexpected prompt: ${message}`);
    return answers.shift()!;
  };
  return {
    asked,
    input: async (m) => String(next(m)),
    confirm: async (m) => Boolean(next(m)),
    key: async (m) => String(next(m)),
  };
}

export const ANSI = /\u001b\[/;
