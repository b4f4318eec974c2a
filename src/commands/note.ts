// leads note ID TEXT [--next DATE]: a note in the lead's history, and maybe its next contact date.
import type { Context } from '../cli/context.js';
import type { NoteOptions } from './note.def.js';
import { parseId } from '../cli/args.js';
import { printJson } from '../cli/output.js';
import { leadJson } from '../core/lead.js';
import { formatNext, parseWhen } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import { addNote } from '../services/leads.js';

/** Any date form of `leads log --next`; a day alone means 9:00, the start of a calling morning. */
function parseNext(text: string, now: Date): Date {
  try {
    return parseWhen(text, now, { defaultHour: 9 });
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`--next: ${e.message}`);
    throw e;
  }
}

export default async function note(ctx: Context, opts: NoteOptions): Promise<void> {
  const id = parseId(opts.id);
  const text = opts.text.join(' ');
  const next = opts.next === undefined ? undefined : parseNext(opts.next, ctx.now());
  ctx.whenInterrupted(() => `the note on lead ${id} was not saved`);
  const lead = addNote(ctx.db(), id, text, ctx.now(), next);
  ctx.whenInterrupted(() => `the note on lead ${id} is saved`);
  if (opts.json) printJson(ctx.io, leadJson(lead));
  else ctx.io.out(`lead ${lead.id}: noted${next ? `; next contact ${formatNext(lead.next_contact_at)}` : ''}`);
}
