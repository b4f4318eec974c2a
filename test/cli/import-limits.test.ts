// What an import refuses or bounds, and what it leaves behind (SPEC "Import", "Storage"): a
// workbook read as a stream with caps on columns, cells and shared strings; files that are
// no regular files; a refused import leaves no new database; rows of millions of empty
// cells and header lines of millions of characters; a --rejects file that cannot be written;
// files that yield nothing, and imports that change nothing, are not recorded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { awaitedProcess, BIN, leads, leadsAsync, leadsAwaited, tempWorkspace } from '../helpers/cli.js';
import { writeCraftedWorkbook } from '../helpers/workbook.js';

let ws: ReturnType<typeof tempWorkspace>;
afterEach(() => ws.cleanup());

const file = (name: string, content: string | Buffer) => {
  const p = join(ws.dir, name);
  writeFileSync(p, content);
  return p;
};
const count = (sql: string) => {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
};

const text = (v: string) => `<is><t>${v}</t></is>`;
const cell = (ref: string, v: string) => `<c r="${ref}" t="inlineStr">${text(v)}</c>`;

describe('workbooks, read as a stream with caps', () => {
  beforeEach(() => (ws = tempWorkspace()));

  it('a row with a value past the last column read is rejected with its reason, quickly; the rest import', () => {
    const rows = [`<row r="1">${cell('A1', 'Name')}${cell('B1', 'Phone')}</row>`];
    // the crafted workbook of the report: every row with one cell at XFD, Excel's last column
    for (let r = 2; r <= 2001; r++) rows.push(`<row r="${r}">${cell(`A${r}`, `Person ${r}`)}${cell(`B${r}`, `(212) 555-${String(r).padStart(4, '0')}`)}${cell(`XFD${r}`, 'x')}</row>`);
    rows.push(`<row r="2002">${cell('A2002', 'Al Able')}${cell('B2002', '(212) 555-0101')}</row>`);
    const f = join(ws.dir, 'xfd.xlsx');
    writeCraftedWorkbook(f, rows.join(''));
    const r = leads(['import', f, '--json'], { db: ws.db });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ read: 2001, inserted: 1, rejected: 2000 });
    expect(out.rejects[0]).toEqual({ line: 2, reason: 'a value in column XFD, past column AMJ, the last one read' });
  });

  it('more shared strings than a workbook may hold: refused whole with the reason, before a database is made', () => {
    ws = tempWorkspace({ database: false });
    const f = join(ws.dir, 'strings.xlsx');
    writeCraftedWorkbook(f, '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>', '<si><t>Name</t></si><si><t>Phone</t></si>' + '<si><t>x</t></si>'.repeat(2_000_000));
    const r = leads(['import', f], { db: ws.db });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `leads: ${f}: the workbook holds more than 2,000,000 different texts (shared strings), more than an import reads from a workbook; nothing imported: save the sheet as CSV (UTF-8) and import the .csv\n`,
    );
    expect(existsSync(ws.db)).toBe(false);
  });

  it('shared strings and a number formatted as a ZIP code read as the sheet shows them', () => {
    const f = join(ws.dir, 'plain.xlsx');
    writeCraftedWorkbook(f, '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>2125550101</v></c></row>', '<si><t>Name</t></si><si><r><t>Ph</t></r><r><t>one</t></r></si><si><t>Al Able</t></si>');
    expect(JSON.parse(leads(['import', f, '--json'], { db: ws.db }).stdout)).toMatchObject({ inserted: 1, mapped: { name: 'Name', phone: 'Phone' } });
    expect(count("SELECT count(*) FROM leads WHERE first_name = 'Al' AND phone_e164 = '+12125550101'")).toBe(1);
  });
});

