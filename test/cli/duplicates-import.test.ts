// `leads list --duplicates` over what an import flags: a phone or email shared under another
// name makes a new lead with `shares_with`, listed until merged (or kept apart).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leads, tempWorkspace } from '../helpers/cli.js';
import { ok } from '../helpers/cycle.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

describe('leads list --duplicates after an import', () => {
  it('lists the leads sharing a switchboard phone or an info@ address, and not after a merge', () => {
    const o = { db: ws.db };
    const csv = join(ws.dir, 'acme.csv');
    writeFileSync(
      csv,
      'First Name,Last Name,Company,Phone,Email\n' +
        'Ann,Baker,Acme,617-555-0100,info@acme.example\n' +
        'Bo,Cole,Acme,617-555-0100,\n' +
        'Cy,Dunn,Acme,,info@acme.example\n' +
        'Di,Ek,Other,617-555-0177,\n',
    );
    ok(['import', csv], o);
    const r = leads(['list', '--duplicates'], o);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      [
        'id\tname\tcompany\tphone\temail\tshares_with',
        '2\tBo Cole\tAcme\t617-555-0100\t\t1',
        '3\tCy Dunn\tAcme\t\tinfo@acme.example\t1',
        '',
      ].join('\n'),
    );
    // Bo turns out to be Ann's colleague at the same desk: one lead
    ok(['merge', '1', '2'], o);
    expect(JSON.parse(leads(['list', '--duplicates', '--json'], o).stdout).map((l: { id: number }) => l.id)).toEqual([3]);
  });
});
