// Helpers for the cycle tests: leads put into the sales cycle the way a user does it
// (`leads add`, then `leads log ID 6`), and a look at the database behind the CLI.
import Database from 'better-sqlite3';
import { readFileSync, existsSync } from 'node:fs';
import { expect } from 'vitest';
import { leads, type RunOptions } from './cli.js';

/** Adds a lead by flags and returns its id. */
export function addLead(o: RunOptions, ...flags: string[]): number {
  const r = leads(['add', ...flags], o);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return Number(r.stdout.trim());
}

/** Logs a call with code 6 (finished lead): the lead enters the cycle at `quote`. */
export function finish(o: RunOptions, id: number): void {
  const r = leads(['log', String(id), '6'], o);
  expect(r.stderr, r.stderr).toBe('');
  expect(r.code).toBe(0);
}

/** A lead in the cycle, at quote: added, then logged with code 6. */
export function cycleLead(o: RunOptions, first: string, last = 'Lead'): number {
  const id = addLead(o, '--first', first, '--last', last);
  finish(o, id);
  return id;
}

export function stage(o: RunOptions, id: number, to: string, ...flags: string[]) {
  return leads(['stage', String(id), to, ...flags], o);
}

/** Runs and expects exit 0 with no error or warning (status lines on stderr are fine). */
export function ok(args: string[], o: RunOptions) {
  const r = leads(args, o);
  expect(r.stderr, `leads ${args.join(' ')}`).not.toMatch(/^leads: /m);
  expect(r.code, `leads ${args.join(' ')}`).toBe(0);
  return r;
}

/** The lead as `leads show ID --json` gives it, touches included. */
export function showLead(o: RunOptions, id: number) {
  const r = leads(['show', String(id), '--json'], o);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown> & { touches: Record<string, unknown>[] };
}

/** [channel, code or stage] of each touch, oldest first: a lead's history at a glance. */
export function history(o: RunOptions, id: number): string[] {
  return showLead(o, id).touches.map((t) => [t.channel, t.code ?? t.stage].filter((x) => x !== null).join(' '));
}

/** Reads the database directly (read-only), for what the CLI does not print. */
export function query<T = Record<string, unknown>>(db: string, sql: string, ...params: unknown[]): T[] {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare(sql).all(...params) as T[];
  } finally {
    conn.close();
  }
}

/** Writes to the database directly: only for states the CLI cannot reach on its own. */
export function exec(db: string, sql: string, ...params: unknown[]): void {
  const conn = new Database(db);
  try {
    conn.prepare(sql).run(...params);
  } finally {
    conn.close();
  }
}

/** The database file's bytes, and whether a WAL file is beside it (a dry run must leave both). */
export function fileState(db: string) {
  return { bytes: readFileSync(db), wal: existsSync(`${db}-wal`) ? readFileSync(`${db}-wal`) : null };
}

/** The ids of the call queue now, in calling order (`leads call --json`, engineer D). */
export function queueIds(o: RunOptions): number[] {
  const r = leads(['call', '--json', '--any-hour'], o);
  expect(r.stderr, r.stderr).not.toMatch(/^leads: /m);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { id: number }[]).map((e) => e.id);
}
