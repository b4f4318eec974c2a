// leads doctor: integrity and consistency of the database, with counts. Exit 1 names what is wrong.
import type { Context } from '../cli/context.js';
import type { DoctorOptions } from './doctor.def.js';
import { printJson, printPairs } from '../cli/output.js';
import { RunError } from '../core/errors.js';
import { examine } from '../services/doctor.js';
import { delivers } from '../core/settings.js';
import { currentSettingsOf } from '../services/settings.js';

const mb = (bytes: number | null) => (bytes === null ? '?' : `${(bytes / 1_048_576).toFixed(1)} MB`);

export default async function doctor(ctx: Context, opts: DoctorOptions): Promise<void> {
  const r = examine(ctx.db(), ctx.dbPath);
  // the delivery settings, when set: each server logged in to, nothing sent
  const delivery = delivers(currentSettingsOf(ctx.db())) ? await (await import('../services/deliver.js')).deliveryChecks(ctx.db(), ctx.env, ctx.cwd) : [];
  if (delivery.length) Object.assign(r, { delivery });
  for (const c of delivery) if (!c.ok) r.problems.push(`${c.what}: ${c.said}`);
  r.ok = r.problems.length === 0;
  if (opts.json) printJson(ctx.io, r);
  else {
    const s = ctx.io.style;
    const c = r.counts;
    const o = r.orphans;
    const fk = r.foreign_key_violations;
    printPairs(ctx.io, [
      ['database', `${r.database} (${mb(r.bytes)}, schema ${r.schema_version ?? '?'})`],
      ['integrity', r.integrity === null ? s.red('not checked') : r.integrity === 'ok' ? 'ok' : s.red(`${r.integrity.length} error(s)`)],
      ['foreign keys', fk === null ? s.red('not checked') : Object.keys(fk).length ? s.red('broken links') : 'ok'],
      [
        'orphans',
        o === null
          ? s.red('not checked')
          : o.touches + o.batch_items + o.batch_items_crossed + o.aliases
            ? s.red(`touches ${o.touches}, batch items ${o.batch_items + o.batch_items_crossed}, aliases ${o.aliases}`)
            : 'none',
      ],
      ['pragmas', r.pragmas && `journal_mode=${r.pragmas.journal_mode} synchronous=${r.pragmas.synchronous} foreign_keys=${r.pragmas.foreign_keys}`],
      [
        'leads',
        c &&
          `${c.leads.total} (prospect ${c.leads.prospect}, cycle ${c.leads.cycle}, sold ${c.leads.sold}, disqualified ${c.leads.disqualified})` +
            (c.leads.merged ? `; ${c.leads.merged} merged into others` : ''),
      ],
      ['touches', c?.touches],
      ['imports', c?.imports],
      ['batches', c && `${c.batches} (${c.pending_batch_items} item(s) waiting for the sort)`],
      ['needs address', c && (c.letters_waiting_for_address ? `${c.letters_waiting_for_address} letter(s) waiting for a postal address (needs-address.csv)` : 'none')],
      ...delivery.map((d): [string, string] => [d.what, d.ok ? d.said : s.red(d.said)]),
    ]);
    for (const p of r.problems) ctx.io.out(`${s.red('problem')}  ${p}`);
  }
  if (!r.ok) {
    const checks = [...new Set(r.problems.map((p) => p.split(':')[0]))];
    throw new RunError(`doctor found ${r.problems.length} problem(s): ${checks.join(', ')}`);
  }
}
