// Which database a command opens: only the commands that create data make one (and say so
// once on stderr); any other command on a missing file exits 1 and makes nothing; a file
// that is not a leads database (an empty one included) is never taken over.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { leadsInProcess, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace({ database: false })));
afterEach(() => ws.cleanup());

const READERS = [
  ['list'], ['show', '1'], ['find', 'Ann'], ['due'], ['report'], ['export'], ['imports'], ['batches'], ['codes'], ['config'],
  ['config', 'get', 'sender.name'], ['doctor'], ['call', '--json'], ['log', '1', '2'], ['note', '1', 'hi'], ['edit', '1', '--first', 'A'],
  ['stage', '1', 'quote'], ['release', '--yes'], ['sort'], ['dnc', '1'], ['merge', '1', '2'], ['forget', '1', '--yes'],
  ['codes', 'add', '12', 'meeting', '--action', 'callback'], ['backup', 'B'],
];

describe('a missing database', () => {
  it.each(READERS)('`leads %s ...` exits 1 with "no database at PATH" and makes nothing', async (...args) => {
    const db = join(ws.dir, 'leds', 'leads.db');
    const r = await leadsInProcess(args.map((a) => (a === 'B' ? join(ws.dir, 'b.db') : a)), { db, cwd: ws.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`leads: no database at ${db}: \`leads import FILE\` or \`leads add\` makes one there (or give --db the path of yours)\n`);
    expect(existsSync(dirname(db))).toBe(false);
  });

  it('add, import, dnc import and config set make it, 0600 in a 0700 folder, and say so once on stderr', async () => {
    const csv = join(ws.dir, 'p.csv');
    writeFileSync(csv, 'Name,Phone\nAl Able,(212) 555-0101\n');
    const cases: [string, string[]][] = [
      ['a', ['add', '--first', 'Ann']],
      ['b', ['import', csv]],
      ['c', ['dnc', 'import', csv]],
      ['d', ['config', 'set', 'sender.name', 'Sam']],
    ];
    for (const [folder, args] of cases) {
      const db = join(ws.dir, folder, 'deeper', 'leads.db');
      const first = await leadsInProcess(args, { db });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toBe(`leads: made a new database at ${db}\n`);
      expect(statSync(db).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(db)).mode & 0o777).toBe(0o700);
      const again = await leadsInProcess(args, { db });
      expect(again.stderr).not.toMatch(/new database/);
    }
  });
});

describe('a creating command that cannot create anything', () => {
  it.each([[['import']], [['dnc', 'import']]])('`leads %s MISSING.csv` says it cannot read the file and makes no database', async (words) => {
    const db = join(ws.dir, 'new', 'leads.db');
    const csv = join(ws.dir, 'missing.csv');
    const r = await leadsInProcess([...words, csv], { db });
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: `leads: cannot read ${csv}: no such file\n` });
    expect(existsSync(dirname(db))).toBe(false);
  });
});

describe('a file that is not a leads database', () => {
  const cases: [string, (p: string) => void, RegExp][] = [
    ['an empty file', (p) => writeFileSync(p, ''), /is an empty file, not a leads database; nothing was written/],
    ['a folder', (p) => mkdirSync(p), /is a folder, not a leads database \(give --db the path of the file\)/],
    ['a text file', (p) => writeFileSync(p, 'my notes\n'), /is not a leads database \(not an SQLite file\); nothing was written/],
    [
      "another program's SQLite file",
      (p) => {
        const d = new Database(p);
        d.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
        d.close();
      },
      /is an SQLite file of another program, not a leads database; nothing was written/,
    ],
  ];
  it.each(cases)('%s is refused by every command, creating ones included, and left as it was', async (_, make, message) => {
    const db = join(ws.dir, 'data', 'leads.db');
    mkdirSync(dirname(db));
    make(db);
    const before = statSync(db).isDirectory() ? Buffer.alloc(0) : readFileSync(db);
    for (const args of [['list'], ['add', '--first', 'Ann'], ['config', 'set', 'sender.name', 'Sam'], ['doctor']]) {
      const r = await leadsInProcess(args, { db });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^leads: [^\n]+\n$/);
      expect(r.stderr).toMatch(message);
    }
    if (!statSync(db).isDirectory()) expect(readFileSync(db).equals(before)).toBe(true);
    expect(existsSync(`${db}-wal`)).toBe(false);
  });
});

describe('a path that is not a regular file', () => {
  it('a named pipe (FIFO) or a device as --db is refused at once, never waited on', async () => {
    const fifo = join(ws.dir, 'pipe.db');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const [db, kind] of [[fifo, 'a named pipe (FIFO)'], ['/dev/zero', 'a device']]) {
      for (const args of [['list'], ['add', '--first', 'Ann']]) {
        const r = await leadsInProcess(args, { db });
        expect(r).toMatchObject({ code: 1, stdout: '', stderr: `leads: ${db} is ${kind}, not a leads database (give --db the path of the file)\n` });
      }
    }
  });
});

describe('a dry run makes no database', () => {
  it('import --dry-run where there is none previews against an empty one and leaves no file behind', async () => {
    const csv = join(ws.dir, 'list.csv');
    writeFileSync(csv, 'Name,Phone\nAnn Baker,617-555-0100\nBo Chan,617-555-0101\n');
    const r = await leadsInProcess(['import', csv, '--dry-run', '--json'], { db: ws.db });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 2, dry_run: true });
    expect(r.stderr).not.toMatch(/made a new database/);
    expect(existsSync(ws.db)).toBe(false);
    expect(existsSync(dirname(ws.db))).toBe(false);
  });
});
