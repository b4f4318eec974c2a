// Tables on a terminal fit its width (80 columns included): a table too wide for its box is
// drawn light (as gh does), names and companies shrink first, phones and dates last, and long
// cells are cut with an ellipsis by display width (emoji and CJK take two cells); piped, the
// same rows stay whole and tab-separated.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { BIN, leads, leadsInProcess, ROOT, tempWorkspace } from '../helpers/cli.js';
import { hasTmux, Tmux } from '../e2e/tmux.js';
import { fitWidths, truncateToWidth, type Fit } from '../../dist/cli/fit.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const TODAY = { LEADS_TODAY: '2026-11-24 15:00' };
const LONG_COMPANY = 'Lakeside Veterinary Clinic and Small Animal Hospital of Greater Springfield Ltd.';
const CJK = '株式会社東京海上日動火災保険代理店営業本部第一課';
const EMOJI = '🐶🐱 Paws & Claws 🐾 Grooming Emporium 🌈✨ open late';

function seed() {
  const csv = join(ws.dir, 'wide list with a long file name of the trade show in spring.csv');
  writeFileSync(
    csv,
    [
      'first name,last name,company,phone,notes',
      `Annabelle-Marguerite,Van der Berg-Houghton,${LONG_COMPANY},617-555-0100,`,
      `太郎,山田,${CJK},617-555-0101,`,
      `Bo,Chan,${EMOJI},617-555-0102,`,
    ].join('\n') + '\n',
  );
  const r = leads(['import', csv, '--source', 'the international trade show of the north-east', '--list', 'spring-and-summer-prospects'], {
    db: ws.db,
    env: TODAY,
  });
  expect(r.code).toBe(0);
  // a call-back due today for `leads due`, a letter for a batch
  expect(leads(['log', '1', '4', '--next', 'today 16:00'], { db: ws.db, env: TODAY }).code).toBe(0);
  expect(leads(['log', '2', '2'], { db: ws.db, env: TODAY }).code).toBe(0);
  expect(leads(['config', 'set', 'sender.name', 'Pat Seller'], { db: ws.db }).code).toBe(0);
  expect(leads(['sort', '--out', join(ws.dir, 'batches')], { db: ws.db, env: TODAY }).code).toBe(0);
}

const COMMANDS = [['list'], ['due'], ['find', 'a'], ['imports'], ['batches']];
const SAMPLE = join(ROOT, 'examples', 'prospects.csv');

/** The display column where `needle` starts in `line`, or -1. */
const columnOf = (line: string, needle: string) => (line.includes(needle) ? stringWidth(line.slice(0, line.indexOf(needle))) : -1);
/** Cells of a light table: two spaces or more apart. */
const cellsOf = (line: string) => line.trim().split(/ {2,}/);

/** The sample imported, three calls logged with next dates: the tester's 80-column case. */
async function seedSample() {
  const run = (args: string[]) => leadsInProcess(args, { db: ws.db, env: TODAY });
  expect((await run(['import', SAMPLE])).code).toBe(0);
  expect((await run(['log', '1', '4', '--next', '2026-11-27 10:00'])).code).toBe(0);
  expect((await run(['log', '2', '2'])).code).toBe(0);
  expect((await run(['log', '10', '4', '--next', '2026-12-01 09:30'])).code).toBe(0);
  const piped = await run(['list']);
  return piped.stdout.trimEnd().split('\n').slice(1).map((l) => l.split('\t'));
}

