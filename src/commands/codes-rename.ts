// leads codes rename CODE LABEL: a new label for a code; what it does stays.
import type { Context } from '../cli/context.js';
import type { CodesRenameOptions } from './codes-rename.def.js';
import { printJson } from '../cli/output.js';
import { codeJson } from '../core/codes.js';
import { renameCode } from '../services/codes.js';

export default async function codesRename(ctx: Context, opts: CodesRenameOptions): Promise<void> {
  const { after } = renameCode(ctx.db(), opts.code, opts.label);
  if (opts.json) printJson(ctx.io, codeJson(after));
  else ctx.io.out(`code ${after.code} ${after.label}`);
}
