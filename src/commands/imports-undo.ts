// leads imports undo ID: take an import back; asks first on a terminal, takes --yes in
// scripts, --dry-run shows what it would do.
import type { Context } from '../cli/context.js';
import type { ImportsUndoOptions } from './imports-undo.def.js';
import { parseId } from '../cli/args.js';
import { printJson } from '../cli/output.js';
import { RunError, UsageError } from '../core/errors.js';
import { planImportUndo, undoImport, type UndoPlan } from '../services/import-undo.js';

const leads = (n: number) => `${n} lead${n === 1 ? '' : 's'}`;
const SHOWN = 20;

function summary(p: UndoPlan, dry = false): string {
  const [rm, back, keep] = dry ? ['to remove', 'to put back', 'to keep'] : ['removed', 'put back', 'kept'];
  return `${leads(p.remove.length)} ${rm}, ${leads(p.restore.length)} ${back}, ${leads(p.kept.length)} ${keep}`;
}

function printPlan(ctx: Context, p: UndoPlan): void {
  const lines = [
    ...p.remove.map((l) => `remove    #${l.id} ${l.name}`),
    ...p.restore.map((l) => `put back  #${l.id} ${l.name}${l.fields.length ? ` (${l.fields.join(', ')})` : ''}`),
    ...p.kept.map((l) => `keep      #${l.id} ${l.name}: ${l.reason}`),
  ];
  // what is kept matters most: shown whole; the rest up to a screen
  const keep = lines.filter((l) => l.startsWith('keep'));
  const rest = lines.filter((l) => !l.startsWith('keep'));
  for (const l of rest.slice(0, SHOWN)) ctx.io.out(l);
  if (rest.length > SHOWN) ctx.io.out(`... and ${rest.length - SHOWN} more`);
  for (const l of keep) ctx.io.out(l);
}

const json = (id: number, p: UndoPlan, dry: boolean) => ({
  import_id: id,
  dry_run: dry,
  removed: p.remove.map((l) => l.id),
  restored: p.restore.map((l) => ({ id: l.id, fields: l.fields })),
  kept: p.kept.map((l) => ({ id: l.id, reason: l.reason })),
});

export default async function importsUndo(ctx: Context, opts: ImportsUndoOptions): Promise<void> {
  const id = parseId(opts.id);
  const db = ctx.db();
  const plan = planImportUndo(db, id);
  if (opts.dryRun) {
    if (opts.json) printJson(ctx.io, json(id, plan, true));
    else printPlan(ctx, plan);
    ctx.io.err(`dry run: undoing import ${id}: ${summary(plan, true)}; nothing changed`);
    return;
  }
  if (!opts.yes) {
    if (!ctx.io.canPrompt) throw new UsageError(`undoing import ${id}: ${summary(plan, true)}; add --yes to undo without a terminal (--dry-run to see)`);
    printPlan(ctx, plan);
    const ok = await (await ctx.prompter()).confirm(`Undo import ${id} (${summary(plan, true)})?`, { default: false });
    if (!ok) throw new RunError('nothing undone');
  }
  const done = undoImport(db, id, ctx.now());
  if (opts.json) printJson(ctx.io, json(id, done, false));
  else if (opts.yes) printPlan(ctx, done);
  ctx.io.err(`import ${id} undone: ${summary(done)}`);
}
