// Helpers for the delivery tests: the mailbox and calendar settings, the password kept in a
// file that a password command prints, and every output collected for the secret's grep.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { leadsInProcess, type Result } from './cli.js';

/** What every run of a test file printed: the secret must be in none of it. */
export const outputs: string[] = [];

export async function run(args: string[], o: { db: string; env: Record<string, string> }): Promise<Result> {
  const r = await leadsInProcess(args, o);
  outputs.push(r.stdout, r.stderr);
  return r;
}

/** Sets each setting; fails the test if one is refused. */
export async function configure(db: string, env: Record<string, string>, settings: Record<string, string | number>): Promise<void> {
  for (const [k, v] of Object.entries(settings)) {
    const r = await run(['config', 'set', k, String(v)], { db, env });
    expect(r.code, `${k}: ${r.stderr}`).toBe(0);
  }
}

/** A file holding the password, and the command line that prints it (`cat FILE`): the setting names the file, never the secret. */
export function passwordFile(dir: string, name: string, secret: string): string {
  const path = join(dir, name);
  writeFileSync(path, `${secret}\nsecond line: not part of the password\n`, { mode: 0o600 });
  return `cat ${path}`;
}

/** A header of a raw message (first occurrence, unfolded), or undefined. */
export function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head);
  return m?.[1].trim();
}

/** How many of these raw messages carry this Message-ID. */
export const copiesOf = (messages: string[], id: string) => messages.filter((m) => header(m, 'Message-ID') === id).length;

export function query<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

/** Every file under a folder, read as bytes and searched for the text (the database and its WAL included). */
export function filesContaining(dir: string, text: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && readFileSync(p).includes(text)) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}
