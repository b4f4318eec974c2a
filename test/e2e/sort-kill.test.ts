// The sort under stress: killed at any moment, or run twice at once, no outcome is served
// twice and none is lost (src/services/sort.ts says how).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leads, leadsAsync, tempWorkspace } from '../helpers/cli.js';
import { addLead, logCode, readCsv, setSender } from '../helpers/batches.js';

// the spawned binary runs with TZ=UTC (test/helpers/cli.ts); in-process runs must agree
process.env.TZ = 'UTC';

let ws: ReturnType<typeof tempWorkspace>;
let env: Record<string, string>;
beforeEach(() => {
  ws = tempWorkspace();
  env = { XDG_CONFIG_HOME: join(ws.dir, 'config') };
});
afterEach(() => ws.cleanup());

const DAY = '2026-11-24';
const LEADS = 40;

async function seed() {
  await setSender(ws.db);
  for (let i = 1; i <= LEADS; i++) {
    const id = await addLead(ws.db, {
      first: `First${i}`, last: `Last${i}`, street: `${i} Main St`, city: 'Boston', region: 'MA', postal: '02110',
      email: `p${i}@example.com`, phone: `(617) 555-${String(1000 + i)}`,
    });
    await logCode(ws.db, id, [2, 5, 6][i % 3]);
  }
}

function state(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      pending: (db.prepare('SELECT count(*) AS n FROM batch_items WHERE batch_id IS NULL').get() as { n: number }).n,
      batches: db.prepare('SELECT id, out_dir, letters, emails, follow_ups FROM batches ORDER BY id').all() as {
        id: number; out_dir: string | null; letters: number; emails: number; follow_ups: number;
      }[],
      touches: db.prepare("SELECT lead_id, channel, count(*) AS n FROM touches WHERE channel IN ('letter', 'email') GROUP BY 1, 2 HAVING n > 1").all(),
      served: (db.prepare("SELECT count(*) AS n FROM touches WHERE channel IN ('letter', 'email')").get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

const run = (args: string[], killAfter?: number) =>
  new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    const child = leadsAsync(args, { db: ws.db, env });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    if (killAfter !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfter);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });

// each case runs several sorts as processes of their own (a batch with letters starts three
// threads): room for a machine shared with other work
describe('leads sort, interrupted or doubled', { timeout: 600_000 }, () => {
  it('killed at any moment: the next sort serves every outcome exactly once', async () => {
    await seed();
    const letters = Math.floor(LEADS / 3); // i % 3 === 0 logged code 2
    for (const delay of [60, 150, 250, 350, 500, 700]) {
      const out = join(ws.dir, `out-${delay}`);
      const r = await run(['sort', '--out', out], delay);
      const s = state(ws.db);
      const folder = join(out, DAY);
      if (s.batches.length) {
        // committed: the folder holds every file
        expect(s.pending).toBe(0);
        expect(s.batches[0].out_dir).toBe(folder);
        expect(readCsv(join(folder, 'letters.csv'))).toHaveLength(s.batches[0].letters);
      } else {
        // not committed: every outcome still pending; a folder published just before the
        // kill is refused by name, never written over or served silently
        expect(s.pending).toBe(LEADS);
        if (existsSync(folder)) {
          const again = leads(['sort', '--out', out], { db: ws.db, env });
          expect(again.code).toBe(1);
          expect(again.stderr).toContain(`${folder} already exists and no batch records it`);
          rmSync(folder, { recursive: true });
        }
        const again = leads(['sort', '--out', out], { db: ws.db, env });
        expect(again.code, again.stderr).toBe(0);
      }
      const after = state(ws.db);
      expect(after.pending, `killed after ${delay} ms (${r.signal ?? r.code})`).toBe(0);
      expect(after.batches).toHaveLength(1);
      expect(after.batches[0].letters).toBe(letters);
      expect(after.touches).toEqual([]); // no lead got two letters or two emails
      expect(after.served).toBe(after.batches[0].letters + after.batches[0].emails);
      expect(readdirSync(out).filter((f) => f.startsWith('.leads-partial-') === false)).toEqual([DAY]);
      // put everything back to pending for the next kill
      const db = new Database(ws.db);
      db.exec(`DELETE FROM deliveries;
               UPDATE batch_items SET batch_id = NULL, skipped = NULL;
               DELETE FROM touches WHERE channel IN ('letter', 'email');
               UPDATE leads SET touch_count = (SELECT count(*) FROM touches t WHERE t.lead_id = leads.id AND t.channel = 'call');
               DELETE FROM batches;`);
      db.close();
    }
  });

  it('two sorts at once: one batch serves everything, the other writes nothing', async () => {
    await seed();
    const [a, b] = await Promise.all([
      run(['sort', '--out', join(ws.dir, 'a')]),
      run(['sort', '--out', join(ws.dir, 'b')]),
    ]);
    expect([a.code, b.code].sort()).toEqual(a.code === 1 || b.code === 1 ? [0, 1] : [0, 0]);
    for (const r of [a, b]) {
      if (r.code === 1) expect(r.stderr).toMatch(/another sort \(or an undo\) changed these outcomes/);
    }
    const s = state(ws.db);
    expect(s.pending).toBe(0);
    expect(s.batches).toHaveLength(1);
    expect(s.touches).toEqual([]);
    const folders = ['a', 'b'].flatMap((d) => (existsSync(join(ws.dir, d)) ? readdirSync(join(ws.dir, d)).map((f) => join(ws.dir, d, f)) : []));
    expect(folders).toEqual([s.batches[0].out_dir]); // the loser left no folder, not even a scratch one
  });
});
