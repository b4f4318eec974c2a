// leads config set KEY VALUE: change a rule's number or the sender's details.
import type { Context } from '../cli/context.js';
import type { ConfigSetOptions } from './config-set.def.js';
import { changeSetting } from '../services/settings.js';

export default async function configSet(ctx: Context, opts: ConfigSetOptions): Promise<void> {
  const value = changeSetting(() => ctx.db({ create: true }), opts.key, opts.value);
  ctx.io.out(`${opts.key} = ${value}`);
}
