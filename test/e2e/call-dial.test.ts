// Dialling and timing in a real terminal (tmux): `d` and `m` run dial.command (a fake dialler
// that records its arguments), dial.auto dials as the card shows, a failing dial is one line
// and the session goes on; every call is timed and the time read back with `show --json`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, leads, leadsInProcess, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';
import { exitCodeOf, hasTmux, occurrences, Tmux } from './tmux.js';

let ws: ReturnType<typeof tempWorkspace>;
let term: Tmux | undefined;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => {
  term?.kill();
  term = undefined;
  ws.cleanup();
});

// 15:00 UTC: 10:00 in Boston, inside calling hours
const TODAY = '2026-11-24 15:00';
const env = () => ({ PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', LEADS_DB: ws.db, LEADS_TODAY: TODAY, TERM: 'xterm-256color' });
const run = (...args: string[]) => leads(args, { db: ws.db, env: { LEADS_TODAY: TODAY } });

/** A dial program that appends its arguments, one a line, then `--`, to a file; exits with `status`. */
function fakeDialer(status = 0): { path: string; log: string; calls: () => string[][] } {
  const path = join(ws.dir, `fake-dial-${status}`);
  const log = join(ws.dir, 'dialled');
  writeFileSync(path, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a" >> '${log}'; done\necho -- >> '${log}'\necho "noise on stdout"\necho "noise on stderr" >&2\nexit ${status}\n`);
  chmodSync(path, 0o755);
  const calls = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8').split('--\n').filter(Boolean).map((c) => c.trimEnd().split('\n'))
      : [];
  return { path, log, calls };
}

function seed() {
  expect(run('add', '--first', 'Ann', '--last', 'Baker', '--phone', '617-555-0100 x12', '--mobile', '617-555-0111').code).toBe(0);
  expect(run('add', '--first', 'Bo', '--last', 'Chan', '--phone', '617-555-0123').code).toBe(0);
}

function startSession(): string {
  term = new Tmux(env());
  const exitFile = join(ws.dir, 'exit-code');
  term.start(`node ${BIN} call; echo $? > ${exitFile}`);
  return exitFile;
}

const touchesOf = (id: number) =>
  (JSON.parse(run('show', String(id), '--json').stdout) as { touches: { channel: string; code: number | null; duration_s?: number | null }[] }).touches;

describe.skipIf(!hasTmux())('dialling and timing in leads call', () => {
  it('d dials the phone and m the mobile through dial.command, without a shell; the call is timed from the dial', async () => {
    seed();
    const dialer = fakeDialer();
    const pwned = join(ws.dir, 'pwned');
    // `;` and `$(...)` are plain arguments here: no shell ever reads the command line
    expect(run('config', 'set', 'dial.command', `${dialer.path} --to {number} '{tel}' ; touch ${pwned} $(touch ${pwned})`).code).toBe(0);
    const exitFile = startSession();
    const t = term!;
    await t.waitFor((s) => s.includes('call 1 of 2 now') && s.includes('outcome>'), 'the first card');
    t.keys('d');
    await t.waitFor((s) => s.includes('dialling the phone +16175550100'), 'the dial');
    t.keys('m');
    await t.waitFor((s) => s.includes('dialling the mobile +16175550111'), 'the mobile dial');
    // the running clock on the prompt: wait until two seconds have passed since the dial
    await t.waitFor((s) => /\[0:0[2-9]\] outcome>/.test(s), 'the clock at two seconds');
    t.keys('1');
    await t.waitFor((s) => s.includes('Note (Enter for none)'), 'the note prompt');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('call 2 of 2 now'), 'the second card');
    t.keys('q');
    expect(await exitCodeOf(exitFile, term)).toBe(0);

    const screen = t.screen();
    expect(dialer.calls()).toEqual([
      [`--to`, '+16175550100', 'tel:+16175550100;ext=12', ';', 'touch', pwned, '$(touch', `${pwned})`],
      [`--to`, '+16175550111', 'tel:+16175550111', ';', 'touch', pwned, '$(touch', `${pwned})`],
    ]);
    expect(existsSync(pwned)).toBe(false);
    // the dialler's own output is not mixed into the card
    expect(screen).not.toContain('noise on');
    const call = touchesOf(1).find((x) => x.channel === 'call')!;
    expect(call.duration_s).toBeGreaterThanOrEqual(2);
    expect(screen).toMatch(/on the phone +\d+ s \(\d+ s a call\)/);
    expect(screen).toMatch(/dials +2/);
  });

  it('dial.auto dials as the card shows; a dial that fails is one line and the session goes on', async () => {
    seed();
    const failing = fakeDialer(3);
    expect(run('config', 'set', 'dial.command', failing.path).code).toBe(0);
    expect(run('config', 'set', 'dial.auto', 'on').code).toBe(0);
    const exitFile = startSession();
    const t = term!;
    await t.waitFor((s) => s.includes(`dial failed: ${failing.path} exited with 3`), 'the failed dial on the card');
    expect(failing.calls()).toEqual([['tel:+16175550100;ext=12']]);
    // a program that does not exist (set in another terminal: read at the next card): said at once
    expect(run('config', 'set', 'dial.command', join(ws.dir, 'no-such-dialer')).code).toBe(0);
    t.keys('3');
    await t.waitFor((s) => s.includes('(Enter: no answer)>'), 'the result prompt');
    t.keys('Enter'); // Enter takes the first choice: no answer
    await t.waitFor((s) => s.includes('Note (Enter for none)'), 'the note prompt');
    t.keys('Enter');
    await t.waitFor((s) => s.includes('call 2 of 2 now'), 'the second card');
    await t.waitFor((s) => s.includes(`dial failed: no program ${join(ws.dir, 'no-such-dialer')} (see dial.command)`), 'the missing program');
    t.keys('q');
    expect(await exitCodeOf(exitFile, term)).toBe(0);
    expect(touchesOf(1).find((x) => x.channel === 'call')).toMatchObject({ code: 3 });
    expect(run('show', '1', '--json').stdout).toContain('"no_answer"');
  });

  it('a key that means nothing gets a word listing the codes; notes show once on the card', async () => {
    const csv = join(ws.dir, 'list.csv');
    writeFileSync(csv, 'name,phone,notes\nAnn Baker,617-555-0100,asked for the price list\n');
    expect(run('import', csv, '--list', 'fair').code).toBe(0);
    const exitFile = startSession();
    const t = term!;
    await t.waitFor((s) => s.includes('outcome>'), 'the first card');
    t.keys('8');
    await t.waitFor((s) => s.includes('no code 8: the codes are 1 2 3 4 5 6 7 9'), 'the word for 8');
    t.keys('x');
    await t.waitFor((s) => s.includes('no key x: the codes are 1 2 3 4 5 6 7 9; the keys s u n d m q'), 'the word for x');
    t.keys('d');
    await t.waitFor((s) => s.includes('no dial.command set'), 'dialling without a command');
    t.keys('q');
    expect(await exitCodeOf(exitFile, term)).toBe(0);
    expect(occurrences(t.screen(), 'asked for the price list')).toBe(1);
  });
});

describe('m dials the mobile, then the further phones the import kept', () => {
  it('press after press: the mobile, the home phone, then the mobile again; a lead without any is told so', async () => {
    const list = join(ws.dir, 'list.csv');
    writeFileSync(list, 'First Name,Last Name,Business Phone,Mobile Phone,Home Phone\nAnn,Baker,617-555-0100,617-555-0111,617-555-0122\nBo,Chan,617-555-0123,,\n');
    expect(run('import', list).code).toBe(0);
    const dialer = fakeDialer();
    expect(run('config', 'set', 'dial.command', `${dialer.path} {number}`).code).toBe(0);
    const prompter = scriptedPrompter(['m', 'm', 'm', 's', 'm', 'q']);
    const r = await leadsInProcess(['call'], { db: ws.db, tty: true, prompter, env: { LEADS_TODAY: TODAY, NO_COLOR: '1' } });
    expect(r.code, r.stderr).toBe(0);
    // the dials run detached: wait for the dialler to have written all three
    for (const end = Date.now() + 120_000; dialer.calls().length < 3 && Date.now() < end; ) await new Promise((w) => setTimeout(w, 50));
    // three processes started one after another may write in either order: the screen says the order
    expect(dialer.calls().sort()).toEqual([['+16175550111'], ['+16175550111'], ['+16175550122']]);
    expect(r.stdout.match(/dialling the .*|no mobile or other number on this lead/g)).toEqual([
      'dialling the mobile +16175550111',
      'dialling the Home Phone +16175550122',
      'dialling the mobile +16175550111',
      'no mobile or other number on this lead',
    ]);
  });
});

describe('m never dials a number on the do-not-call list', () => {
  it('a further phone on the registry is named and not dialled; the mobile still is', async () => {
    const list = join(ws.dir, 'list.csv');
    writeFileSync(list, 'First Name,Last Name,Business Phone,Mobile Phone,Home Phone\nAnn,Baker,617-555-0100,617-555-0111,617-555-0122\n');
    expect(run('import', list).code).toBe(0);
    const registry = join(ws.dir, 'registry.txt');
    writeFileSync(registry, '617-555-0122\n');
    expect(run('dnc', 'import', registry).code).toBe(0);
    const dialer = fakeDialer();
    expect(run('config', 'set', 'dial.command', `${dialer.path} {number}`).code).toBe(0);
    const r = await leadsInProcess(['call'], { db: ws.db, tty: true, prompter: scriptedPrompter(['m', 'm', 'q']), env: { LEADS_TODAY: TODAY, NO_COLOR: '1' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('dialling the mobile +16175550111');
    expect(r.stdout).toContain('the Home Phone +16175550122 is on the do-not-call list: not dialled');
    for (const end = Date.now() + 120_000; dialer.calls().length < 1 && Date.now() < end; ) await new Promise((w) => setTimeout(w, 50));
    expect(dialer.calls()).toEqual([['+16175550111']]);
  });
});
