// A big night: from 250 letters and 250 emails the sort writes the PDFs and the .eml
// files on worker threads (src/batches/write.ts); the batch must be the same whole batch
// a small night's is, written in the command's own thread, and a full disk under those
// threads the same one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leadsAwaited, tempWorkspace } from '../helpers/cli.js';
import { pdfPages, readCsv, setSender } from '../helpers/batches.js';
import { RAW_DISK, smallDisk } from '../reliability/hunt-doors.js';

const LETTERS = 250;
const EMAILS = 250;

let ws: ReturnType<typeof tempWorkspace>;
beforeAll(() => (ws = tempWorkspace()));
afterAll(() => ws.cleanup());

async function run(args: string[], env: Record<string, string> = {}) {
  const r = await leadsAwaited(args, { db: ws.db, env });
  expect(r.code, `leads ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

describe('leads sort: a night big enough for a second thread', () => {
  it(`${LETTERS} letters and ${EMAILS} emails: on a full disk one line and no batch; with room, every page, label and message written`, async () => {
    const people = ['First Name,Last Name,Phone,Email,Street,City,State,Zip'];
    for (let i = 0; i < LETTERS + EMAILS; i++) {
      people.push(`Pat${i},Lee${i},(617) 555-${String(1000 + i)},pat${i}@lee.example,${i + 1} Main St,Boston,MA,02110`);
    }
    const csv = join(ws.dir, 'people.csv');
    writeFileSync(csv, people.join('\n') + '\n');
    await run(['import', csv], { LEADS_TODAY: '2026-11-01 09:00' });
    await setSender(ws.db);
    for (let id = 1; id <= LETTERS + EMAILS; id++) await run(['log', String(id), id <= LETTERS ? '2' : '5']);

    // first onto a disk without room for the night: whichever thread meets the full disk
    // first, the others are stopped and nothing of the batch is left
    const disk = smallDisk(ws.dir, '2m');
    if (disk) {
      try {
        disk.fill(200 * 1024);
        const full = await leadsAwaited(['sort', '--out', join(disk.path, 'out')], { db: ws.db });
        expect(full.code, full.stderr).toBe(1);
        expect(full.stderr).toMatch(/^leads: cannot write \S+: the disk is full; .*no batch was made: the outcomes still wait for the next sort\n$/);
        expect(full.stderr).not.toMatch(RAW_DISK);
        // not even the folder it made for the batch
        expect(readdirSync(disk.path)).toEqual(['.filler']);
        expect(JSON.parse((await run(['batches', '--json'])).stdout)).toEqual([]);
      } finally {
        disk.unmount();
      }
    }

    const out = join(ws.dir, 'out');
    expect(existsSync(out)).toBe(false);
    const s = JSON.parse((await run(['sort', '--out', out, '--json'])).stdout);
    expect({ letters: s.letters.count, emails: s.emails.count }).toEqual({ letters: LETTERS, emails: EMAILS });
    const dir = join(out, '2026-11-24');
    expect(readCsv(join(dir, 'letters.csv'))).toHaveLength(LETTERS);
    expect(pdfPages(join(dir, 'envelopes.pdf'))).toBe(LETTERS);
    expect(pdfPages(join(dir, 'letters.pdf'))).toBe(LETTERS);
    // Avery 5160: thirty labels a sheet
    expect(pdfPages(join(dir, 'labels.pdf'))).toBe(Math.ceil(LETTERS / 30));
    const eml = readdirSync(join(dir, 'emails'));
    expect(eml).toHaveLength(EMAILS);
    const to = eml.map((f) => /^To: .*<(pat\d+@lee\.example)>$/m.exec(readFileSync(join(dir, 'emails', f), 'utf8'))?.[1]);
    expect(new Set(to).size).toBe(EMAILS);
    expect(to.every((a) => a !== undefined)).toBe(true);

    const batches = JSON.parse((await run(['batches', '--json'])).stdout);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ letters: LETTERS, emails: EMAILS });
  });
});
