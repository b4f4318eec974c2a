// leads add: register one prospect by flags, or by prompts on a terminal.
import type { Context } from '../cli/context.js';
import type { AddOptions } from './add.def.js';
import { fieldsFromFlags } from '../cli/fields.js';
import { printJson } from '../cli/output.js';
import { leadJson, type ContactField, type ContactFields } from '../core/lead.js';
import { UsageError } from '../core/errors.js';
import { addLead, contactProblem, reachable } from '../services/leads.js';

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
    fields = await askFields(ctx);
  }
  const lead = addLead(ctx.db({ create: true }), fields, ctx.now(), opts.note);
  if (opts.json) printJson(ctx.io, leadJson(lead));
  else ctx.io.out(String(lead.id));
}

/**
 * The fields asked one by one on a terminal, each checked as it is given: a wrong answer is
 * said and asked again, never found at the end with every answer thrown away. A lead with
 * nothing to name or reach it by asks again for those.
 */
async function askFields(ctx: Context): Promise<ContactFields> {
  const ask = await ctx.prompter();
  const fields: ContactFields = {};
  const one = async (field: ContactField, label: string) => {
    for (;;) {
      const text = await ask.input(label);
      const problem = contactProblem(field, text);
      if (!problem) return (fields[field] = text);
      ctx.io.out(ctx.io.style.red(`that ${problem}; give it again (Enter for none)`));
    }
  };
  for (const [field, label] of ASKED) await one(field, label);
  while (!reachable(fields)) {
    ctx.io.out(ctx.io.style.red('a lead needs at least a name, a company, a phone or an email (Ctrl-C leaves)'));
    for (const [field, label] of ASKED.slice(0, 5)) await one(field, label);
  }
  return fields;
}
