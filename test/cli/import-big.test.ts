// A big file takes the bulk path: the phone, mobile, email and last-name indexes are set
// aside inside the import's transaction when many of its rows are new, and built again
// before it commits. Whichever way a file goes, the database comes out whole and found
// leads are found by those indexes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leadsAwaited, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const SCATTERED = ['leads_email', 'leads_last_name', 'leads_mobile', 'leads_phone'];

/** Rows from `from`, each with its own phone and email: about 3 MB for 30k rows, over the bulk threshold. */
function file(name: string, from: number, rows: number): string {
  const out = ['First Name,Last Name,Company,Phone,Mobile,Email'];
  for (let i = from; i < from + rows; i++) {
    const n = String(i).padStart(7, '0');
    out.push(`Pat${i},Lane${i % 997},Company number ${i % 500} of the county,(2${n.slice(0, 2)}) 5${n.slice(2, 4)}-${n.slice(3)},(3${n.slice(0, 2)}) 5${n.slice(2, 4)}-${n.slice(3)},pat.lane${i}@mail.example`);
  }
  const path = join(ws.dir, name);
  writeFileSync(path, out.join('\n') + '\n');
  return path;
}

function indexes(): string[] {
  const d = new Database(ws.db, { readonly: true });
  try {
    return d
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name IN (${SCATTERED.map(() => '?').join(',')}) ORDER BY name`)
      .pluck()
      .all(...SCATTERED) as string[];
  } finally {
    d.close();
  }
}

async function importJson(path: string) {
  const r = await leadsAwaited(['import', path, '--json'], { db: ws.db });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { inserted: number; duplicates: number };
}

describe('a big import', () => {
  it('keeps the lookup indexes whether its rows are new or repeats, and the database whole', async () => {
    const first = file('first.csv', 0, 30_000);
    expect(await importJson(first)).toMatchObject({ inserted: 30_000, duplicates: 0 });
    expect(indexes()).toEqual(SCATTERED);

    // all repeats: nothing new, nothing rebuilt, nothing lost
    expect(await importJson(first)).toMatchObject({ inserted: 0, duplicates: 30_000 });
    expect(indexes()).toEqual(SCATTERED);

    // mostly new: set aside and built again over old and new leads alike
    const second = file('second.csv', 25_000, 30_000);
    expect(await importJson(second)).toMatchObject({ inserted: 25_000, duplicates: 5_000 });
    expect(indexes()).toEqual(SCATTERED);

    const doctor = await leadsAwaited(['doctor', '--json'], { db: ws.db });
    expect(doctor.code).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true, integrity: 'ok' });

    // a lead of the first file and one of the second are found by phone, mobile and email
    for (const [i, phone, mobile] of [
      [12, '(200) 500-0012', '(300) 500-0012'],
      [54_321, '(200) 554-4321', '(300) 554-4321'],
    ] as const) {
      for (const q of [phone, mobile, `pat.lane${i}@mail.example`]) {
        const found = await leadsAwaited(['find', q, '--json'], { db: ws.db });
        expect(found.code, q).toBe(0);
        expect(JSON.parse(found.stdout).map((l: { first_name: string }) => l.first_name), q).toEqual([`Pat${i}`]);
      }
    }
    // three imports of 30,000 rows: room for a machine that is busy with other work
  }, 900_000);
});
