// leads dnc import FILE: load a do-not-call registry (a list of numbers, any format).
import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Context } from '../cli/context.js';
import type { DncOptions } from './dnc.def.js';
import { printJson, printPairs } from '../cli/output.js';
import { RunError, UsageError } from '../core/errors.js';
import { registryNumber } from '../core/suppress.js';
import { defaultCountry } from '../services/settings.js';
import { importRegistry } from '../services/dnc.js';

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

export default async function dncImport(ctx: Context, opts: DncOptions): Promise<void> {
  const file = opts.file;
  if (!file) throw new UsageError('give the registry file: leads dnc import FILE');
  const path = resolve(ctx.cwd, file);
  // a mistyped file name makes no new database
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
  } catch (e) {
    throw cannotRead(file, e);
  }
  const db = ctx.db({ create: true });
  const country = defaultCountry(db);
  const read = await readNumbers(path, file, country);
  if (!read.numbers.length) {
    throw new RunError(`${file}: no phone numbers found in ${read.lines} lines; nothing changed`);
  }
  const dry = Boolean(opts.dryRun);
  const r = importRegistry(db, read.numbers, basename(file), ctx.now(), dry);
  if (opts.json) {
    printJson(ctx.io, {
      dry_run: dry,
      file,
      lines: read.lines,
      lines_without_number: read.without,
      numbers: r.numbers,
      suppressions_added: r.added,
      marked: r.marked,
      already_do_not_call: r.already,
    });
    return;
  }
  printPairs(ctx.io, [
    ['numbers', `${r.numbers}${read.without ? ` (${read.without} lines without a number)` : ''}`],
    [dry ? 'would mark' : 'marked', `${r.marked.length} lead${r.marked.length === 1 ? '' : 's'} do not call`],
    ['already', r.already ? `${r.already} do not call before` : null],
    ['kept', `${r.added} new number${r.added === 1 ? '' : 's'} as hashed suppressions for later imports`],
  ]);
  if (dry) ctx.io.err('dry run: nothing changed');
}
