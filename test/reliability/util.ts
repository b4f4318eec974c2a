// Shared by the reliability tests: reading a database from outside the program, a seeded
// random source (a failure names its seed), a run of the binary that can be killed, and
// the figures each test leaves for the README's "What we test" table.
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { leadsAsync, ROOT } from '../helpers/cli.js';

export function query<T = Record<string, unknown>>(db: string, sql: string, ...params: unknown[]): T[] {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

export const scalar = (db: string, sql: string, ...params: unknown[]) =>
  Object.values(query(db, sql, ...params)[0] ?? {})[0] as number;

/** integrity_check and foreign_key_check, as SQLite reports them. */
export function health(db: string) {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: (d.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; '),
      foreignKeys: d.pragma('foreign_key_check') as unknown[],
    };
  } finally {
    d.close();
  }
}

/** mulberry32 */
export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the binary; with `killAfter` ms, sends SIGKILL then (if it is still running). */
export function runAsync(args: string[], o: { db: string; env?: Record<string, string>; cwd?: string }, killAfter?: number) {
  return new Promise<Ended>((resolve) => {
    const start = Date.now();
    const child = leadsAsync(args, o);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = killAfter === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfter);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - start });
    });
  });
}

/** A line for the README table: `RELIABILITY_FIGURES=file npm test` collects them. */
export function figure(check: string, text: string): void {
  const file = process.env.RELIABILITY_FIGURES ?? join(tmpdir(), 'leads-reliability-figures.txt');
  appendFileSync(file, `${check}\t${text}\n`);
}

/** A small CSV of known people; row i has phone (617) 555-(1000+i) and email p{i}@x.example. */
export function peopleCsv(rows: number, from = 0): string {
  const out = ['first_name,last_name,company,phone,email'];
  for (let i = from; i < from + rows; i++) {
    out.push(`P${i},L${i % 97},Co ${i % 500},(${200 + (i % 700)}) ${200 + ((i >> 4) % 700)}-${String(i % 10000).padStart(4, '0')},p${i}@x.example`);
  }
  return out.join('\n') + '\n';
}

// Another process holding the write lock, as an import's one transaction does: it says
// "held" on stdout once BEGIN IMMEDIATE has it, and lets go when told on stdin.
const HOLDER = `
const db = new (require('better-sqlite3'))(process.argv[1], { fileMustExist: true });
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('reliability.lock', 'held')").run();
process.stdout.write('held\\n');
process.stdin.setEncoding('utf8').once('data', (how) => {
  db.exec(how.trim() === 'commit' ? 'COMMIT' : 'ROLLBACK');
  db.close();
  process.stdout.write('let go\\n');
});
`;

/** Holds the write lock of `db` from another process: `held` once it has it, `letGo` commits or rolls back its one row and ends it. */
export function holdWriteLock(db: string) {
  const child = spawn(process.execPath, ['-e', HOLDER, db], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const said = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const look = () => out.includes(`${line}\n`) && resolve();
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        look();
      });
      child.once('exit', (code) => (out.includes(`${line}\n`) ? resolve() : reject(new Error(`the lock holder ended (${code}) before "${line}"`))));
    });
  const held = said('held');
  const ended = new Promise((resolve) => child.once('exit', resolve));
  return {
    held,
    async letGo(how: 'commit' | 'rollback' = 'rollback') {
      child.stdin.end(`${how}\n`);
      await ended;
    },
    kill: () => child.exitCode === null && child.kill('SIGKILL'),
  };
}
