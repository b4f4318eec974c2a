// leads log ID CODE: record a call outcome without the session (scripts, a call made
// away from the desk); `leads log ID --undo` takes the lead's last outcome back.
import type { Context } from '../cli/context.js';
import type { LogOptions } from './log.def.js';
import { parseId } from '../cli/args.js';
import { printJson } from '../cli/output.js';
import { visible } from '../cli/safe.js';
import { parseCode } from '../core/codes.js';
import { formatLocal, formatNext, parseWhen } from '../core/dates.js';
import { RunError, UsageError } from '../core/errors.js';
import { displayName, leadJson } from '../core/lead.js';
import { parseResult } from '../core/outcome.js';
import { parseDuration } from '../core/session.js';
import { recordOutcome, undoOutcome } from '../services/outcome.js';
import { liveClaimOn } from '../services/claims.js';

export default async function log(ctx: Context, opts: LogOptions): Promise<void> {
  const id = parseId(opts.id);
  const now = ctx.now();
  // a name from the data, on a terminal: shown, never obeyed
  const shown = (text: string) => (ctx.io.isTTY ? visible(text) : text);
  if (opts.undo) {
    if (opts.code !== undefined) throw new UsageError('--undo takes no code: leads log ID --undo');
    for (const flag of ['note', 'next', 'at', 'result', 'email', 'duration'] as const) {
      if (opts[flag] !== undefined) throw new UsageError(`--undo takes no --${flag}`);
    }
    await passClaim(ctx, id, Boolean(opts.yes));
    const u = undoOutcome(ctx.db(), id, now);
    if (opts.json) printJson(ctx.io, leadJson(u.lead));
    else ctx.io.out(`#${u.lead.id} ${shown(displayName(u.lead))}: undid code ${u.call.code} of ${formatLocal(u.call.at)}`);
    return;
  }
  if (opts.code === undefined) throw new UsageError('give the outcome code: leads log ID CODE (see `leads codes`)');
  const code = parseCode(opts.code);
  const at = opts.at !== undefined ? parseWhen(opts.at, now) : undefined;
  // the next date is typed now, so "tomorrow" is tomorrow even for a call made yesterday
  const next = opts.next !== undefined ? parseWhen(opts.next, now) : undefined;
  const result = opts.result !== undefined ? parseResult(opts.result) : undefined;
  const durationS = opts.duration !== undefined ? parseDuration(opts.duration) : undefined;
  if (opts.note !== undefined && !opts.note.trim()) throw new UsageError('--note is empty');
  await passClaim(ctx, id, Boolean(opts.yes));
  const r = recordOutcome(
    ctx.db(),
    { leadId: id, code, at, next, result, email: opts.email, note: opts.note, durationS },
    now,
  );
  for (const w of r.plan.warnings) ctx.io.err(`leads: ${w}`);
  if (opts.json) {
    printJson(ctx.io, { ...leadJson(r.lead), batch_item: r.plan.batchItem });
    return;
  }
  const parts = [`#${r.lead.id} ${shown(displayName(r.lead))}: code ${r.code.code} (${r.code.label})`];
  if (r.plan.batchItem) parts.push(`${r.plan.batchItem.replace('_', '-')} pending for the sort`);
  if (r.lead.next_contact_at) parts.push(`next contact ${formatNext(r.lead.next_contact_at)}`);
  else if (r.lead.do_not_call) parts.push('never called again');
  ctx.io.out(parts.join('; '));
}

/**
 * A lead on the screen of a live calling session is being called there: logging it here too
 * may contradict what is said on that call. Asked on a terminal; `--yes` goes on; without
 * either, nothing is logged (exit 2).
 */
async function passClaim(ctx: Context, id: number, yes: boolean): Promise<void> {
  const claim = liveClaimOn(ctx.db(), id);
  if (!claim || yes) return;
  const what = `lead ${id} is on the screen of a calling session right now (process ${claim.pid})`;
  if (!ctx.io.canPrompt) throw new UsageError(`${what}: log it there, or give --yes to log it here as well; nothing was logged`);
  const go = await (await ctx.prompter()).confirm(`${what}. Log it here as well?`, { default: false });
  if (!go) throw new RunError('nothing was logged');
}
