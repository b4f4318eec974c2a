// `leads backup` while other processes write (an import of 20k rows, a stream of logged
// calls): every copy passes integrity_check and foreign_key_check, and holds the import
// wholly or not at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leadsAwaited, tempWorkspace } from '../helpers/cli.js';
import { figure, health, peopleCsv, runAsync, scalar, type Ended } from './util.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeAll(() => (ws = tempWorkspace()));
afterAll(() => ws.cleanup());

describe('leads backup while another process writes', () => {
  it('each copy is whole: integrity ok, foreign keys clean, the import in it all or nothing', async () => {
    const db = ws.db;
    const seed = join(ws.dir, 'seed.csv');
    writeFileSync(seed, peopleCsv(200, 100_000));
    expect((await leadsAwaited(['import', seed], { db })).code).toBe(0);
    const before = scalar(db, 'SELECT count(*) FROM leads');
    const csv = join(ws.dir, 'people.csv');
    writeFileSync(csv, peopleCsv(20_000));

    // the writers run beside the backups; what they did is checked once all have ended (a
    // promise that settles later never holds an assertion)
    let writing = true;
    const importing = runAsync(['import', csv], { db }).finally(() => (writing = false));
    const logging = (async () => {
      const runs: Ended[] = [];
      for (let id = 1; writing && id <= before; id++) runs.push(await runAsync(['log', String(id), '2', '--note', 'during backup'], { db }));
      return runs;
    })();
    const backups: Ended[] = [];
    const copies: string[] = [];
    while (writing || copies.length < 3) {
      const file = join(ws.dir, `backup-${copies.length}.db`);
      backups.push(await runAsync(['backup', file], { db }));
      copies.push(file);
    }
    const [imp, logs] = await Promise.all([importing, logging]);
    expect(imp.code, imp.stderr).toBe(0);
    for (const r of backups) expect(r, r.stderr).toMatchObject({ code: 0, stderr: expect.not.stringMatching(/locked|busy/i) });
    // a log waits up to its busy timeout (10 s) for the import's one transaction: on a loaded
    // machine it may wait longer and say so; then it saved nothing (the copies check that)
    for (const r of logs) {
      if (r.code !== 0) expect(r, r.stderr).toMatchObject({ code: 1, stderr: 'leads: the database stayed busy too long; try again\n' });
    }
    const logged = logs.filter((r) => r.code === 0).length;
    const after = scalar(db, 'SELECT count(*) FROM leads');
    const seen = new Set<number>();
    for (const file of copies) {
      const h = health(file);
      expect(h.integrity, file).toBe('ok');
      expect(h.foreignKeys, file).toEqual([]);
      const n = scalar(file, 'SELECT count(*) FROM leads');
      expect([before, after], file).toContain(n);
      seen.add(n);
      // each logged call is whole in the copy: the call touch with its lead's code and letter
      expect(scalar(file, "SELECT count(*) FROM touches t JOIN leads l ON l.id = t.lead_id WHERE t.channel = 'call' AND (l.code IS NOT 2 OR l.last_called_at IS NULL)")).toBe(0);
      expect(scalar(file, "SELECT count(*) FROM touches WHERE channel = 'call'")).toBe(scalar(file, 'SELECT count(*) FROM batch_items'));
    }
    expect(seen.has(before), 'no backup ran while the import was writing').toBe(true);
    figure('backup while writing', `${copies.length} backups during a 20k-row import and ${logged} logged calls: all integrity ok, import all-or-nothing in each`);
  }, 900_000);
});
