// Do-not-contact requests (per channel, each change a `dnc` touch) and the do-not-call
// registry, each in one transaction.
import { createReadStream, statSync } from 'node:fs';
import { notRegular } from '../disk/files.js';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { DB } from '../store/db.js';
import { addTouch, requireLead, updateLead } from '../store/leads.js';
import type { LeadRow } from '../core/lead.js';
import { toIso } from '../core/dates.js';
import { registryNumber } from '../core/suppress.js';
import { RunError } from '../core/errors.js';
import { countrySetting } from '../core/settings.js';
import { currentSettings } from '../store/settings.js';
import { addSuppression, isSuppressed, leadsWithPhone, setRegistryImportedAt } from '../store/suppressions.js';

export const DNC_CHANNELS = { call: 'do_not_call', email: 'do_not_email', mail: 'do_not_mail' } as const;
export type DncChannel = keyof typeof DNC_CHANNELS;

export interface DncResult {
  lead: LeadRow;
  /** channels whose flag changed */
  changed: DncChannel[];
  /** channels already as asked */
  unchanged: DncChannel[];
}

/**
 * Sets (or, with `on` false, clears) the do-not-contact flags of the channels given. Each
 * flag that changes is its own touch; a flag already as asked is left and reported.
 */
export function setDoNotContact(
  db: DB,
  id: number,
  channels: DncChannel[],
  on: boolean,
  now: Date,
  note?: string,
): DncResult {
  const at = toIso(now);
  return db.transaction((): DncResult => {
    const lead = requireLead(db, id);
    const changed: DncChannel[] = [];
    const unchanged: DncChannel[] = [];
    for (const ch of channels) {
      const col = DNC_CHANNELS[ch];
      if ((lead[col] === 1) === on) {
        unchanged.push(ch);
        continue;
      }
      changed.push(ch);
      addTouch(db, {
        lead_id: lead.id,
        at,
        channel: 'dnc',
        note: note ?? null,
        data: { flag: col, to: on },
      });
      updateLead(db, lead.id, { [col]: on ? 1 : 0 }, at);
    }
    return { lead: requireLead(db, lead.id), changed, unchanged };
  }).immediate();
}

export interface RegistryResult {
  /** distinct numbers in the file */
  numbers: number;
  /** numbers not held before as suppressions */
  added: number;
  /** leads marked do-not-call by it */
  marked: number[];
  /** leads that matched and were do-not-call already */
  already: number;
}

/**
 * Loads a do-not-call registry: each number becomes a hashed suppression (so a later import
 * of it is recognised), and every lead with that phone or mobile becomes do-not-call, with
 * a `dnc` touch naming the file. One transaction; `dryRun` counts without writing.
 */
export function importRegistry(db: DB, numbers: Iterable<string>, file: string, now: Date, dryRun = false): RegistryResult {
  const at = toIso(now);
  const run = (): RegistryResult => {
    const seen = new Set<string>();
    const marked = new Set<number>();
    const already = new Set<number>();
    let added = 0;
    for (const n of numbers) {
      if (seen.has(n)) continue;
      seen.add(n);
      if (dryRun ? !isSuppressed(db, 'phone', n) : addSuppression(db, 'phone', n, 'registry', at)) added++;
      for (const lead of leadsWithPhone(db, n)) {
        if (marked.has(lead.id)) continue;
        if (lead.do_not_call) {
          already.add(lead.id);
          continue;
        }
        marked.add(lead.id);
        if (dryRun) continue;
        addTouch(db, {
          lead_id: lead.id,
          at,
          channel: 'dnc',
          note: 'on the do-not-call registry',
          data: { flag: 'do_not_call', to: true, registry: file },
        });
        updateLead(db, lead.id, { do_not_call: 1 }, at);
      }
    }
    if (!dryRun) setRegistryImportedAt(db, at);
    return { numbers: seen.size, added, marked: [...marked], already: already.size };
  };
  return dryRun ? run() : db.transaction(run).immediate();
}

export interface RegistryFileResult extends RegistryResult {
  /** lines of the file that are not blank */
  lines: number;
  /** of those, the lines without a phone number */
  without: number;
}

/**
 * Reads the registry at `file` (as typed, against `cwd`) and loads it with importRegistry.
 * The file is checked before the database is opened, since opening may create it and a
 * mistyped name must make no new database; every message names the file as typed.
 */
export async function importRegistryFile(
  open: () => DB,
  file: string,
  cwd: string,
  o: { now: Date; dryRun?: boolean },
): Promise<RegistryFileResult> {
  const path = resolve(cwd, file);
  try {
    statSync(path);
  } catch (e) {
    throw cannotRead(file, e);
  }
  // a named pipe would be waited on, a device read without end
  const kind = notRegular(path);
  if (kind) throw new RunError(`cannot read ${file}: it is ${kind}`);
  const db = open();
  const read = await readNumbers(path, file, countrySetting(currentSettings(db)));
  if (!read.numbers.length) {
    throw new RunError(`${file}: no phone numbers found in ${read.lines} lines; nothing changed`);
  }
  const r = importRegistry(db, read.numbers, basename(file), o.now, Boolean(o.dryRun));
  return { ...r, lines: read.lines, without: read.without };
}

/** The numbers of the file at `path` (FILE as typed), read a line at a time; lines without one are counted. */
async function readNumbers(path: string, file: string, country: string) {
  const numbers: string[] = [];
  let lines = 0;
  let without = 0;
  try {
    const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const raw of rl) {
      const line = raw.replace(/^\uFEFF/, '');
      if (!line.trim()) continue;
      lines++;
      const n = registryNumber(line, country);
      if (n) numbers.push(n);
      else without++;
    }
  } catch (e) {
    throw cannotRead(file, e);
  }
  return { numbers, lines, without };
}

function cannotRead(file: string, e: unknown): RunError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const why = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a folder' }[code] ?? (e as Error).message;
  return new RunError(`cannot read ${file}: ${why}`);
}
