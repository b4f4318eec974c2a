// Tables on a terminal fit its width (80 columns included): the wide columns shrink and long
// cells are cut with an ellipsis by display width (emoji and CJK take two cells); piped, the
// same rows stay whole and tab-separated.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { BIN, leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { hasTmux, Tmux } from '../e2e/tmux.js';
import { fitWidths, truncateToWidth } from '../../dist/cli/fit.js';

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

describe('tables fit the terminal', () => {
  it.each([80, 60, 120])('every table at %i columns: no line wider, long cells cut with …', async (columns) => {
    seed();
    for (const args of COMMANDS) {
      const r = await leadsInProcess(args, { db: ws.db, tty: true, columns, env: { ...TODAY, NO_COLOR: '1' } });
      expect(r.code, args.join(' ')).toBe(0);
      const lines = r.stdout.split('\n').filter(Boolean);
      expect(lines.length, args.join(' ')).toBeGreaterThan(2);
      for (const line of lines) expect(stringWidth(line), `${args.join(' ')}: ${line}`).toBeLessThanOrEqual(columns);
      // every row has the same width as the border above it: nothing misaligned by wide characters
      const widths = new Set(lines.filter((l) => /^[│┌└├]/.test(l)).map((l) => stringWidth(l)));
      expect(widths.size, args.join(' ')).toBe(1);
    }
    const list = await leadsInProcess(['list'], { db: ws.db, tty: true, columns, env: { ...TODAY, NO_COLOR: '1' } });
    if (columns <= 80) {
      expect(list.stdout).toContain('…');
      expect(list.stdout).not.toContain(LONG_COMPANY);
    }
    // the ids are never cut; at 80 columns the phone stays whole
    expect(list.stdout).toMatch(/│ +1 │/);
    if (columns >= 80) expect(list.stdout).toContain(' 617-555-0100 ');
  });

  it.skipIf(!hasTmux())('the binary in a real terminal of 80 columns: no line wraps', async () => {
    seed();
    const term = new Tmux({ PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', LEADS_DB: ws.db, LEADS_TODAY: TODAY.LEADS_TODAY, TERM: 'xterm-256color' });
    try {
      term.start(`node ${BIN} list --no-color; node ${BIN} imports --no-color; echo END`, 80, 40);
      const screen = await term.waitFor((s) => s.includes('END'), 'the two tables');
      // capture-pane joins a wrapped line: a table wider than the terminal would show here
      const lines = screen.split('\n').filter((l) => /^[│┌└├]/.test(l));
      expect(lines.length).toBeGreaterThan(8);
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

  it('keeps the columns that fit their share and splits the rest among the wide ones', () => {
    expect(fitWidths([3, 40, 40, 12], 80, 13)).toEqual([3, 26, 26, 12]);
    expect(fitWidths([3, 10, 12], 80, 10)).toEqual([3, 10, 12]);
    expect(fitWidths([2, 30, 50], 40, 10)).toEqual([2, 14, 14]);
  });

  it('cuts the columns marked keep (a phone, a date) only when the others would be left under five cells', () => {
    // room 30: the phone (12) whole, the name and company 9 each
    expect(fitWidths([20, 80, 12], 40, 10, [false, false, true])).toEqual([9, 9, 12]);
    // room 20: 8 left for two columns is too little; all are cut alike
    expect(fitWidths([20, 80, 12], 30, 10, [false, false, true])).toEqual([7, 7, 6]);
  });
});
