// leads edit ID --FIELD VALUE... [--priority N]: change contact fields or the priority; the change is a touch.
import type { Context } from '../cli/context.js';
import type { EditOptions } from './edit.def.js';
import { parseId } from '../cli/args.js';
import { fieldsFromFlags } from '../cli/fields.js';
import { printJson } from '../cli/output.js';
import { leadJson } from '../core/lead.js';
import { UsageError } from '../core/errors.js';
import { parsePriority } from '../core/queue.js';
import { editLead } from '../services/leads.js';

export default async function edit(ctx: Context, opts: EditOptions): Promise<void> {
  const id = parseId(opts.id);
  const fields = fieldsFromFlags(opts);
  const priority = opts.priority === undefined ? undefined : parsePriority(opts.priority);
  if (!Object.keys(fields).length && priority === undefined) {
    throw new UsageError('give the fields to change, e.g. leads edit 12 --phone "(555) 100-2000" (an empty value clears one)');
  }
  ctx.whenInterrupted(() => `the change to lead ${id} was not saved`);
  const { lead, changed } = editLead(ctx.db(), id, fields, ctx.now(), priority);
  ctx.whenInterrupted(() => `the change to lead ${id} is saved`);
  if (opts.json) printJson(ctx.io, leadJson(lead));
  else if (changed.length) ctx.io.out(`lead ${lead.id}: changed ${changed.join(', ')}`);
  else ctx.io.out(`lead ${lead.id}: nothing changed`);
}
