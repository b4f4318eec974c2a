// leads release [ID...]: let go of three-strike leads (or the ones named, as Done) back to
// the prospect list; asks first on a terminal, takes --yes in scripts, --dry-run shows.
import type { Context } from '../cli/context.js';
import type { ReleaseOptions } from './release.def.js';
import { parseId } from '../cli/args.js';
import { printJson, printTable } from '../cli/output.js';
import { releaseColumns } from '../cli/pipeline.js';
import { leadJson } from '../core/lead.js';
import { formatLocal } from '../core/dates.js';
import { RunError, UsageError } from '../core/errors.js';
import { planRelease, releaseLeads } from '../services/cycle.js';

const plural = (n: number) => `${n} lead${n === 1 ? '' : 's'}`;

export default async function release(ctx: Context, opts: ReleaseOptions): Promise<void> {
  const ids = opts.ids.map((a) => parseId(a));
  const now = ctx.now();
  const db = ctx.db();
  const plan = planRelease(db, ids);
  const dry = Boolean(opts.dryRun);
  if (!plan.leads.length) {
    if (opts.json) printJson(ctx.io, { dry_run: dry, released: [] });
    ctx.io.err(`nothing to release: no lead in the cycle has ${plan.strikes} thinking responses`);
    return;
  }
  if (dry) {
    if (opts.json) printJson(ctx.io, { dry_run: true, released: plan.leads.map(leadJson) });
    else await printTable(ctx.io, releaseColumns(now), plan.leads);
    ctx.io.err(`dry run: would release ${plural(plan.leads.length)} to the prospect list; nothing changed`);
    return;
  }
  // the leads named on the command line are the user's choice already; the strike list is asked
  if (!ids.length && !opts.yes) {
    if (!ctx.io.canPrompt) {
      throw new UsageError(
        `release would let go of ${plural(plan.leads.length)}: add --yes to release without a terminal (--dry-run to see them)`,
      );
    }
    await printTable(ctx.io, releaseColumns(now), plan.leads);
    const ask = await ctx.prompter();
    const ok = await ask.confirm(`Release ${plural(plan.leads.length)} to the prospect list?`, { default: false });
    if (!ok) throw new RunError('nothing released');
  }
  const released = releaseLeads(db, ids, now, plan.leads.map((l) => l.id));
  if (opts.json) {
    printJson(ctx.io, { dry_run: false, released: released.map(leadJson) });
  } else if (ids.length || opts.yes) {
    await printTable(ctx.io, releaseColumns(now), plan.leads.filter((l) => released.some((r) => r.id === l.id)));
  }
  const again = released[0]?.next_contact_at;
  ctx.io.err(
    `released ${plural(released.length)} to the prospect list` + (again ? `; callable again from ${formatLocal(again)}` : ''),
  );
}
