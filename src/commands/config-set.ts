// leads config set KEY VALUE: change a rule's number or the sender's details.
import type { Context } from '../cli/context.js';
import { validateSetting } from '../core/settings.js';
import { writeSetting } from '../store/settings.js';

export default async function configSet(ctx: Context, args: string[]): Promise<void> {
  const [key, raw] = args;
  const value = validateSetting(key, raw ?? '');
  writeSetting(ctx.db({ create: true }), key, value);
  ctx.io.out(`${key} = ${value}`);
}
