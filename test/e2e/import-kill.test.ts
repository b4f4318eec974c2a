// One file is one transaction (SPEC "Import"): a 200k-row import killed with SIGKILL
// midway leaves the lead count as before and `leads doctor` clean; the same import run
// again afterwards completes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { awaitedProcess, leadsAsync, leadsAwaited, ROOT, tempWorkspace } from '../helpers/cli.js';

const GEN = join(ROOT, '..', 'shared', 'bench', 'gen-leads.mjs');

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

/** 200k rows: the shared generator when it is there, else a plain one of our own. */
async function bigFile(rows: number): Promise<string> {
  const path = join(ws.dir, 'big.csv');
  if (existsSync(GEN)) {
    const made = await awaitedProcess(process.execPath, [GEN, String(rows), path, '7'], { env: process.env });
    expect(made.code, made.stderr).toBe(0);
  } else {
    const out = ['first_name,last_name,company,phone,email'];
    for (let i = 0; i < rows; i++) {
      out.push(`P${i},L${i % 97},Co ${i % 500},(${200 + (i % 700)}) ${200 + ((i >> 4) % 700)}-${String(i % 10000).padStart(4, '0')},p${i}@x.example`);
    }
    writeFileSync(path, out.join('\n') + '\n');
  }
  return path;
}

const count = (db: string) => {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n;
  } finally {
    d.close();
  }
};

describe('an import killed midway', () => {
  it('leaves the leads as they were and the database clean', async () => {
    const small = join(ws.dir, 'small.csv');
    writeFileSync(small, 'Name,Phone\nAl Able,(212) 555-0101\nBea Best,(212) 555-0102\n');
    expect((await leadsAwaited(['import', small], { db: ws.db })).code).toBe(0);
    const before = count(ws.db);
    const big = await bigFile(200_000);

    const child = leadsAsync(['import', big], { db: ws.db });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let running = true;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => {
        running = false;
        resolve({ code, signal });
      }),
    );
    // midway: the transaction has written megabytes to the WAL but not committed; watched
    // for as long as the import runs, however slow the machine
    const wal = `${ws.db}-wal`;
    let killedAt = 0;
    while (running) {
      await new Promise((r) => setTimeout(r, 20));
      if (existsSync(wal) && statSync(wal).size > 8 * 1024 * 1024) {
        killedAt = statSync(wal).size;
        child.kill('SIGKILL');
        break;
      }
    }
    const end = await exited;
    expect(killedAt, `the import finished before it could be killed: ${stderr}`).toBeGreaterThan(0);
    expect(end.signal).toBe('SIGKILL');

    expect(count(ws.db)).toBe(before);
    const doctor = await leadsAwaited(['doctor', '--json'], { db: ws.db });
    expect(doctor.code).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true, integrity: 'ok', foreign_key_violations: {} });
    const history = JSON.parse((await leadsAwaited(['imports', '--json'], { db: ws.db })).stdout);
    expect(history).toHaveLength(1);

    // and the database takes the whole file afterwards
    const again = await leadsAwaited(['import', big, '--json'], { db: ws.db });
    expect(again.code).toBe(0);
    const r = JSON.parse(again.stdout);
    expect(r.read).toBe(200_000);
    expect(count(ws.db)).toBe(before + r.inserted);
  }, 600_000);
});