describe('tables fit the terminal', () => {
  it.each([80, 60, 120])('every table at %i columns: no line wider, long cells cut with …, columns aligned', async (columns) => {
    seed();
    for (const args of COMMANDS) {
      const r = await leadsInProcess(args, { db: ws.db, tty: true, columns, env: { ...TODAY, NO_COLOR: '1' } });
      expect(r.code, args.join(' ')).toBe(0);
      const lines = r.stdout.split('\n').filter(Boolean);
      expect(lines.length, args.join(' ')).toBeGreaterThan(1);
      for (const line of lines) expect(stringWidth(line), `${args.join(' ')}: ${line}`).toBeLessThanOrEqual(columns);
    }
    const list = await leadsInProcess(['list'], { db: ws.db, tty: true, columns, env: { ...TODAY, NO_COLOR: '1' } });
    // too wide for a box: gh's light table, no borders
    expect(list.stdout).not.toMatch(/[│┌└├]/);
    expect(list.stdout).toContain('…');
    expect(list.stdout).not.toContain(LONG_COMPANY);
    // the ids are never cut, and the phones stand in one column whatever emoji and CJK come before them
    const rows = list.stdout.split('\n').filter(Boolean).slice(1);
    expect(rows.map((l) => l.match(/^ *(\d+) /)?.[1])).toEqual(['1', '2', '3']);
    if (columns >= 80) {
      const at = rows.map((l, i) => columnOf(l, `617-555-010${i}`));
      expect(at[0]).toBeGreaterThan(0);
      expect(new Set(at).size, list.stdout).toBe(1);
    }
  });

  it('the sample at 80 columns: names stay readable, the touch count and the company go first, phones and dates whole', async () => {
    const piped = await seedSample();
    const r = await leadsInProcess(['list'], { db: ws.db, tty: true, columns: 80, env: { ...TODAY, NO_COLOR: '1' } });
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.length).toBe(piped.length + 1);
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    // the touch count, the last code and the company (all on the card) made room: a name is never cut below a readable width
    expect(cellsOf(lines[0])).toEqual(['id', 'name', 'phone', 'status', 'next']);
    lines.slice(1).forEach((line, i) => {
      const [, name, , phone, , , , next] = piped[i];
      const cells = cellsOf(line);
      expect(cells[1] === name || (cells[1].endsWith('…') && stringWidth(cells[1]) >= 18 && name.startsWith(cells[1].slice(0, -1))), line).toBe(true);
      if (phone) expect(cells, line).toContain(phone);
      if (next) expect(cells, line).toContain(next);
    });
    expect(r.stdout).toContain('2026-11-27 10:00');
    for (const line of lines) expect(cellsOf(line), line).not.toContain('…');

    // imports: the empty columns (source, list, cost, undone) leave room for the file and the counts' headers
    const imports = await leadsInProcess(['imports'], { db: ws.db, tty: true, columns: 80, env: { ...TODAY, NO_COLOR: '1' } });
    const [head, row] = imports.stdout.split('\n');
    expect(cellsOf(head)).toEqual(['id', 'when', 'file', 'read', 'new', 'repeat', 'updated', 'rejected']);
    expect(cellsOf(row)).toEqual(['1', '2026-11-24 15:00', 'prospects.csv', '200', '194', '6', '0', '0']);
  });

  it('the sample at 50 columns: every column cut to fit but none to a lone …', async () => {
    const piped = await seedSample();
    const r = await leadsInProcess(['list'], { db: ws.db, tty: true, columns: 50, env: { ...TODAY, NO_COLOR: '1' } });
    const lines = r.stdout.split('\n').filter(Boolean);
    for (const line of lines) {
      expect(stringWidth(line), line).toBeLessThanOrEqual(50);
      expect(cellsOf(line), line).not.toContain('…');
    }
    lines.slice(1).forEach((line, i) => {
      const [, name, , phone] = piped[i];
      const cells = cellsOf(line);
      // nothing more can go: a name keeps its first characters, a phone a few
      expect(name.startsWith(cells[1].replace(/…$/, '')), line).toBe(true);
      if (!phone) return;
      const shown = cells.slice(2).find((c) => c === phone || (c.endsWith('…') && phone.startsWith(c.slice(0, -1))));
      expect(shown, line).toBeDefined();
      expect(shown!.length, line).toBeGreaterThanOrEqual(3);
    });
  });

  it('a table that fits whole keeps its box', async () => {
    await seedSample();
    const r = await leadsInProcess(['list'], { db: ws.db, tty: true, columns: 200, env: { ...TODAY, NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/^┌─/);
    expect(r.stdout).toMatch(/│ Lakeside Veterinary Clinic Ltd\. +│ 1-312-555-0137 ext\. 21 +│/);
    expect(r.stdout).not.toContain('…');
  });

  it.skipIf(!hasTmux())('the binary in a real terminal of 80 columns: no line wraps', async () => {
    seed();
    const term = new Tmux({ PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', LEADS_DB: ws.db, LEADS_TODAY: TODAY.LEADS_TODAY, TERM: 'xterm-256color' });
    try {
      term.start(`node ${BIN} list --no-color; node ${BIN} imports --no-color; echo END`, 80, 40);
      const screen = await term.waitFor((s) => s.includes('END'), 'the two tables');
      // capture-pane joins a wrapped line: a table wider than the terminal would show here
      const lines = screen.split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThan(6);
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
      expect(screen).toContain('617-555-0100');
      expect(screen).toContain('…');
    } finally {
      term.kill();
    }
  });

  it('piped, the same rows stay whole and tab-separated', () => {
    seed();
    const r = leads(['list'], { db: ws.db, env: TODAY });
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows[0]).toEqual(['id', 'name', 'company', 'phone', 'code', 'status', 'touches', 'next']);
    expect(rows.map((row) => row[2])).toEqual(['company', LONG_COMPANY, CJK, EMOJI]);
    expect(r.stdout).not.toContain('…');
  });
});

describe('fitting, cell by cell', () => {
  it('cuts by display width, never inside a character, and leaves what fits', () => {
    expect(truncateToWidth('Lakeside Veterinary', 10)).toBe('Lakeside…');
    expect(truncateToWidth('東京海上日動', 7)).toBe('東京海…');
    expect(stringWidth(truncateToWidth('東京海上日動', 7))).toBe(7);
    expect(truncateToWidth('🐶🐱🐾', 4)).toBe('🐶…');
    expect(truncateToWidth('👨‍👩‍👧 family', 3)).toBe('👨‍👩‍👧…');
    expect(truncateToWidth('short', 5)).toBe('short');
  });

  it('text gives up cells first, widest first, down to ten', () => {
    // name 20, company 40, phone 22, touches 7 (values 1 cell): 89 in a room of 70
    expect(fitWidths([20, 40, 22, 7], [20, 40, 22, 1], ['text', 'text', 'keep', 'short'], 70)).toEqual([20, 21, 22, 7]);
    expect(fitWidths([20, 40, 22, 7], [20, 40, 22, 1], ['text', 'text', 'keep', 'short'], 60)).toEqual([15, 16, 22, 7]);
    expect(fitWidths([3, 10, 12], [3, 10, 12], ['short', 'text', 'keep'], 80)).toEqual([3, 10, 12]);
  });

  it('then a short header is abbreviated, never below its values; then text again; phones and dates last', () => {
    const fits: Fit[] = ['text', 'text', 'keep', 'short'];
    // text at ten each: `touches` gives three cells (`tou…`)
    expect(fitWidths([20, 40, 22, 7], [20, 40, 22, 1], fits, 46)).toEqual([10, 10, 22, 4]);
    // then text down to four
    expect(fitWidths([20, 40, 22, 7], [20, 40, 22, 1], fits, 36)).toEqual([5, 5, 22, 4]);
    // only then the phone
    expect(fitWidths([20, 40, 22, 7], [20, 40, 22, 1], fits, 26)).toEqual([4, 4, 14, 4]);
    // a short column with wide values keeps them
    expect(fitWidths([20, 8], [20, 8], ['text', 'short'], 20)).toEqual([12, 8]);
  });
});
