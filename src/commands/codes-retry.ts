// leads codes retry CODE --delay D --round N --rest DAYS: a retry code's rules.
import type { Context } from '../cli/context.js';
import type { CodesRetryOptions } from './codes-retry.def.js';
import { printJson } from '../cli/output.js';
import { retryRulesText } from '../cli/codes-view.js';
import { codeJson } from '../core/codes.js';
import { changeRetryRules, retryLimit } from '../services/codes.js';

export default async function codesRetry(ctx: Context, opts: CodesRetryOptions): Promise<void> {
  const db = ctx.db();
  const { after } = changeRetryRules(db, opts.code, { delay: opts.delay, round: opts.round, rest: opts.rest });
  const limit = retryLimit(db);
  if (opts.json) printJson(ctx.io, codeJson(after, limit));
  else ctx.io.out(`code ${after.code} ${after.label}: ${retryRulesText(after, limit)} (from the next retry logged)`);
}
