import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { awaitedProcess, BIN, leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';


let ws: ReturnType<typeof tempWorkspace>;
const run = (args: string[]) => leadsInProcess(args, { db: ws.db });
const FORMULA = '=HYPERLINK("http://x")';
const rowsOf = (csv: string) => parse(csv, { columns: true, bom: true }) as Record<string, string>[];

beforeEach(async () => {
  ws = tempWorkspace();
  await run(['add', '--first', 'Ann', '--last', 'Baker', '--company', FORMULA, '--phone', '+1 555 100 2000', '--list', 'spring']);
  // the line break is folded to a space on the way in: contact fields are one line
  await run(['add', '--first', 'Bo', '--last', '@Dunn', '--company', 'Dunn, "Sons" & Co\nBakers', '--phone', '(555) 100-3000', '--email', 'bo@dunn.example']);
  await run(['add', '--first', '-5 Cy', '--city', 'Zürich', '--postal-code', '02139', '--list', 'spring']);
  await run(['note', '1', '@call them +1 555']);
});
afterEach(() => ws.cleanup());

describe('leads export (CSV)', () => {
  it('writes every lead with a header, formula-looking cells neutralised with a leading quote', async () => {
    const r = await run(['export']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    // the raw text: the company cell starts with ' (inside the quotes RFC 4180 needs for its own quotes)
    expect(r.stdout).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(r.stdout.split('\r\n')[0].split(',').slice(0, 6)).toEqual(['id', 'first_name', 'last_name', 'company', 'title', 'phone']);
    const rows = rowsOf(r.stdout);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      // +1 555 100 is no valid number: kept as written, with no E.164
      id: '1', first_name: 'Ann', company: `'${FORMULA}`, phone: "'+1 555 100 2000", phone_e164: '', do_not_call: 'false',
    });
    expect(rows[1]).toMatchObject({ last_name: "'@Dunn", company: 'Dunn, "Sons" & Co Bakers', phone: '(555) 100-3000', email: 'bo@dunn.example' });
    // leading zeros and accents kept; numbers and empty fields plain
    expect(rows[2]).toMatchObject({ first_name: "'-5 Cy", city: 'Zürich', postal_code: '02139', company: '', touch_count: '0' });
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r\n]/);
  });

  it('takes the filters of leads list', async () => {
    const spring = rowsOf((await run(['export', '--list', 'spring'])).stdout);
    expect(spring.map((r) => r.id)).toEqual(['1', '3']);
    // by last name as leads list sorts: none, "@Dunn", "Baker"
    const sorted = rowsOf((await run(['export', '--sort', 'name', '--limit', '2'])).stdout);
    expect(sorted.map((r) => r.id)).toEqual(['3', '2']);
    const none = await run(['export', '--status', 'sold']);
    expect(none.code).toBe(0);
    expect(rowsOf(none.stdout)).toEqual([]);
    expect(none.stdout.split('\r\n')[0]).toMatch(/^id,first_name,/);
  });

  it('gives the extra columns of imported files their own columns', async () => {
    const db = new Database(ws.db);
    db.prepare('UPDATE leads SET extra = ? WHERE id = 1').run(JSON.stringify({ Industry: 'Bakery', status: 'hot', '=cmd': '+x' }));
    db.prepare('UPDATE leads SET extra = ? WHERE id = 3').run(JSON.stringify({ Industry: 'Mill' }));
    db.close();
    const r = await run(['export']);
    const header = r.stdout.split('\r\n')[0].split(',');
    // after the lead's own columns, sorted; one that a lead column would hide is named extra.KEY
    expect(header.slice(-3)).toEqual(["'=cmd", 'Industry', 'extra.status']);
    const rows = rowsOf(r.stdout);
    expect(rows.map((x) => x.Industry)).toEqual(['Bakery', '', 'Mill']);
    expect(rows[0]).toMatchObject({ status: 'prospect', 'extra.status': 'hot', "'=cmd": "'+x" });
  });
});

