// leads note ID TEXT [--next DATE]: a note in the lead's history, and maybe its next contact date.
import type { Context } from '../cli/context.js';
import { parseId } from '../cli/args.js';
import { printJson } from '../cli/output.js';
import { leadJson } from '../core/lead.js';
import { formatLocal, parseIsoLocal } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import { addNote } from '../services/leads.js';

/** A date alone means 9:00 that day, the start of a calling morning. */
function parseNext(text: string): Date {
  const d = parseIsoLocal(text, 9);
  if (!d) throw new UsageError(`--next takes a date as YYYY-MM-DD or "YYYY-MM-DD HH:mm", not ${JSON.stringify(text)}`);
  return d;
}

export default async function note(ctx: Context, args: string[], opts: Record<string, unknown>): Promise<void> {
  const id = parseId(args[0]);
  const text = args.slice(1).join(' ');
  const next = opts.next === undefined ? undefined : parseNext(String(opts.next));
  const lead = addNote(ctx.db(), id, text, ctx.now(), next);
  if (opts.json) printJson(ctx.io, leadJson(lead));
  else ctx.io.out(`lead ${lead.id}: noted${next ? `; next contact ${formatLocal(lead.next_contact_at)}` : ''}`);
}
