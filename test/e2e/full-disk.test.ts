// A full disk, for real: a small tmpfs filled to the last block (mounting needs root, as CI
// and these sessions run; elsewhere the file is skipped, saying so). Every command says the
// disk is full in one line, exits 1, leaves no partial file, and the database as it was;
// with room again the same command goes through.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { awaitedProcess, BIN, leads, leadsAwaited, leadsProcess } from '../helpers/cli.js';
import { loadMigrations, openDatabase } from '../../dist/store/db.js';
import { setSender } from '../helpers/batches.js';

const root = mkdtempSync(join(tmpdir(), 'leads-full-'));
const disk = join(root, 'disk');
mkdirSync(disk);
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk]).status === 0;
if (!mounted) console.warn('full-disk tests skipped: mounting a tmpfs needs root');
afterAll(() => {
  if (mounted) spawnSync('umount', [disk]);
  rmSync(root, { recursive: true, force: true });
});

const db = join(disk, 'leads.db');
const filler = join(disk, 'filler');
// the config folder (the suppressions' key) on another disk, as ~/.config may be
const o = { db, env: { XDG_CONFIG_HOME: join(root, 'config') } };

/** Fills what is left of the disk (a file of zeros written until it takes no more). */
function fill() {
  const fd = openSync(filler, 'a');
  const block = Buffer.alloc(16 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (e) {
    expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
  }
  const small = Buffer.alloc(512);
  try {
    for (;;) writeSync(fd, small);
  } catch {
    // the last bytes
  } finally {
    closeSync(fd);
  }
}
const free = () => rmSync(filler, { force: true });

/** What the database holds, told apart by its content: a change or a loss shows. */
function content() {
  const d = new Database(db, { readonly: true });
  try {
    return {
      integrity: d.pragma('integrity_check', { simple: true }),
      rows: d.prepare('SELECT (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM touches) AS touches, (SELECT group_concat(coalesce(city, \'\') || do_not_call) FROM leads) AS fields').get(),
    };
  } finally {
    d.close();
  }
}

const FULL = /^leads: the disk holding the database is full: .+; free space and go on\n$/;

/** A database on another disk, for the tests of a full disk under an output file. */
const elsewhere = { db: join(root, 'elsewhere', 'leads.db'), env: o.env };

beforeAll(() => {
  if (!mounted) return;
  writeFileSync(join(root, 'people.csv'), 'First Name,Last Name,Phone,Email,Street,City,Zip\n' +
    Array.from({ length: 60 }, (_, i) => `P${i},L${i},(617) 555-${1000 + i},p${i}@x.example,${i} Main St,Boston,02110`).join('\n') + '\n');
});
beforeEach(() => {
  if (!mounted) return;
  free();
  for (const f of readdirSync(disk)) rmSync(join(disk, f), { recursive: true, force: true });
  expect(leads(['import', join(root, 'people.csv')], o).code).toBe(0);
});
afterEach(() => free());

// each case runs several commands: room for a busy machine
describe.skipIf(!mounted)('a full disk holding the database', () => {
  const writes: [string, string[]][] = [
    ['log', ['log', '1', '2', '--note', 'sent it']],
    ['add', ['add', '--first', 'Zed', '--phone', '(617) 555-0999']],
    ['edit', ['edit', '2', '--city', 'Salem']],
    ['dnc', ['dnc', '3', '--call']],
    ['note', ['note', '4', 'call after lunch']],
    ['forget', ['forget', '5', '--yes']],
    ['config set', ['config', 'set', 'sender.name', 'Pat Seller']],
  ];

  // a call session in another terminal keeps the database open: its -wal and -shm are there
  describe('while another process has it open', () => {
    let held: Database.Database;
    beforeEach(() => {
      held = new Database(db, { readonly: true });
      held.prepare('SELECT count(*) FROM leads').get();
    });
    afterEach(() => held.close());

    it.each(writes)('%s: one line, exit 1, nothing changed; with room again it goes through', (_name, args) => {
      const before = content();
      fill();
      const r = leads(args, o);
      expect(r.stderr).toMatch(FULL);
      expect(r.stderr).not.toMatch(/internal error|DEBUG/);
      expect(r.code).toBe(1);
      expect(content()).toEqual(before);
      free();
      const again = leads(args, o);
      expect(again.code, again.stderr).toBe(0);
    });
  });

  it.each(writes.slice(0, 2))('%s with no other process: its -shm cannot be sized; said as a full disk too', (_name, args) => {
    const before = content();
    fill();
    const r = leads(args, o);
    expect(r.stderr).toMatch(FULL);
    expect(r.stderr).not.toMatch(/internal error|DEBUG/);
    expect(r.code).toBe(1);
    expect(content()).toEqual(before);
  });

  it('the suppressions\' first key on a full disk: said as such, nothing erased', () => {
    const held = new Database(db, { readonly: true });
    try {
      held.prepare('SELECT 1').get();
      fill();
      // its config folder on the full disk too
      const r = leads(['forget', '5', '--yes'], { db });
      expect(r.stderr).toMatch(/^leads: the disk holding the suppression key \S+ is full: nothing was changed; free space and go on\n$/);
      expect(r.code).toBe(1);
    } finally {
      held.close();
    }
  });

  it('log says which outcome was not saved', () => {
    const held = new Database(db, { readonly: true });
    try {
      held.prepare('SELECT 1').get();
      fill();
      expect(leads(['log', '1', '2'], o).stderr).toBe(
        'leads: the disk holding the database is full: the outcome for lead 1 was not saved; free space and go on\n',
      );
    } finally {
      held.close();
    }
  });

  it('sort: no batch, no partial folder, the outcomes still wait', async () => {
    await setSender(db);
    expect(leads(['log', '1', '2'], o).code).toBe(0);
    const out = join(disk, 'batches');
    fill();
    const r = leads(['sort', '--out', out], o);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^leads: (cannot write \S+: the disk is full|the disk holding the database is full: .*)\n$/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    free();
    const again = leads(['sort', '--out', out, '--json'], o);
    expect(JSON.parse(again.stdout)).toMatchObject({ letters: { count: 1 } });
  });

  it('an upgrade on a full disk leaves no copy behind, however often it is tried', () => {
    rmSync(db);
    openDatabase(db, loadMigrations().slice(0, -1)).close();
    fill();
    for (let i = 0; i < 3; i++) {
      const r = leads(['list'], o);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^leads: the disk holding the database is full/);
      expect(readdirSync(disk).filter((f) => f.endsWith('.bak'))).toEqual([]);
    }
    free();
    expect(leads(['list'], o).code).toBe(0);
    expect(readdirSync(disk).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
  });

  it('forget in a database made before secure_delete: the erase is kept, its rebuild is left to the next command', () => {
    // what a database made before leads kept its free space clean looks like
    const d = new Database(db);
    d.prepare("DELETE FROM settings WHERE key = 'state.free_space_clean'").run();
    d.close();
    // room for the erase itself, not for its rebuild (a second copy of the file, and some)
    const fd = openSync(filler, 'w');
    writeSync(fd, Buffer.alloc(Math.max(0, statfsFree() - 512 * 1024)));
    closeSync(fd);
    const r = leads(['forget', '6', '--yes'], o);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/leads: the erase of lead 6 is not finished: the rebuild of the database file.*less free space than a copy of it takes/);
    expect(JSON.parse(leads(['show', '6', '--json'], o).stdout)).toMatchObject({ first_name: null, last_name: null, phone: null });
    free();
    const next = leads(['note', '1', 'called back'], o);
    expect(next.stderr).toBe('leads: finished the erase of lead 6 an earlier `leads forget` could not finish\n');
    expect(leads(['doctor'], o).code).toBe(0);
  });
});

