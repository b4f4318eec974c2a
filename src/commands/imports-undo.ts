// leads imports undo ID: take an import back; asks first on a terminal, takes --yes in
// scripts, --dry-run shows what it would do. The leads are told as they are decided, so
// an import of a million is taken back in flat memory.
import type { Context } from '../cli/context.js';
import type { ImportsUndoOptions } from './imports-undo.def.js';
import { parseId } from '../cli/args.js';
import { printJson } from '../cli/output.js';
import { RunError, UsageError } from '../core/errors.js';
import { planImportUndo, undoImport, type UndoCounts, type UndoLine } from '../services/import-undo.js';

const leads = (n: number) => `${n} lead${n === 1 ? '' : 's'}`;
/** Leads removed or put back shown by name; the rest are counted. What is kept, and why, is shown up to KEPT_SHOWN. */
const SHOWN = 20;
const KEPT_SHOWN = 200;

function summary(c: UndoCounts, dry = false): string {
  const [rm, back, keep] = dry ? ['to remove', 'to put back', 'to keep'] : ['removed', 'put back', 'kept'];
  return `${leads(c.removed)} ${rm}, ${leads(c.restored)} ${back}, ${leads(c.kept)} ${keep}`;
}

/** Prints the decisions as they come: up to a screen of removals and put-backs, what is kept with its reason. */
function lister(ctx: Context): { tell: (l: UndoLine) => void; end: () => void } {
  let rest = 0;
  let kept = 0;
  return {
    tell: (l) => {
      if (l.what === 'keep') {
        if (kept++ < KEPT_SHOWN) ctx.io.out(`keep      #${l.id} ${l.name}: ${l.reason}`);
      } else if (rest++ < SHOWN) {
        ctx.io.out(l.what === 'remove' ? `remove    #${l.id} ${l.name}` : `put back  #${l.id} ${l.name} (${l.fields.join(', ')})`);
      }
    },
    end: () => {
      if (rest > SHOWN) ctx.io.out(`... and ${rest - SHOWN} more removed or put back`);
      if (kept > KEPT_SHOWN) ctx.io.out(`... and ${kept - KEPT_SHOWN} more kept (--json lists every one with its reason)`);
    },
  };
}

/** The --json document, gathered as the decisions come. */
function collector(id: number, dry: boolean) {
  const doc = {
    import_id: id,
    dry_run: dry,
    removed: [] as number[],
    restored: [] as { id: number; fields: string[] }[],
    kept: [] as { id: number; reason: string }[],
  };
  const tell = (l: UndoLine) => {
    if (l.what === 'remove') doc.removed.push(l.id);
    else if (l.what === 'restore') doc.restored.push({ id: l.id, fields: l.fields });
    else doc.kept.push({ id: l.id, reason: l.reason });
  };
  return { doc, tell };
}

export default async function importsUndo(ctx: Context, opts: ImportsUndoOptions): Promise<void> {
  const id = parseId(opts.id);
  const db = ctx.db();
  if (opts.dryRun || (!opts.yes && ctx.io.canPrompt)) {
    const json = opts.json && opts.dryRun ? collector(id, true) : undefined;
    const list = json ? undefined : lister(ctx);
    const plan = planImportUndo(db, id, json?.tell ?? list!.tell);
    list?.end();
    if (opts.dryRun) {
      if (json) printJson(ctx.io, json.doc);
      ctx.io.err(`dry run: undoing import ${id}: ${summary(plan, true)}; nothing changed`);
      return;
    }
    const ok = await (await ctx.prompter()).confirm(`Undo import ${id} (${summary(plan, true)})?`, { default: false });
    if (!ok) throw new RunError('nothing undone');
  } else if (!opts.yes) {
    const plan = planImportUndo(db, id, () => {});
    throw new UsageError(`undoing import ${id}: ${summary(plan, true)}; add --yes to undo without a terminal (--dry-run to see)`);
  }
  const json = opts.json ? collector(id, false) : undefined;
  // asked on a terminal: the list was shown before the question
  const list = json || !opts.yes ? undefined : lister(ctx);
  const done = undoImport(db, id, ctx.now(), json?.tell ?? list?.tell ?? (() => {}));
  ctx.whenInterrupted(() => `import ${id} is undone (${summary(done)})`);
  list?.end();
  if (json) printJson(ctx.io, json.doc);
  ctx.io.err(`import ${id} undone: ${summary(done)}`);
}
