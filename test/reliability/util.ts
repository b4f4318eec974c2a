// Shared by the reliability tests: reading a database from outside the program, a seeded
// random source (a failure names its seed), a run of the binary that can be killed, and
// the figures each test leaves for the README's "What we test" table.
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leadsAsync } from '../helpers/cli.js';

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
