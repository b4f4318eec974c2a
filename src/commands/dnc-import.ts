// leads dnc import FILE: load a do-not-call registry (a list of numbers, any format).
import type { Context } from '../cli/context.js';
import type { DncImportOptions } from './dnc-import.def.js';
import { printJson, printPairs } from '../cli/output.js';
import { importRegistryFile } from '../services/dnc.js';

export default async function dncImport(ctx: Context, opts: DncImportOptions): Promise<void> {
  const file = opts.file;
  const dry = Boolean(opts.dryRun);
  const r = await importRegistryFile(() => ctx.db({ create: true }), file, ctx.cwd, { now: ctx.now(), dryRun: dry });
  if (opts.json) {
    printJson(ctx.io, {
      dry_run: dry,
      file,
      lines: r.lines,
      lines_without_number: r.without,
      numbers: r.numbers,
      suppressions_added: r.added,
      marked: r.marked,
      already_do_not_call: r.already,
    });
    return;
  }
  printPairs(ctx.io, [
    ['numbers', `${r.numbers}${r.without ? ` (${r.without} lines without a number)` : ''}`],
    [dry ? 'would mark' : 'marked', `${r.marked.length} lead${r.marked.length === 1 ? '' : 's'} do not call`],
    ['already', r.already ? `${r.already} do not call before` : null],
    ['kept', `${r.added} new number${r.added === 1 ? '' : 's'} as hashed suppressions for later imports`],
  ]);
  if (dry) ctx.io.err('dry run: nothing changed');
}
