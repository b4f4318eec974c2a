// leads codes add CODE LABEL --action A: a user's own outcome code.
import type { Context } from '../cli/context.js';
import type { CodesAddOptions } from './codes-add.def.js';
import { printJson } from '../cli/output.js';
import { codeJson } from '../core/codes.js';
import { addCode } from '../services/codes.js';

export default async function codesAdd(ctx: Context, opts: CodesAddOptions): Promise<void> {
  const row = addCode(ctx.db(), {
    code: opts.code,
    label: opts.label,
    action: opts.action,
    needsDate: opts.needsDate === true,
    needsEmail: opts.needsEmail === true,
    notReached: opts.notReached === true,
    reached: opts.reached === true,
  });
  if (opts.json) printJson(ctx.io, codeJson(row));
  else ctx.io.out(`code ${row.code} ${row.label}: ${row.action}`);
}