describe('files that are not regular files', () => {
  beforeEach(() => (ws = tempWorkspace({ database: false })));

  it('a FIFO to import is refused at once (never waited on), and no database is made', () => {
    const fifo = join(ws.dir, 'list.csv');
    execFileSync('mkfifo', [fifo]);
    const r = leads(['import', fifo], { db: ws.db });
    expect(r).toMatchObject({ code: 1, stderr: `leads: ${fifo} is a pipe (FIFO), not a file to import: give the path of a CSV, .xlsx or .vcf file\n` });
    expect(existsSync(ws.db)).toBe(false);
  });

  it('--rejects naming a FIFO or a device is refused before anything is read', () => {
    const list = file('list.csv', 'Name,Phone\nAl Able,(212) 555-0101\n');
    const fifo = join(ws.dir, 'rejects.csv');
    execFileSync('mkfifo', [fifo]);
    for (const target of [fifo, '/dev/null']) {
      const r = leads(['import', list, '--rejects', target], { db: ws.db });
      expect(r).toMatchObject({ code: 2, stderr: `leads: --rejects ${target} is not a regular file (a pipe or a device); give the name of a new file\n` });
    }
    expect(existsSync(ws.db)).toBe(false);
  });
});

describe('a refused import leaves no new database', () => {
  beforeEach(() => (ws = tempWorkspace({ database: false })));

  it('NUL bytes: refused before a database is made', () => {
    const r = leads(['import', file('nul.csv', Buffer.from('Name,Phone\nAl\0 Able,(212) 555-0101\n'))], { db: ws.db });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nul\.csv: the file holds NUL bytes/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(ws.db)).toBe(false);
  });

  it('a header line of megabytes is refused with its reason: the next line is not taken for the header', () => {
    const big = file('wide.csv', `${'H'.repeat(5_000_000)}\nName,Phone\nAl Able,(212) 555-0101\n`);
    const r = leads(['import', big], { db: ws.db });
    expect(r).toMatchObject({ code: 1, stderr: `leads: ${big}: line 1 cannot be read as a header: a field of 5,000,000 characters; nothing imported (is this a contact list?)\n` });
    expect(existsSync(ws.db)).toBe(false);
  });

  it('a header-only file: exit 1 with the reason, no database, no import recorded', () => {
    const r = leads(['import', file('h.csv', 'Name,Phone\r\n\r\n')], { db: ws.db });
    expect(r).toMatchObject({ code: 1, stderr: `leads: ${join(ws.dir, 'h.csv')}: a header line and no rows: nothing imported\n` });
    expect(existsSync(ws.db)).toBe(false);
  });

  it('every row rejected: exit 1 with the first reason; the --rejects file whole; the database made for it removed', () => {
    const rejects = join(ws.dir, 'rejected.csv');
    const r = leads(['import', file('bad.csv', 'Name,Phone,Notes\n,,hello\n"Bea Best,(212) 555-0102\n'), '--rejects', rejects], { db: ws.db });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `leads: made a new database at ${ws.db}\n` +
        `leads: nothing was imported, so no database was kept at ${ws.db}\n` +
        `leads: ${join(ws.dir, 'bad.csv')}: all 2 rows were rejected (line 2: no name, company, phone or email, ...); nothing imported; ${rejects} lists them\n`,
    );
    expect(readFileSync(rejects, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(existsSync(ws.db)).toBe(false);
  });
});

describe('rows and records', () => {
  beforeEach(() => (ws = tempWorkspace()));

  it('a row with millions of trailing empty cells is a row: its values imported, the empties nothing', () => {
    const f = file('empties.csv', `Name,Phone\nAl Able,(212) 555-0101${','.repeat(5_000_000)}\nBea Best,(212) 555-0102\n`);
    expect(JSON.parse(leads(['import', f, '--json'], { db: ws.db }).stdout)).toMatchObject({ inserted: 2, rejected: 0 });
    expect(count("SELECT count(*) FROM leads WHERE first_name = 'Al' AND phone_e164 = '+12125550101' AND extra IS NULL")).toBe(1);
  });

  it('an import that added and changed nothing is not recorded', () => {
    const f = file('list.csv', 'Name,Phone\nAl Able,(212) 555-0101\n');
    expect(leads(['import', f], { db: ws.db }).code).toBe(0);
    const again = leads(['import', f, '--json'], { db: ws.db });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ import_id: null, inserted: 0, duplicates: 1, imported_before: { import_id: 1 } });
    expect(count('SELECT count(*) FROM imports')).toBe(1);
    expect(count("SELECT count(*) FROM touches WHERE channel = 'import'")).toBe(1);
  });
});

