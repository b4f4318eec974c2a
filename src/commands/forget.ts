// leads forget ID: erase a person's personal data, keeping the anonymous outcomes and a
// keyed suppression so a later import of them stays out of the queue.
import type { Context } from '../cli/context.js';
import type { ForgetOptions } from './forget.def.js';
import { parseId } from '../cli/args.js';
import { printJson, printPairs } from '../cli/output.js';
import { batchLines, unfinishedLine } from '../cli/erase-view.js';
import { RunError, UsageError } from '../core/errors.js';
import { templatesDir } from '../batches/templates.js';
import { eraseLead, finishErase, previewForget } from '../services/forget.js';

const NOT_ERASED =
  'copies outside leads still hold this person as they were: files written with `leads backup` or `leads export`, ' +
  'backups made beside the database before an upgrade, batch folders moved away, letters and emails already sent; ' +
  'leads cannot reach them: delete them or keep them as safe as the database';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default async function forget(ctx: Context, opts: ForgetOptions): Promise<void> {
  const id = parseId(opts.id);
  const db = ctx.db();
  const preview = previewForget(db, id);
  if (!opts.yes && !preview.already) {
    if (!ctx.io.canPrompt) {
      throw new UsageError(`leads forget erases personal data for good: confirm on a terminal, or add --yes`);
    }
    const ask = await ctx.prompter();
    const merged = preview.merged.length ? ` and ${plural(preview.merged.length, 'lead')} merged into it` : '';
    const yes = await ask.confirm(
      `Erase the personal data of lead ${preview.lead.id} (${preview.name})${merged} for good? Its outcomes stay, anonymous.`,
      { default: false },
    );
    if (!yes) throw new RunError('nothing erased');
  }
  ctx.whenInterrupted(() => `nothing was erased from lead ${id}`);
  const r = eraseLead(db, id, ctx.now(), ctx.dbPath);
  ctx.whenInterrupted(
    () => `lead ${r.id}'s personal data is erased; what is left of the erase (its batch files, the file's free space) is finished by the next leads command that writes`,
  );
  const finish = await finishErase(db, { dbPath: ctx.dbPath, templatesDir: templatesDir(ctx.env) });
  if (!finish.unfinished.length) ctx.whenInterrupted(() => `lead ${r.id}'s personal data is erased`);
  if (opts.json) {
    printJson(ctx.io, {
      id: r.id,
      forgotten_at: r.forgotten_at,
      already_forgotten: r.already,
      merged_leads: r.merged,
      touches_kept: r.touches,
      suppressions: r.suppressions,
      imports_renamed: r.imports,
      batches: finish.batches.map((b) => ({ id: b.id, folder: b.folder, gone: b.gone, changed: b.changed, deleted: b.deleted, failed: b.failed })),
      backups_not_erased: r.backups,
      wal_emptied: finish.wal_emptied,
      unfinished: finish.unfinished,
    });
  } else {
    const io = ctx.io;
    io.out(
      r.already
        ? `lead ${r.id} was forgotten on ${r.forgotten_at.slice(0, 10)}; nothing personal was left to erase`
        : `lead ${r.id}: personal data erased${r.merged.length ? ` (with merged lead${r.merged.length === 1 ? '' : 's'} ${r.merged.join(', ')})` : ''}`,
    );
    const batches = batchLines(finish);
    printPairs(io, [
      ['kept', r.already ? null : `${r.touches} touches (channels, codes, stages, dates) without notes; status and counts for the reports`],
      [
        'suppressed',
        r.already
          ? null
          : `${plural(r.suppressions.phone, 'phone')}, ${plural(r.suppressions.email, 'email')} as keyed hashes: a later import of this person stays out of the queue`,
      ],
      ...r.imports.map((i, k): [string, string] => [k ? '' : 'imports', `import ${i.id}'s file was named after them: now ${i.file}`]),
      ...batches.map((line, i): [string, string] => [i ? '' : 'batches', line]),
      ['backups', r.backups.length ? `${plural(r.backups.length, 'pre-upgrade backup')} beside the database: ${r.backups.join(', ')}` : null],
    ]);
  }
  ctx.io.err(`note: ${NOT_ERASED}`);
  if (finish.unfinished.length) throw new RunError(unfinishedLine(finish));
}
