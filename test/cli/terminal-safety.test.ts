// Data never drives the terminal, and contact fields are one line. A hostile import (escape
// sequences that retitle the window and clear the screen, a bidi override, a line break
// smuggling a header) is shown visibly in tables, cards, the call card and errors on a
// terminal, kept exact when piped or as JSON, and folded to one line where it comes in.
process.env.TZ = 'UTC';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import PostalMime from 'postal-mime';
import ICAL from 'ical.js';
import { leadsInProcess, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';
import { readCsv, setSender } from '../helpers/batches.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J';
const RLO = '\u202e';
const run = (args: string[], o: { tty?: boolean; env?: Record<string, string> } = {}) => leadsInProcess(args, { db: ws.db, ...o });

/** Anything that drives a terminal, other than line ends and the colour codes the program writes itself. */
const DRIVES = /\u001b(?!\[[0-9;]*m)|\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function importHostile() {
  const csv = join(ws.dir, 'hostile.csv');
  writeFileSync(
    csv,
    'First Name,Last Name,Company,Phone,Street,Notes\n' +
      `Mal${TITLE},Ice${CLEAR},Evil${RLO}Corp,(617) 555-0100,"1 Main St\nSuite 5","line one\nline two"\n` +
      `"Mal\nBcc: victim@x.example",Lory,,(617) 555-0101,,\n`,
  );
  const r = await run(['import', csv]);
  expect(r.code, r.stderr).toBe(0);
}

describe('on a terminal, data is shown, never obeyed', () => {
  it('list, find and show: escapes and overrides appear as \\e and \\u202e; no control reaches the screen', async () => {
    await importHostile();
    for (const args of [['list'], ['find', 'Mal'], ['show', '1'], ['list', '--duplicates'], ['due']]) {
      const r = await run(args, { tty: true });
      expect(r.code, args.join(' ')).toBe(0);
      expect(DRIVES.test(r.stdout), `${args.join(' ')}: ${JSON.stringify(r.stdout)}`).toBe(false);
    }
    const show = await run(['show', '1'], { tty: true, env: { FORCE_COLOR: '1' } });
    expect(show.stdout).toContain('Mal\\e]0;pwned\\a Ice\\e[2J');
    expect(show.stdout).toContain('Evil\\u202eCorp');
    expect((await run(['list'], { tty: true })).stdout).toContain('Mal\\e]0;pwned\\a');
  });

  it('the call card shows them visibly too', async () => {
    await importHostile();
    const r = await leadsInProcess(['call', '--any-hour'], { db: ws.db, tty: true, prompter: scriptedPrompter(['q']), env: { LEADS_TODAY: '2026-11-24 15:00' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Mal\\e]0;pwned\\a');
    expect(DRIVES.test(r.stdout), JSON.stringify(r.stdout)).toBe(false);
  });

  it('an error quoting what was typed is one line with nothing in it that drives a terminal', async () => {
    const r = await run(['import', join(ws.dir, `a${CLEAR}\nb.csv`)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^leads: cannot read [^\n]+a\\e\[2J\\nb\.csv: no such file\n$/);
    const flag = await run(['list', `--x${TITLE}`]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe("leads: unknown option '--x\\e]0;pwned\\a' (see `leads --help`)\n");
  });
});

describe('piped and JSON output keep the data exact', () => {
  it('list piped holds the bytes as stored; show --json the exact strings', async () => {
    await importHostile();
    expect((await run(['list'])).stdout).toContain(`Mal${TITLE} Ice${CLEAR}\tEvil${RLO}Corp`);
    const lead = JSON.parse((await run(['show', '1', '--json'])).stdout);
    expect(lead).toMatchObject({ first_name: `Mal${TITLE}`, last_name: `Ice${CLEAR}`, company: `Evil${RLO}Corp` });
  });
});

describe('contact fields are one line', () => {
  it('import folds a line break in a name cell to a space, in a street cell to a comma as an envelope writes it; notes keep theirs', async () => {
    await importHostile();
    const one = JSON.parse((await run(['show', '1', '--json'])).stdout);
    expect(one.street).toBe('1 Main St, Suite 5');
    expect(one.touches.find((t: { channel: string }) => t.channel === 'import').note).toBe('line one\nline two');
    expect(JSON.parse((await run(['show', '2', '--json'])).stdout).first_name).toBe('Mal Bcc: victim@x.example');
  });

  it('import --source and --list are one line too', async () => {
    const csv = join(ws.dir, 'p.csv');
    writeFileSync(csv, 'Name,Phone\nAl Able,(212) 555-0101\n');
    expect((await run(['import', csv, '--source', 'fair\n2026', '--list', 'a\r\nb'])).code).toBe(0);
    expect(JSON.parse((await run(['show', '1', '--json'])).stdout)).toMatchObject({ source: 'fair 2026', list: 'a b' });
  });

  it('add, edit and the sender settings fold line breaks of every kind', async () => {
    const add = await run(['add', '--first', 'Ann\r\nBcc: x@y.example', '--company', 'A\u2028B', '--json']);
    expect(JSON.parse(add.stdout)).toMatchObject({ first_name: 'Ann Bcc: x@y.example', company: 'A B' });
    const edit = await run(['edit', '1', '--street', '1 Main St\n\nSuite 5', '--json']);
    expect(JSON.parse(edit.stdout).street).toBe('1 Main St Suite 5');
    // the sender's details go into every letter and email header
    expect((await run(['config', 'set', 'sender.name', 'Sam\r\nBcc: x@y.example'])).stdout).toBe('sender.name = Sam Bcc: x@y.example\n');
  });

  it('a name or note with a bare CR cannot split a line of follow-ups.ics', async () => {
    await setSender(ws.db);
    expect((await run(['add', '--first', 'Mal', '--phone', '(617) 555-0100'])).code).toBe(0);
    expect((await run(['log', '1', '6', '--note', 'one\rtwo'])).code).toBe(0);
    const db = new Database(ws.db);
    db.prepare("UPDATE leads SET first_name = 'Mal' || char(13) || 'BEGIN:VEVENT' WHERE id = 1").run();
    db.close();
    const sort = await run(['sort', '--out', join(ws.dir, 'out'), '--json'], { env: { XDG_CONFIG_HOME: join(ws.dir, 'config') } });
    expect(sort.code, sort.stderr).toBe(0);
    const ics = readFileSync(JSON.parse(sort.stdout).follow_ups.files.ics, 'utf8');
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(ics.match(/^BEGIN:VEVENT/gm)).toHaveLength(1);
    const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    expect(String(event.getFirstPropertyValue('summary'))).toContain('Mal BEGIN:VEVENT');
  });

  it('a name stored with a line break before this rule cannot split an email header or a greeting', async () => {
    await setSender(ws.db);
    expect((await run(['add', '--first', 'Mal', '--last', 'Lory', '--email', 'mal@x.example'])).code).toBe(0);
    const db = new Database(ws.db);
    db.prepare("UPDATE leads SET first_name = 'Mal' || char(13) || char(10) || 'Bcc: victim@x.example' WHERE id = 1").run();
    db.close();
    expect((await run(['log', '1', '5'])).code).toBe(0);
    const out = join(ws.dir, 'out');
    const sort = await run(['sort', '--out', out, '--json'], { env: { XDG_CONFIG_HOME: join(ws.dir, 'config') } });
    expect(sort.code, sort.stderr).toBe(0);
    const files = JSON.parse(sort.stdout).emails.files;
    const file = files.eml[0];
    const raw = readFileSync(file, 'utf8');
    const headers = raw.split('\r\n\r\n')[0];
    expect(headers).not.toMatch(/^Bcc:/im);
    const mail = await PostalMime.parse(raw);
    expect(mail.bcc).toBeUndefined();
    expect(mail.to![0].name).toBe('Mal Bcc: victim@x.example Lory');
    expect(mail.text).toContain('Hello Mal Bcc: victim@x.example,');
    expect(readCsv(files.csv)).toEqual([expect.objectContaining({ first_name: 'Mal Bcc: victim@x.example' })]);
  });
});

describe('further phones and names from the data', () => {
  it('a DEL or C1 character in a further phone is shown on the card, not a crash; a colour code in a name is shown by log', async () => {
    const f = join(ws.dir, 'odd.csv');
    writeFileSync(f, `First Name,Last Name,Business Phone,Home Phone\nAnn\u001b[8m,Baker,617-555-0100,617\u007f555\u00850199\n`);
    expect((await run(['import', f])).code).toBe(0);
    const show = await run(['show', '1'], { tty: true, env: { NO_COLOR: '1' } });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('617\\x7f555\\u00850199 (Home Phone)');
    expect(show.stdout).not.toMatch(DRIVES);
    const log = await run(['log', '1', '3'], { tty: true, env: { NO_COLOR: '1' } });
    expect(log.code, log.stderr).toBe(0);
    expect(log.stdout).toContain('#1 Ann\\e[8m Baker: code 3');
  });
});
