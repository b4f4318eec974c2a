// Ctrl-C (SIGINT) to the real process in the middle of an import: one line saying what was
// and was not kept, exit 130, the database as before for the file under way and clean.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leads, leadsAsync, leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { newInterruption } from '../../dist/cli/interrupt.js';
import { peopleCsv } from '../reliability/util.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const count = () => {
  const d = new Database(ws.db, { readonly: true });
  try {
    return d.prepare('SELECT count(*) FROM leads').pluck().get() as number;
  } finally {
    d.close();
  }
};

/** Starts `leads ARGS`, sends SIGINT once the import's transaction has written to the WAL, and waits for the end. */
async function interruptMidway(args: string[]) {
  const child = leadsAsync(args, { db: ws.db });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const wal = `${ws.db}-wal`;
  let sent = false;
  const start = Date.now();
  while (!sent && Date.now() - start < 60_000) {
    await new Promise((r) => setTimeout(r, 20));
    if (existsSync(wal) && statSync(wal).size > 4 * 1024 * 1024) {
      child.kill('SIGINT');
      sent = true;
    }
  }
  const end = await ended;
  expect(sent, `the import ended before it could be interrupted: ${stderr}`).toBe(true);
  return { ...end, stderr };
}

describe('Ctrl-C during an import', () => {
  it('says nothing of the import was saved, exits 130, and the leads are as before', async () => {
    const big = join(ws.dir, 'big.csv');
    writeFileSync(big, peopleCsv(150_000));
    const r = await interruptMidway(['import', big]);
    expect(r).toMatchObject({ code: 130, signal: null, stderr: 'leads: interrupted: nothing of this import was saved\n' });
    expect(count()).toBe(0);
    const doctor = leads(['doctor', '--json'], { db: ws.db });
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true, integrity: 'ok' });
  }, 600_000);

  it('with several files: the ones before are kept, and the line says which was not; a file that brought nothing new is not counted', async () => {
    const small = join(ws.dir, 'small.csv');
    writeFileSync(small, 'Name,Phone\nAl Able,(212) 555-0101\nBea Best,(212) 555-0102\n');
    // the same two people again: nothing new, so no import is recorded for it
    const again = join(ws.dir, 'again.csv');
    writeFileSync(again, 'Name,Phone\nAl Able,(212) 555-0101\nBea Best,(212) 555-0102\n');
    const big = join(ws.dir, 'big.csv');
    writeFileSync(big, peopleCsv(150_000));
    const r = await interruptMidway(['import', small, again, big]);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe(`leads: interrupted: nothing of this import of ${big} was saved; the file imported before it is saved\n`);
    expect(count()).toBe(2);
  }, 600_000);
});

describe('a signal once the import is saved', () => {
  it('is told that the import is saved, not that nothing was: from its commit to the end of the process', async () => {
    writeFileSync(join(ws.dir, 'people.csv'), peopleCsv(20));
    const interruption = newInterruption();
    // the run's account as it stands when the program is done: what a signal before the process is gone would tell
    const r = await leadsInProcess(['import', join(ws.dir, 'people.csv'), '--rejects', join(ws.dir, 'rejects.csv')], { db: ws.db, interruption });
    expect(r.code, r.stderr).toBe(0);
    expect(count()).toBe(20);
    expect(interruption.line('SIGTERM')).toBe(`leads: stopped (SIGTERM): the import of ${join(ws.dir, 'people.csv')} is saved (import 1)`);
  });
});