/** Every cell of a workbook's sheets, as text. */
async function sheetText(path: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book.worksheets.flatMap((w) => w.getSheetValues().map((row) => JSON.stringify(row))).join('\n');
}

function statfsFree(): number {
  const r = spawnSync('df', ['-B1', '--output=avail', disk], { encoding: 'utf8' });
  return Number(r.stdout.trim().split('\n')[1]);
}

describe.skipIf(!mounted)('a full disk under an output file', () => {
  const out = join(disk, 'out');
  beforeAll(() => {
    if (mounted) expect(leads(['import', join(root, 'people.csv')], elsewhere).code).toBe(0);
  });

  it('export --out: exit 1, one line, no file and no partial one', () => {
    fill();
    const workbook = ['export', '--format', 'xlsx', '--out', out];
    for (const args of [['export', '--out', out], ['export', '--format', 'json', '--out', out], ['export', '--lead', '1', '--out', out], workbook]) {
      const r = leads(args, elsewhere);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^leads: cannot (write|create) \S+: the disk is full(; no \S+ was made)?\n$/);
      expect(readdirSync(disk).filter((f) => f.includes('out'))).toEqual([]);
    }
    free();
    expect(leads(workbook, elsewhere).code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });

  it('sort --out: the line names the batch folder, not the scratch folder already gone, and says the outcomes still wait', async () => {
    await setSender(elsewhere.db);
    expect(leads(['log', '1', '2'], elsewhere).code).toBe(0);
    const batches = join(disk, 'batches');
    fill();
    const r = leads(['sort', '--out', batches], elsewhere);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^leads: cannot write ${batches}/\\d{4}-\\d{2}-\\d{2}/\\S+: the disk is full; no batch was made: the outcomes still wait for the next sort\n$`));
    expect(existsSync(batches) ? readdirSync(batches) : []).toEqual([]);
    free();
    const again = leads(['sort', '--out', batches, '--json'], elsewhere);
    expect(JSON.parse(again.stdout)).toMatchObject({ letters: { count: 1 } });
  });

  it('export > file and list > file: one line, no stack, the file as it was before', () => {
    fill();
    for (const cmd of ['export', 'list']) {
      writeFileSync(out, '');
      const fd = openSync(out, 'w');
      const r = spawnSync(process.execPath, [BIN, cmd], { env: { PATH: process.env.PATH, LEADS_DB: elsewhere.db }, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      closeSync(fd);
      expect(r.stderr, cmd).toBe('leads: cannot write the output: the disk is full; the file it went to is as it was before\n');
      expect(r.status).toBe(1);
      expect(statSync(out).size).toBe(0);
    }
  });

  it('a file size limit (ulimit -f): export --out and export > file fail whole, never "exported"', async () => {
    const big = join(root, 'big.csv');
    writeFileSync(join(root, 'more.csv'), 'First Name,Last Name,Phone,Email,Street,City,Zip\n' +
      Array.from({ length: 600 }, (_, i) => `Q${i},M${i},(212) 555-${1000 + i},q${i}@x.example,${i} Elm St,New York,10001`).join('\n') + '\n');
    expect((await leadsAwaited(['import', join(root, 'more.csv')], elsewhere)).code).toBe(0);
    // sh counts the limit in blocks of 512 bytes: 40 KiB, where the 32 KiB -shm of the database still fits
    const sh = (line: string) => awaitedProcess('sh', ['-c', `ulimit -f 80; ${line}`], { env: { PATH: process.env.PATH, LEADS_DB: elsewhere.db }, cwd: root });
    const r1 = await sh(`exec "${process.execPath}" "${BIN}" export --out "${big}"`);
    expect(r1.stderr).toMatch(/^leads: cannot write \S+: the file grew past the largest size allowed here \(ulimit -f\); no \S+ was made\n$/);
    expect(r1.status).toBe(1);
    expect(readdirSync(root).filter((f) => f.includes('big'))).toEqual([]);
    const r2 = await sh(`exec "${process.execPath}" "${BIN}" export > "${big}"`);
    expect(r2.stderr).toBe('leads: cannot write the output: the file grew past the largest size allowed here (ulimit -f); the file it went to is as it was before\n');
    expect(statSync(big).size).toBe(0);
    expect(readFileSync(big, 'utf8')).toBe('');
  });

  it('a batch written again onto a full disk: exit 1, and no folder of it left, not even an empty one', async () => {
    await setSender(elsewhere.db);
    expect(leads(['log', '1', '2'], elsewhere).code).toBe(0);
    expect(leads(['sort', '--out', join(root, 'batches')], elsewhere).code).toBe(0);
    fill();
    const r = leads(['batches', '1', '--rewrite', '--out', join(disk, 'new', 'batches')], elsewhere);
    expect(r.code).toBe(1);
    // the batch's own folder named, never the hidden one it was written in
    expect(r.stderr).toBe(`leads: cannot write ${join(disk, 'new', 'batches', '2026-11-24', 'letters.csv')}: the disk is full; no ${join(disk, 'new', 'batches', '2026-11-24')} was made\n`);
    expect(existsSync(join(disk, 'new'))).toBe(false);
  });

  it('forget with the batch folder on a full disk: letters.csv scrubbed, the PDFs not; the next command rewrites them', async () => {
    const scrub = { db: join(root, 'scrub', 'leads.db'), env: o.env };
    expect(leads(['import', join(root, 'people.csv')], scrub).code).toBe(0);
    await setSender(scrub.db);
    for (const id of ['4', '5']) expect(leads(['log', id, '2'], scrub).code).toBe(0);
    const folder = join(disk, 'batches');
    const sort = leads(['sort', '--out', folder, '--json'], scrub);
    const dir = join(folder, readdirSync(folder)[0]);
    expect(JSON.parse(sort.stdout)).toMatchObject({ letters: { count: 2 } });
    const texts = async () => ({
      csv: readFileSync(join(dir, 'letters.csv'), 'utf8'),
      pdf: ['envelopes.pdf', 'labels.pdf', 'letters.pdf'].map((f) => spawnSync('pdftotext', [join(dir, f), '-'], { encoding: 'utf8' }).stdout).join('\n'),
      xlsx: await sheetText(join(dir, 'letters.xlsx')),
    });
    const before = await texts();
    for (const t of Object.values(before)) expect(t).toMatch(/P3 L3[^]*P4 L4/);
    // room for a new letters.csv, not for the letters printed again beside it
    fill();
    truncateSync(filler, statSync(filler).size - 8192);
    const r = leads(['forget', '4', '--yes'], scrub);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^leads: the erase of lead 4 is not finished: batch 1: .*could not be written again without them.*disk is full/m);
    const failed = await texts();
    expect(failed.csv).not.toContain('L3');
    expect(failed.pdf).toContain('P3 L3');
    free();
    const next = leads(['note', '5', 'called back'], scrub);
    expect(next.stderr).toBe(
      'leads: finished the erase of lead 4 an earlier `leads forget` could not finish\n' +
        `leads:   batch 1 (${dir}): taken out of letters.csv, letters.xlsx, envelopes.pdf, labels.pdf, letters.pdf\n`,
    );
    const after = await texts();
    for (const [f, t] of Object.entries(after)) {
      expect(t, f).not.toMatch(/P3|L3|3 Main St/);
      expect(t, f).toContain('P4 L4');
    }
    expect(leads(['note', '5', 'again'], scrub).stderr).toBe('');
  });

  it('backup onto a full disk: exit 1, one line, nothing left', () => {
    fill();
    const r = leadsProcess(['backup', join(disk, 'copy.db')], elsewhere);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^leads: (backup failed, nothing kept: the disk holding \S+ is full|cannot create \S+: the disk is full)\n$/);
    expect(readdirSync(disk).filter((f) => f.includes('copy'))).toEqual([]);
  });
});
