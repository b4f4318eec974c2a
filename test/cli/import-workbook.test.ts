// leads import of an Excel workbook (.xlsx): the first sheet or --sheet, cells as the sheet
// shows them (a phone stored as a number keeps its digits, dates are dates), the same
// mapping, fallback and repeats as a CSV file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { writeWorkbook } from '../helpers/workbook.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const run = (args: string[]) => leadsInProcess(args, { db: ws.db });
const leadsOf = () => {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare('SELECT * FROM leads ORDER BY id').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
};

async function bought(path: string) {
  await writeWorkbook(path, {
    'Leads May': [
      ['Contact Name', 'Company', 'Business Phone', 'Home Phone', 'Zip', 'Last Contact', 'Revenue'],
      ['Ann Baker', 'Baker Co', 16175550134, null, { value: 2134, numFmt: '00000' }, { value: new Date(Date.UTC(2026, 4, 3)), numFmt: 'yyyy-mm-dd' }, { value: 1250000, numFmt: '0.00' }],
      ['Bo Chan', 'Chan LLC', null, 13125550100, { value: 60601, numFmt: '00000' }, null, 12.5],
      ['Cy Dunn', null, 15551234567890, null, null, null, null],
    ],
    Archive: [['Name', 'Phone'], ['Old Lead', '617-555-0199']],
  });
}

describe('Excel workbooks', () => {
  it('the first sheet: numbers keep their digits, a formatted ZIP its zero, dates as dates; per-row fallback', async () => {
    const f = join(ws.dir, 'bought.xlsx');
    await bought(f);
    const r = await run(['import', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sheet: Leads May');
    expect(r.stdout).toMatch(/new\s+3/);
    const [ann, bo, cy] = leadsOf();
    expect(ann).toMatchObject({ first_name: 'Ann', last_name: 'Baker', phone: '16175550134', phone_e164: '+16175550134', postal_code: '02134' });
    expect(JSON.parse(ann.extra as string)).toEqual({ 'Last Contact': '2026-05-03', Revenue: '1250000.00' });
    expect(bo).toMatchObject({ phone: '13125550100', phone_e164: '+13125550100', postal_code: '60601', extra: '{"Revenue":"12.5"}' });
    expect(cy).toMatchObject({ phone: '15551234567890', phone_valid: 0 });
    // imported again: nothing new
    const again = JSON.parse((await run(['import', f, '--json'])).stdout);
    expect(again).toMatchObject({ inserted: 0, duplicates_in_db: 3 });
  });

  it('--sheet picks a sheet by name; a name it lacks is a usage error listing the sheets', async () => {
    const f = join(ws.dir, 'bought.xlsx');
    await bought(f);
    expect((await run(['import', f, '--sheet', 'archive'])).code).toBe(0);
    expect(leadsOf().map((l) => l.last_name)).toEqual(['Lead']);
    const bad = await run(['import', f, '--sheet', 'June']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sheet June: the workbook has no sheet of that name; its sheets are "Leads May", "Archive"');
  });

  it('a damaged workbook: one line saying so and how to save it as CSV', async () => {
    const f = join(ws.dir, 'damaged.xlsx');
    await bought(f);
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(f, readFileSync(f).subarray(0, 400));
    const r = await run(['import', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^leads: .*cannot read this Excel workbook .*save it as CSV/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('UTF-16');
  });
});
