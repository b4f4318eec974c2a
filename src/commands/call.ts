// leads call: the calling session (or, with --json, the queue it would call).
import type { Context } from '../cli/context.js';
import type { CallOptions } from './call.def.js';
import { parseCount } from '../cli/args.js';
import { printJson } from '../cli/output.js';
import { UsageError } from '../core/errors.js';
import { leadJson } from '../core/lead.js';
import { parseTerritory } from '../core/queue.js';
import { callQueue, checkTerritory } from '../services/queue.js';
import { staleRegistryWarning } from '../services/registry.js';

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
  if (territory) {
    const none = checkTerritory(ctx.db(), territory);
    if (none.length) ctx.io.err(`leads: no lead is in ${none.join(',')}; the rest of the territory is called`);
  }
  // a do-not-call registry loaded long ago misses the numbers registered since
  const warnStale = () => {
    const stale = staleRegistryWarning(ctx.db(), ctx.now());
    if (stale) ctx.io.err(`warning: ${stale}`);
  };
  if (opts.json) {
    warnStale();
    const entries = callQueue(ctx.db(), ctx.now(), { ...o, depth: limit ?? 50 }).slice(0, limit ?? 50);
    printJson(
      ctx.io,
      entries.map((e) => ({
        ...leadJson(e.lead),
        queue_kind: e.kind,
        local_time: e.local ? e.local.text : null,
        time_zone_used: e.zone?.zone ?? null,
        held_back: e.heldBack,
      })),
    );
    return;
  }
  warnStale();
  const { runSession } = await import('../cli/call-session.js');
  await runSession(ctx, { ...o, limit });
}
