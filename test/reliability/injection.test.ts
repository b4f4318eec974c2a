// SQL-looking and formula-looking text is data: it round-trips unchanged through add,
// import, show and the JSON export, and only the CSV export neutralises the cells a
// spreadsheet would run (SPEC "Contact rules and privacy": =, +, -, @, tab, CR, LF).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { leads, tempWorkspace } from '../helpers/cli.js';
import { figure, scalar } from './util.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeAll(() => (ws = tempWorkspace()));
afterAll(() => ws.cleanup());

const NASTY = {
  first_name: "Robert'); DROP TABLE leads;--",
  last_name: '=HYPERLINK("http://x")',
  company: '@SUM(A1)',
  title: '+1 555',
  city: '-2+3',
  street: "1' OR '1'='1",
  region: '=1+1',
  list: "x'; DELETE FROM touches;--",
};
const NOTE = "'); UPDATE leads SET do_not_call = 1;--";
const FORMULA = /^[=+\-@\t\r\n]/;

const flag: Record<string, string> = {
  first_name: '--first', last_name: '--last', company: '--company', title: '--title', city: '--city', street: '--street', region: '--region', list: '--list',
};

function csvCell(s: string) {
  return `"${s.replace(/"/g, '""')}"`;
}

function checkLead(db: string, id: number) {
  const show = leads(['show', String(id), '--json'], { db });
  expect(show.code, show.stderr).toBe(0);
  expect(JSON.parse(show.stdout)).toMatchObject(NASTY);
  const card = leads(['show', String(id)], { db });
  for (const v of [NASTY.first_name, NASTY.last_name, NASTY.company]) expect(card.stdout).toContain(v);
  const json = leads(['export', '--format', 'json'], { db });
  expect(json.code, json.stderr).toBe(0);
  expect(JSON.parse(json.stdout).find((l: { id: number }) => l.id === id)).toMatchObject(NASTY);
  const csv = leads(['export'], { db });
  expect(csv.code, csv.stderr).toBe(0);
  const row = (parse(csv.stdout, { columns: true }) as Record<string, string>[]).find((r) => r.id === String(id))!;
  let neutralised = 0;
  for (const [k, v] of Object.entries(NASTY)) {
    if (FORMULA.test(v)) {
      neutralised++;
      expect(row[k], k).toBe(`'${v}`); // a spreadsheet shows the text, runs nothing
    } else expect(row[k], k).toBe(v);
  }
  // no cell of the whole export starts with what a spreadsheet would run
  for (const cell of Object.values(row)) expect(cell).not.toMatch(FORMULA);
  return neutralised;
}

describe('SQL- and formula-looking input', () => {
  it('round-trips through add, show and JSON export; neutralised only in CSV export', () => {
    const args = Object.entries(NASTY).flatMap(([k, v]) => [flag[k], v]);
    const add = leads(['add', ...args, '--phone', '(617) 555-0100', '--note', NOTE], { db: ws.db });
    expect(add.code, add.stderr).toBe(0);
    const id = Number(add.stdout.trim());
    const n = checkLead(ws.db, id);
    const show = JSON.parse(leads(['show', String(id), '--json'], { db: ws.db }).stdout);
    expect(show.touches.map((t: { note: string }) => t.note)).toContain(NOTE);
    expect(show.do_not_call).toBe(false);
    expect(scalar(ws.db, 'SELECT count(*) FROM leads')).toBe(1);
    figure('SQL/formula round trip', `${Object.keys(NASTY).length} fields through add/import/show/JSON unchanged; ${n} formula cells neutralised in CSV only`);
  });

  it('round-trips through import the same way', () => {
    const csv = join(ws.dir, 'nasty.csv');
    const header = ['First Name', 'Last Name', 'Company', 'Job Title', 'City', 'Street', 'State', 'Phone', 'Notes'];
    const row = [NASTY.first_name, NASTY.last_name, NASTY.company, NASTY.title, NASTY.city, NASTY.street, NASTY.region, '(617) 555-0177', NOTE];
    writeFileSync(csv, header.join(',') + '\n' + row.map(csvCell).join(',') + '\n');
    const r = leads(['import', csv, '--list', NASTY.list, '--source', NASTY.street, '--json'], { db: ws.db });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 1 });
    const id = scalar(ws.db, "SELECT max(id) FROM leads");
    checkLead(ws.db, id);
    expect(scalar(ws.db, 'SELECT count(*) FROM leads')).toBe(2);
    expect(scalar(ws.db, 'SELECT count(*) FROM leads WHERE do_not_call = 1')).toBe(0);
  });
});
