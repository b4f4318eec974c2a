// leads dnc ID [--call] [--email] [--mail] [--undo --yes]: a do-not-contact request.
import type { Context } from '../cli/context.js';
import type { DncOptions } from './dnc.def.js';
import { parseId } from '../cli/args.js';
import { printJson } from '../cli/output.js';
import { leadJson } from '../core/lead.js';
import { RunError, UsageError } from '../core/errors.js';
import { setDoNotContact, type DncChannel } from '../services/dnc.js';

const WORDS: Record<DncChannel, string> = { call: 'do not call', email: 'do not email', mail: 'do not mail' };

export default async function dnc(ctx: Context, opts: DncOptions): Promise<void> {
  const id = parseId(opts.id);
  const chosen = (['call', 'email', 'mail'] as const).filter((c) => opts[c]);
  // `leads dnc ID` alone is the common request: do not call
  const channels: DncChannel[] = chosen.length ? chosen : ['call'];
  const undo = Boolean(opts.undo);
  if (undo && !opts.yes) {
    if (!ctx.io.canPrompt) {
      throw new UsageError('--undo lifts a do-not-contact request: add --yes to confirm it without a terminal');
    }
    const ask = await ctx.prompter();
    const ok = await ask.confirm(`Lift "${channels.map((c) => WORDS[c]).join(', ')}" for lead ${id}? They asked for it.`, {
      default: false,
    });
    if (!ok) throw new RunError('nothing changed');
  }
  const r = setDoNotContact(ctx.db(), id, channels, !undo, ctx.now(), opts.note);
  if (opts.json) {
    printJson(ctx.io, { ...leadJson(r.lead), changed: r.changed, unchanged: r.unchanged });
    return;
  }
  const verb = undo ? 'lifted' : 'now';
  if (r.changed.length) ctx.io.out(`#${r.lead.id}: ${verb} ${r.changed.map((c) => WORDS[c]).join(', ')}`);
  if (r.unchanged.length) {
    ctx.io.err(`lead ${r.lead.id} was already ${undo ? 'without' : ''}${undo ? ' ' : ''}${r.unchanged.map((c) => WORDS[c]).join(', ')}`);
  }
}