describe('a --rejects file that cannot be written', () => {
  beforeEach(() => (ws = tempWorkspace()));

  it('an import stopped by a signal or killed leaves no --rejects file, cut off or empty: the next run with the same name makes it', async () => {
    const list = file('list.csv', `Name,Phone,Notes\n${',,no one\n'.repeat(200_000)}Al Able,(212) 555-0101,\n`);
    const rejects = join(ws.dir, 'rej.csv');
    const partials = () => readdirSync(ws.dir).filter((f) => f.startsWith('.rej.csv.partial-'));
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const child = leadsAsync(['import', list, '--rejects', rejects], { db: ws.db });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const ended = new Promise<[number | null, string | null]>((resolve) => child.on('close', (code, sig) => resolve([code, sig])));
      // stopped once its rejects file is begun, so the signal lands with the import under way
      while (!partials().length && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
      child.kill('SIGSTOP');
      child.kill(signal);
      child.kill('SIGCONT');
      expect(await ended, stderr).toEqual(signal === 'SIGTERM' ? [143, null] : [null, 'SIGKILL']);
      if (signal === 'SIGTERM') expect(stderr).toMatch(/leads: stopped \(SIGTERM\): nothing of this import was saved\n$/);
      expect(existsSync(rejects)).toBe(false);
      // a kill -9 leaves its partial, which the next run removes
      expect(partials()).toHaveLength(signal === 'SIGKILL' ? 1 : 0);
    }
    const r = await leadsAwaited(['import', list, '--rejects', rejects], { db: ws.db });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(rejects, 'utf8').split('\n')).toHaveLength(200_002);
    expect(partials()).toEqual([]);
  });

  it('is removed, not left partial, and the error names it, not the file imported (a file size limit)', async () => {
    const rows = ['Name,Phone,Notes'];
    for (let i = 0; i < 600; i++) rows.push(`,,${'note '.repeat(40)}`);
    rows.push('Al Able,(212) 555-0101,');
    const list = file('list.csv', rows.join('\n') + '\n');
    const rejects = join(ws.dir, 'rejects.csv');
    // the process is the point: a limit on the size of the files it writes (ulimit -f, in KiB)
    const r = await awaitedProcess('bash', ['-c', 'ulimit -f 64; exec "$0" "$@"', process.execPath, BIN, 'import', list, '--rejects', rejects], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', LEADS_DB: ws.db, LEADS_TODAY: '2026-11-24' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`leads: cannot write ${rejects}: the file grew past the largest size allowed here (ulimit -f); no ${rejects} was made, and nothing of this import was saved\n`);
    expect(existsSync(rejects)).toBe(false);
    expect(count('SELECT count(*) FROM leads')).toBe(0);
  });
});

describe('a --rejects file when the database cannot be opened', () => {
  beforeEach(() => (ws = tempWorkspace()));

  it('is removed with the run, not left empty beside the list', () => {
    const list = file('list.csv', 'Name,Phone\nAl Able,(212) 555-0101\n');
    const rejects = join(ws.dir, 'rejects.csv');
    // another program's file where the database should be: refused after the list was opened
    const r = leads(['import', list, '--rejects', rejects], { db: file('notes.txt', 'not a database\n') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a leads database/);
    expect(existsSync(rejects)).toBe(false);
  });
});
