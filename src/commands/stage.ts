// leads stage ID STAGE: move a finished lead (code 6) through the sales cycle.
import type { Context } from '../cli/context.js';
import type { StageOptions } from './stage.def.js';
import { parseId } from '../cli/args.js';
import { printJson } from '../cli/output.js';
import { visible } from '../cli/safe.js';
import { parseStage } from '../core/cycle.js';
import { displayName, leadJson } from '../core/lead.js';
import { formatNext, parseWhen } from '../core/dates.js';
import { moveStage } from '../services/cycle.js';

export default async function stage(ctx: Context, opts: StageOptions): Promise<void> {
  const id = parseId(opts.id);
  const to = parseStage(opts.stage);
  const now = ctx.now();
  const next = typeof opts.next === 'string' ? parseWhen(opts.next, now) : undefined;
  const r = moveStage(ctx.db(), id, to, now, { note: opts.note, next });
  if (opts.json) {
    printJson(ctx.io, { ...leadJson(r.lead), from: r.from, strikes: r.strikes, struck: r.struck });
    return;
  }
  const l = r.lead;
  let line = `#${l.id} ${ctx.io.isTTY ? visible(displayName(l)) : displayName(l)}: ${r.from} → ${to}`;
  if (to === 'thinking') line += ` (thinking ${r.thinkingCount} of ${r.strikes})`;
  if (to === 'sold') line += ' (sold: out of the cycle)';
  if (to === 'done') line += ` (released to the prospect list; callable again ${formatNext(l.next_contact_at)})`;
  ctx.io.out(line);
  if (r.struck) ctx.io.err(`lead ${l.id} has ${r.thinkingCount} thinking responses: \`leads release\` lets it go`);
  else if (l.status === 'cycle' && (!l.next_contact_at || new Date(l.next_contact_at) <= now)) {
    ctx.io.err(`lead ${l.id} has no next contact date ahead: give one with --next DATE`);
  }
}
