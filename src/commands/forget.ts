// leads forget ID: erase a person's personal data, keeping the anonymous outcomes and a
// hashed suppression so a later import of them stays out of the queue.
import type { Context } from '../cli/context.js';
import type { ForgetOptions } from './forget.def.js';
import { parseId } from '../cli/args.js';
import { printJson, printPairs } from '../cli/output.js';
import { RunError, UsageError } from '../core/errors.js';
import { forgetLead, previewForget } from '../services/forget.js';

const NOT_ERASED =
  'copies made before (backups beside the database before a migration, files written with `leads backup`) ' +
  'still hold this person as they were: leads cannot reach them; delete them or keep them as safe as the database';

export default async function forget(ctx: Context, opts: ForgetOptions): Promise<void> {
  const id = parseId(opts.id);
  const db = ctx.db();
  const preview = previewForget(db, id);
  if (!opts.yes && !preview.already) {
    if (!ctx.io.canPrompt) {
      throw new UsageError(`leads forget erases personal data for good: confirm on a terminal, or add --yes`);
    }
    const ask = await ctx.prompter();
    const merged = preview.merged.length ? ` and ${preview.merged.length} lead${preview.merged.length === 1 ? '' : 's'} merged into it` : '';
    const yes = await ask.confirm(
      `Erase the personal data of lead ${preview.lead.id} (${preview.name})${merged} for good? Its outcomes stay, anonymous.`,
      { default: false },
    );
    if (!yes) throw new RunError('nothing erased');
  }
  const r = forgetLead(db, id, ctx.now(), ctx.dbPath);
  if (opts.json) {
    printJson(ctx.io, {
      id: r.id,
      forgotten_at: r.forgotten_at,
      already_forgotten: r.already,
      merged_leads: r.merged,
      touches_kept: r.touches,
      suppressions: r.suppressions,
      batches: r.batches,
      backups_not_erased: r.backups,
      wal_emptied: r.wal_emptied,
    });
  } else {
    const io = ctx.io;
    io.out(
      r.already
        ? `lead ${r.id} was forgotten on ${r.forgotten_at.slice(0, 10)}; nothing personal was left to erase`
        : `lead ${r.id}: personal data erased${r.merged.length ? ` (with merged lead${r.merged.length === 1 ? '' : 's'} ${r.merged.join(', ')})` : ''}`,
    );
    printPairs(io, [
      ['kept', r.already ? null : `${r.touches} touches (channels, codes, stages, dates) without notes; status and counts for the reports`],
      [
        'suppressed',
        r.already
          ? null
          : `${r.suppressions.phone} phone${r.suppressions.phone === 1 ? '' : 's'}, ${r.suppressions.email} email${r.suppressions.email === 1 ? '' : 's'} as hashes: a later import of this person stays out of the queue`,
      ],
      ['batches', r.batches.length ? `files of batch${r.batches.length === 1 ? '' : 'es'} ${r.batches.map((b) => `${b.id} (${b.out_dir ?? b.day})`).join(', ')} may name this person: leads cannot erase them` : null],
      ['backups', r.backups.length ? `${r.backups.length} pre-migration backup${r.backups.length === 1 ? '' : 's'} beside the database: ${r.backups.join(', ')}` : null],
    ]);
  }
  ctx.io.err(`note: ${NOT_ERASED}`);
  if (!r.wal_emptied) {
    ctx.io.err(
      `warning: another process was reading the database, so the file and its -wal may still hold the erased bytes; run \`leads forget ${id}\` again once it has ended`,
    );
  }
}
