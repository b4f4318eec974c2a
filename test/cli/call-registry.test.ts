// The call session warns when the do-not-call registry (`leads dnc import`) was last loaded
// more than 31 days ago; never when no registry was ever loaded (issue 8).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leadsInProcess, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
const at = (day: string) => ({ db: ws.db, env: { LEADS_TODAY: day, NO_COLOR: '1' } });
const WARNING = /^warning: the do-not-call registry was last loaded (\d+) days ago \((\d{4}-\d{2}-\d{2})\); load the current one with `leads dnc import FILE` before calling\n$/;

async function loadRegistry(day: string) {
  const file = join(ws.dir, 'registry.txt');
  writeFileSync(file, '201-555-0100\n');
  const r = await leadsInProcess(['dnc', 'import', file], at(day));
  expect(r.code, r.stderr).toBe(0);
}

beforeEach(async () => {
  ws = tempWorkspace();
  expect((await leadsInProcess(['add', '--first', 'Ann', '--phone', '(617) 555-0134'], at('2026-09-01'))).code).toBe(0);
});
afterEach(() => ws.cleanup());

describe('leads call: the do-not-call registry age warning', () => {
  it('no registry ever loaded: no warning', async () => {
    const r = await leadsInProcess(['call', '--json', '--any-hour'], at('2026-11-24'));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toHaveLength(1);
  });

  it('loaded 31 days ago: no warning; 32 days: the warning, with the date, on stderr only', async () => {
    await loadRegistry('2026-10-24');
    const fresh = await leadsInProcess(['call', '--json', '--any-hour'], at('2026-11-24'));
    expect(fresh).toMatchObject({ code: 0, stderr: '' });
    const stale = await leadsInProcess(['call', '--json', '--any-hour'], at('2026-11-25'));
    expect(stale.code).toBe(0);
    expect(stale.stderr).toMatch(WARNING);
    expect(stale.stderr.match(WARNING)!.slice(1)).toEqual(['32', '2026-10-24']);
    // the queue on stdout is still plain JSON
    expect(JSON.parse(stale.stdout)).toHaveLength(1);
  });

  it('at the start of the interactive session, before the first card', async () => {
    await loadRegistry('2026-09-02');
    const ask = scriptedPrompter(['q']);
    const r = await leadsInProcess(['call', '--any-hour'], { ...at('2026-11-24'), tty: true, prompter: ask });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(WARNING);
    expect(r.stderr.match(WARNING)![1]).toBe('83');
    expect(ask.asked).toHaveLength(1);
    expect(r.stdout).toContain('Ann');
  });

  it('a fresh load ends the warning', async () => {
    await loadRegistry('2026-09-02');
    expect((await leadsInProcess(['call', '--json'], at('2026-11-24'))).stderr).toMatch(WARNING);
    await loadRegistry('2026-11-20');
    expect((await leadsInProcess(['call', '--json'], at('2026-11-24'))).stderr).toBe('');
  });

  it('no warning when the session cannot start (no terminal, no --json): only the usage error', async () => {
    await loadRegistry('2026-09-02');
    const r = await leadsInProcess(['call'], at('2026-11-24'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^leads: leads call needs a terminal/);
    expect(r.stderr).not.toMatch(/warning/);
  });
});
