// Helpers for the sort's tests: the sender set up, leads with outcomes logged, and readers
// of what a batch wrote (CSV, PDF page counts and text through poppler).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { leadsInProcess, type Result } from './cli.js';

export const SENDER: [string, string][] = [
  ['sender.name', 'Sam Seller'],
  ['sender.company', 'Seller Co'],
  ['sender.street', '1 Market St'],
  ['sender.city', 'Springfield'],
  ['sender.region', 'IL'],
  ['sender.postal_code', '62701'],
  ['sender.country', 'US'],
  ['sender.phone', '(217) 555-0199'],
  ['sender.email', 'sam@seller.example'],
];

/** Runs leads in-process and fails the test on a non-zero exit or a word on stderr (but the note that it made the database). */
export async function ok(args: string[], o: { db: string; env?: Record<string, string> }): Promise<Result> {
  const r = await leadsInProcess(args, o);
  expect(r.stderr.replace(`leads: made a new database at ${o.db}\n`, ''), `leads ${args.join(' ')}`).toBe('');
  expect(r.code, `leads ${args.join(' ')}`).toBe(0);
  return r;
}

export async function setSender(db: string, skip: string[] = []): Promise<void> {
  for (const [k, v] of SENDER) if (!skip.includes(k)) await ok(['config', 'set', k, v], { db });
}

export interface LeadSpec {
  first?: string;
  last?: string;
  company?: string;
  street?: string;
  city?: string;
  region?: string;
  postal?: string;
  country?: string;
  email?: string;
  phone?: string;
}

/** Adds a lead by flags and returns its id; registered on the 1st, before any outcome a test logs (none may precede its lead). */
export async function addLead(db: string, l: LeadSpec): Promise<number> {
  const flags: string[] = [];
  const map: [keyof LeadSpec, string][] = [
    ['first', '--first'], ['last', '--last'], ['company', '--company'], ['street', '--street'], ['city', '--city'],
    ['region', '--region'], ['postal', '--postal-code'], ['country', '--country'], ['email', '--email'], ['phone', '--phone'],
  ];
  for (const [k, f] of map) if (l[k] !== undefined) flags.push(f, l[k]!);
  const r = await ok(['add', ...flags], { db, env: { LEADS_TODAY: '2026-11-01 09:00' } });
  return Number(r.stdout.trim());
}

/** Logs a call outcome (`leads log`), on `day` (LEADS_TODAY) when given. */
export async function logCode(db: string, id: number, code: number, o: { day?: string; note?: string } = {}): Promise<void> {
  const args = ['log', String(id), String(code), ...(o.note ? ['--note', o.note] : [])];
  const r = await leadsInProcess(args, { db, env: o.day ? { LEADS_TODAY: o.day } : {} });
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
}

/** A CSV written by a batch: BOM, header, records. */
export function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

export function pdfPages(path: string): number {
  const r = spawnSync('pdfinfo', [path], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return Number(/^Pages:\s+(\d+)/m.exec(r.stdout)![1]);
}

export function pdfText(path: string): string {
  const r = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

export function pdfPageSize(path: string): string {
  const r = spawnSync('pdfinfo', [path], { encoding: 'utf8' });
  return /^Page size:\s+(.+)$/m.exec(r.stdout)![1];
}
