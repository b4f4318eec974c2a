// leads call: the calling session (or, with --json, the queue it would call).
import type { Context } from '../cli/context.js';
import type { CallOptions } from './call.def.js';
import { parseCount } from '../cli/args.js';
import { printJson } from '../cli/output.js';
import { UsageError } from '../core/errors.js';
import { leadJson } from '../core/lead.js';
import { parseTerritory, zoneJson } from '../core/queue.js';
import { prepareCall } from '../services/queue.js';

export default async function call(ctx: Context, opts: CallOptions): Promise<void> {
  const territory = opts.territory !== undefined ? parseTerritory(opts.territory) : undefined;
  const limit = parseCount(opts.limit, '--limit');
  if (limit === 0) throw new UsageError('--limit must be at least 1');
  const o = {
    source: opts.source,
    list: opts.list,
    territory,
    anyHour: Boolean(opts.anyHour),
  };
  if (!opts.json && !ctx.io.canPrompt) {
    throw new UsageError('leads call needs a terminal; record a call with `leads log ID CODE` (or see the queue: leads call --json)');
  }
  const start = prepareCall(ctx.db(), ctx.now(), o, opts.json ? (limit ?? 50) : undefined);
  if (start.territoryWithoutLeads.length) {
    ctx.io.err(`leads: no lead is in ${start.territoryWithoutLeads.join(',')}; the rest of the territory is called`);
  }
  if (start.staleRegistry) ctx.io.err(`warning: ${start.staleRegistry}`);
  if (opts.json) {
    printJson(
      ctx.io,
      start.entries.map((e) => ({
        ...leadJson(e.lead),
        queue_kind: e.kind,
        ...zoneJson(e),
        held_back: e.heldBack,
      })),
    );
    return;
  }
  const { runSession } = await import('../cli/call-session.js');
  await runSession(ctx, { ...o, limit });
}
