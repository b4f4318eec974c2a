// leads show ID: the lead card with its full touch history.
import type { Context } from '../cli/context.js';
import type { ShowOptions } from './show.def.js';
import { parseId } from '../cli/args.js';
import { printJson } from '../cli/output.js';
import { printLeadCard, printTouches } from '../cli/cards.js';
import { leadJson, touchJson } from '../core/lead.js';
import { leadCard } from '../services/lookup.js';

export default async function show(ctx: Context, opts: ShowOptions): Promise<void> {
  const { lead, touches } = leadCard(ctx.db(), parseId(opts.id));
  if (opts.json) {
    printJson(ctx.io, { ...leadJson(lead), ...(lead.forgotten_at ? { forgotten_at: lead.forgotten_at } : {}), touches: touches.map(touchJson) });
    return;
  }
  printLeadCard(ctx.io, lead, ctx.now());
  ctx.io.out();
  printTouches(ctx.io, touches);
}