describe('leads export --format json', () => {
  it('round-trips formula-looking text unchanged', async () => {
    const r = await run(['export', '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ id: 1, company: FORMULA, phone: '+1 555 100 2000', phone_e164: null, do_not_call: false, extra: {} });
    expect(list[1]).toMatchObject({ last_name: '@Dunn', company: 'Dunn, "Sons" & Co Bakers' });
    expect(list[2]).toMatchObject({ first_name: '-5 Cy', postal_code: '02139' });
    // the same objects as leads list --json
    expect(list).toEqual(JSON.parse((await run(['list', '--json'])).stdout));
  });

  it('an empty set is []', async () => {
    const r = await run(['export', '--format', 'json', '--code', '6']);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

describe('leads export --out FILE', () => {
  it('creates a new file readable by the owner only, and says so on stderr', async () => {
    const out = join(ws.dir, 'leads.csv');
    const r = await run(['export', '--out', out]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: `exported 3 leads to ${out}\n` });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const text = readFileSync(out, 'utf8');
    // a byte-order mark so spreadsheets read the accents as UTF-8; then the same CSV as stdout
    expect(text.startsWith('\uFEFFid,')).toBe(true);
    expect(text.slice(1)).toBe((await run(['export'])).stdout);
  });

  it('a file named .json gets JSON without --format', async () => {
    const out = join(ws.dir, 'leads.json');
    expect((await run(['export', '--out', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))[0].company).toBe(FORMULA);
  });

  it('never writes over an existing file or through a link (exit 1)', async () => {
    const out = join(ws.dir, 'old.csv');
    writeFileSync(out, 'keep me');
    const r = await run(['export', '--out', out]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(`leads: ${out} exists already; give a new file name (nothing is overwritten)\n`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const link = join(ws.dir, 'link.csv');
    symlinkSync(join(ws.dir, 'target.csv'), link);
    expect((await run(['export', '--out', link])).code).toBe(1);
    expect(existsSync(join(ws.dir, 'target.csv'))).toBe(false);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('a folder that does not exist is exit 1', async () => {
    const r = await run(['export', '--out', join(ws.dir, 'nope', 'x.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^leads: cannot create .*x\.csv: no such folder\n$/);
  });
});

describe('leads export --lead ID', () => {
  it('gives everything held on one person: lead, extra, touches, batch items, aliases, imports', async () => {
    const db = new Database(ws.db);
    db.prepare(
      "INSERT INTO imports (id, file, sha256, started_at, source, list, unmapped) VALUES (1, 'spring.csv', 'abc', '2026-11-01T00:00:00.000Z', 'fair', 'spring', '[\"Industry\"]')",
    ).run();
    db.prepare("UPDATE leads SET import_id = 1, extra = '{\"Industry\":\"Bakery\"}' WHERE id = 1").run();
    const touch = db.prepare("INSERT INTO touches (lead_id, at, channel, code) VALUES (1, '2026-11-24T13:00:00.000Z', 'call', 2)").run().lastInsertRowid;
    db.prepare("INSERT INTO batch_items (lead_id, touch_id, kind) VALUES (1, ?, 'letter')").run(touch);
    // lead 2 merged into lead 1: its id is an alias and its row is kept
    db.prepare('INSERT INTO lead_aliases (alias_id, lead_id) VALUES (2, 1)').run();
    db.close();
    const r = await run(['export', '--lead', '1']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const p = JSON.parse(r.stdout);
    expect(Object.keys(p)).toEqual(['lead', 'extra', 'merged_leads', 'aliases', 'shared_by', 'touches', 'batch_items', 'imports']);
    expect(p.lead).toMatchObject({ id: 1, company: FORMULA, phone: '+1 555 100 2000', phone_valid: 0, import_id: 1, do_not_call: false });
    expect(p.extra).toEqual({ Industry: 'Bakery' });
    expect(p.touches.map((t: { channel: string }) => t.channel)).toEqual(['edit', 'note', 'call']);
    expect(p.touches[1].note).toBe('@call them +1 555');
    expect(p.batch_items).toEqual([
      { id: 1, touch_id: Number(touch), kind: 'letter', batch_id: null, skipped: null, batch_day: null, batch_created_at: null, batch_out_dir: null },
    ]);
    expect(p.aliases).toEqual([2]);
    expect(p.merged_leads.map((l: { id: number }) => l.id)).toEqual([2]);
    expect(p.imports).toEqual([expect.objectContaining({ id: 1, file: 'spring.csv', unmapped: ['Industry'] })]);
    // an alias finds the same person
    expect(JSON.parse((await run(['export', '--lead', '2'])).stdout).lead.id).toBe(1);
  });

  it('writes to a new file with --out', async () => {
    const out = join(ws.dir, 'ann.json');
    expect(await run(['export', '--lead', '1', '--out', out])).toMatchObject({ code: 0, stderr: `exported lead 1 to ${out}\n` });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8')).lead.id).toBe(1);
  });

  it('a missing lead is exit 1 and leaves no file behind', async () => {
    const out = join(ws.dir, 'ghost.json');
    expect(await run(['export', '--lead', '99', '--out', out])).toMatchObject({ code: 1, stdout: '', stderr: 'leads: no lead 99\n' });
    expect(existsSync(out)).toBe(false);
  });
});

describe('leads export usage errors (exit 2)', () => {
  it.each([
    [['export', '--format', 'xml'], /argument 'xml' is invalid/],
    [['export', '--lead', 'abc'], /^leads: --lead must be a positive whole number/],
    [['export', '--lead', '1', '--format', 'csv'], /^leads: --lead gives JSON only/],
    [['export', '--lead', '1', '--status', 'sold'], /^leads: --lead takes no list filters/],
    [['export', '--limit', 'all'], /^leads: --limit must be a whole number/],
    [['export', '--due', '2026-02-30'], /^leads: bad date "2026-02-30"/],
    [['export', '--status', 'hot'], /argument 'hot' is invalid/],
    [['export', 'extra'], /too many arguments/],
  ])('%j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('leaves no file behind on a usage error', async () => {
    const out = join(ws.dir, 'x.csv');
    expect((await run(['export', '--out', out, '--limit', 'x'])).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('leads export through the built binary', () => {
  it('streams many leads, and stops quietly when the reader goes away', async () => {
    const db = new Database(ws.db);
    const insert = db.prepare("INSERT INTO leads (first_name, last_name, company, phone, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 'x')");
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(`F${i}`, `L${i}`, i % 2 ? `=cmd${i}` : `Co ${i}`, `+1 555 ${String(i).padStart(7, '0')}`);
    })();
    db.close();
    // three processes in a row: awaited, so the test never holds its thread
    const big = (args: string[]) => awaitedProcess(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, LEADS_DB: ws.db, TZ: 'UTC' } });
    const all = await big(['export']);
    expect(all.status).toBe(0);
    expect(all.stderr).toBe('');
    const rows = rowsOf(all.stdout);
    expect(rows).toHaveLength(5003);
    expect(rows[4].company).toBe("'=cmd1");
    const json = await big(['export', '--format', 'json']);
    expect(json.status).toBe(0);
    expect(json.stderr).toBe('');
    const list = JSON.parse(json.stdout);
    expect(list).toHaveLength(5003);
    expect(list[4].company).toBe('=cmd1');
    // `leads export | head -1`: no EPIPE stack trace, exit 0
    const piped = await awaitedProcess('sh', ['-c', `"${process.execPath}" "${BIN}" export | head -1; exit "\${PIPESTATUS:-0}"`], {
      env: { PATH: process.env.PATH, LEADS_DB: ws.db, TZ: 'UTC' },
    });
    expect(piped.stdout).toMatch(/^id,first_name,/);
    expect(piped.stderr).toBe('');
  });
});

describe('folder setup', () => {
  it('exports into an existing folder given as a relative path', async () => {
    mkdirSync(join(ws.dir, 'out'));
    const r = leads(['export', '--out', 'out/a.csv'], { db: ws.db, cwd: ws.dir });
    expect(r.code).toBe(0);
    expect(existsSync(join(ws.dir, 'out', 'a.csv'))).toBe(true);
  });
});

describe('leads export --format xlsx', () => {
  it('writes a workbook of the same columns, phones, postal codes and streets as text cells, read back as written', async () => {
    await run(['add', '--first', 'Di', '--street', '12/3', '--postal-code', '00501', '--phone', '0201234567', '--country', 'GB']);
    const file = join(ws.dir, 'leads.xlsx');
    const r = await leadsInProcess(['export', '--format', 'xlsx', '--out', 'leads.xlsx'], { db: ws.db, cwd: ws.dir });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: 'exported 4 leads to leads.xlsx\n' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('Leads')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const csvHeader = (await run(['export'])).stdout.split('\r\n')[0].replace(/^\uFEFF/, '').split(',');
    expect(header).toEqual(csvHeader);
    expect(sheet.rowCount).toBe(5);
    const cell = (row: number, name: string) => sheet.getRow(row).getCell(header.indexOf(name) + 1);
    for (const [row, name, value] of [[4, 'postal_code', '02139'], [5, 'postal_code', '00501'], [5, 'street', '12/3'], [5, 'phone', '0201234567'], [2, 'phone', '+1 555 100 2000']] as const) {
      expect(cell(row, name).value, `${name} of row ${row}`).toBe(value);
      expect(cell(row, name).type).toBe(ExcelJS.ValueType.String);
      expect(cell(row, name).numFmt).toBe('@');
    }
    // a formula-looking company is a string cell, never a formula; numbers and flags as they are
    expect(cell(2, 'company').value).toBe(FORMULA);
    expect(cell(2, 'company').type).toBe(ExcelJS.ValueType.String);
    expect(cell(2, 'id').value).toBe(1);
    expect(cell(2, 'do_not_call').value).toBe(false);
  });

  it('a file named *.xlsx is a workbook; a workbook needs --out; an existing file is never overwritten', async () => {
    expect(await leadsInProcess(['export', '--out', 'a.xlsx', '--list', 'spring'], { db: ws.db, cwd: ws.dir })).toMatchObject({ code: 0, stderr: 'exported 2 leads to a.xlsx\n' });
    expect(readFileSync(join(ws.dir, 'a.xlsx')).subarray(0, 2).toString()).toBe('PK');
    const noOut = await run(['export', '--format', 'xlsx']);
    expect(noOut).toMatchObject({ code: 2, stdout: '', stderr: 'leads: --format xlsx writes a workbook file: give it with --out FILE.xlsx\n' });
    writeFileSync(join(ws.dir, 'b.xlsx'), 'mine');
    const again = await leadsInProcess(['export', '--out', 'b.xlsx'], { db: ws.db, cwd: ws.dir });
    expect(again).toMatchObject({ code: 1, stderr: 'leads: b.xlsx exists already; give a new file name (nothing is overwritten)\n' });
    expect(readFileSync(join(ws.dir, 'b.xlsx'), 'utf8')).toBe('mine');
    expect(await run(['export', '--format', 'xlsx', '--lead', '1'])).toMatchObject({ code: 2, stderr: 'leads: --lead gives JSON only; leave out --format xlsx\n' });
  });

  it('no lead chosen: a workbook of the header alone', async () => {
    const r = await leadsInProcess(['export', '--out', 'none.xlsx', '--list', 'nobody'], { db: ws.db, cwd: ws.dir });
    expect(r).toMatchObject({ code: 0, stderr: 'exported 0 leads to none.xlsx\n' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(ws.dir, 'none.xlsx'));
    expect(book.worksheets.map((s) => [s.name, s.rowCount])).toEqual([['Leads', 1]]);
  });

  it('a write that fails part-way (a file-size limit, as a full disk) leaves no workbook: exit 1, one line', () => {
    const db = new Database(ws.db);
    const insert = db.prepare("INSERT INTO leads (first_name, company, created_at, updated_at) VALUES (?, ?, 'x', 'x')");
    // names that do not compress: the workbook passes the limit
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(`F${i}`, randomBytes(24).toString('hex'));
    })();
    db.close();
    // the process is the point: a limit on the size of the files it writes (ulimit -f, in
    // KiB; the database's shared-memory file takes 32)
    const r = spawnSync('bash', ['-c', 'ulimit -f 64; exec "$0" "$@"', process.execPath, BIN, 'export', '--out', 'big.xlsx'], {
      cwd: ws.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LEADS_DB: ws.db, TZ: 'UTC' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('leads: cannot write big.xlsx: the file grew past the largest size allowed here (ulimit -f); no big.xlsx was made\n');
    expect(existsSync(join(ws.dir, 'big.xlsx'))).toBe(false);
  });
});
