// leads add: register one prospect by flags, or by prompts on a terminal.
import type { Context } from '../cli/context.js';
import type { AddOptions } from './add.def.js';
import { fieldsFromFlags } from '../cli/fields.js';
import { printJson } from '../cli/output.js';
import { leadJson, type ContactFields } from '../core/lead.js';
import { UsageError } from '../core/errors.js';
import { addLead } from '../services/leads.js';

const ASKED: [keyof ContactFields, string][] = [
  ['first_name', 'First name'],
  ['last_name', 'Last name'],
  ['company', 'Company'],
  ['phone', 'Phone'],
  ['email', 'Email'],
  ['street', 'Street'],
  ['city', 'City'],
  ['region', 'State/region'],
  ['postal_code', 'Postal code'],
];

export default async function add(ctx: Context, opts: AddOptions): Promise<void> {
  let fields = fieldsFromFlags(opts);
  if (!Object.keys(fields).length) {
    if (!ctx.io.canPrompt) {
      throw new UsageError('give the lead as flags, e.g. leads add --first Ann --last Baker --phone "(555) 100-2000"');
    }
    const ask = await ctx.prompter();
    fields = {};
    for (const [field, label] of ASKED) fields[field] = await ask.input(label);
  }
  ctx.whenInterrupted(() => 'the new lead was not saved');
  const lead = addLead(ctx.db({ create: true }), fields, ctx.now(), opts.note);
  ctx.whenInterrupted(() => `the new lead is saved as lead ${lead.id}`);
  if (opts.json) printJson(ctx.io, leadJson(lead));
  else ctx.io.out(String(lead.id));
}
