// Erased means erased: a forgotten person's numbers are kept only as keyed hashes, whose key
// is a file of its own beside the settings. Tried as someone with a copy of the database
// would: hashing every number of the person's exchange (bench/reverse-suppressions.mjs
// does the whole area code) finds nothing without the key, and finds her with it (so the
// check can fail). The key is in neither the database nor its backup; a missing or another
// key is refused by name; hashes from before the key still keep their people out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { configHome, leads, suppressionKeyOf, tempWorkspace } from '../helpers/cli.js';
import { query, scalar } from './util.js';

let ws: ReturnType<typeof tempWorkspace>;
const o = () => ({ db: ws.db });
const keyFile = () => join(configHome(ws.db), 'leads', 'suppression.key');

function ok(args: string[], opts = o()) {
  const r = leads(args, opts);
  expect(r.code, `leads ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

beforeEach(() => {
  ws = tempWorkspace();
  writeFileSync(join(ws.dir, 'list.csv'), 'First Name,Last Name,Phone,Email\nAnn,Zabriskie,(617) 555-0134,ann@zab.example\nBo,Cole,(617) 555-0188,bo@cole.example\n');
  ok(['import', join(ws.dir, 'list.csv')]);
});
afterEach(() => ws.cleanup());

const hashes = () => new Set(query<{ hash: string }>(ws.db, 'SELECT hash FROM suppressions').map((r) => r.hash));

/** Every number of 617-555-XXXX, hashed as `hash` says: those found in the suppressions. */
function sweep(hash: (value: string) => string): string[] {
  const held = hashes();
  const found: string[] = [];
  for (let n = 0; n < 10_000; n++) {
    const e164 = `+1617555${String(n).padStart(4, '0')}`;
    if (held.has(hash(`phone:${e164}`))) found.push(e164);
  }
  return found;
}

describe('the suppression list, tried without its key', () => {
  it('hashing every number of her exchange finds nothing without the key, and her with it', () => {
    ok(['forget', '1', '--yes']);
    expect(hashes().size).toBe(2);
    // what a copy of the database gives: plain SHA-256, and HMAC under any key but hers
    expect(sweep((v) => createHash('sha256').update(v).digest('hex'))).toEqual([]);
    expect(sweep((v) => `k1:${createHash('sha256').update(v).digest('hex')}`)).toEqual([]);
    const guess = randomBytes(32);
    expect(sweep((v) => `k1:${createHmac('sha256', guess).update(v).digest('hex')}`)).toEqual([]);
    // with the key, the same sweep finds her: the check above could have failed
    const key = suppressionKeyOf(ws.db);
    expect(sweep((v) => `k1:${createHmac('sha256', key).update(v).digest('hex')}`)).toEqual(['+16175550134']);
  });

  it('the key is a 0600 file in a 0700 folder beside the settings, in neither the database nor its backup', () => {
    ok(['forget', '1', '--yes']);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(keyFile())).mode & 0o777).toBe(0o700);
    const key = readFileSync(keyFile(), 'utf8').trim();
    const backup = join(ws.dir, 'copy.db');
    ok(['backup', backup]);
    for (const f of [ws.db, backup]) {
      const bytes = readFileSync(f);
      expect(bytes.includes(Buffer.from(key)), f).toBe(false);
      expect(bytes.includes(Buffer.from(key, 'hex')), f).toBe(false);
    }
  });

  it('no command that only reads makes a key; the first suppression does', () => {
    ok(['list']);
    ok(['doctor']);
    expect(() => statSync(keyFile())).toThrow();
    writeFileSync(join(ws.dir, 'registry.txt'), '617-555-0188\n');
    ok(['dnc', 'import', join(ws.dir, 'registry.txt')]);
    expect(statSync(keyFile()).size).toBe(65);
  });
});

describe('a missing or another key', () => {
  const refusal = (file: string, which: string) =>
    `leads: this database's suppressions (people erased with \`leads forget\`, the do-not-call registry) were hashed with a key that is ${which} ${file}: put that file back from your backup of ${dirname(file)}; without it those numbers cannot be checked, so nothing was done\n`;

  it('is refused by name where suppressions are checked or written, and told by doctor; the key back, all is well', () => {
    ok(['forget', '1', '--yes']);
    renameSync(keyFile(), `${keyFile()}.away`);
    writeFileSync(join(ws.dir, 'again.csv'), 'First Name,Last Name,Phone\nAnn,Zabriskie,(617) 555-0134\n');
    const before = scalar(ws.db, 'SELECT count(*) FROM leads');
    for (const args of [['import', join(ws.dir, 'again.csv')], ['forget', '2', '--yes']]) {
      const r = leads(args, o());
      expect(r.code, args.join(' ')).toBe(1);
      // the import names its file first, as its errors do
      expect(r.stderr).toContain(refusal(keyFile(), 'missing from').replace(/^leads: /, ''));
    }
    expect(scalar(ws.db, 'SELECT count(*) FROM leads')).toBe(before);
    const doctor = leads(['doctor', '--json'], o());
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout).problems).toContain(refusal(keyFile(), 'missing from').replace(/^leads: /, 'suppression key: ').trimEnd());
    // another key in its place is no better
    writeFileSync(keyFile(), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    expect(leads(['import', join(ws.dir, 'again.csv')], o()).stderr).toContain(refusal(keyFile(), 'not the one in').replace(/^leads: /, ''));
    renameSync(`${keyFile()}.away`, keyFile());
    ok(['import', join(ws.dir, 'again.csv')]);
    expect(query(ws.db, "SELECT do_not_call FROM leads WHERE last_name = 'Zabriskie'")).toEqual([{ do_not_call: 1 }]);
  });

  it('a key file that is no key, or a device, is refused', () => {
    ok(['forget', '1', '--yes']);
    writeFileSync(keyFile(), 'hello\n');
    expect(leads(['import', join(ws.dir, 'list.csv')], o()).stderr).toContain(`the suppression key ${keyFile()} is not a key leads wrote (64 hex digits)`);
  });
});

describe('hashes from before the key', () => {
  it('still keep their people out, are counted by doctor, and become keyed when the number is loaded again', () => {
    // a database from before: a plain hash of a forgotten number and of a registry number
    const db = new Database(ws.db);
    const plain = (v: string) => createHash('sha256').update(v).digest('hex');
    db.prepare("INSERT INTO suppressions (hash, kind, reason, created_at) VALUES (?, 'phone', 'forget', '2026-01-01T00:00:00.000Z')").run(plain('phone:+12125550101'));
    db.prepare("INSERT INTO suppressions (hash, kind, reason, created_at) VALUES (?, 'phone', 'registry', '2026-01-01T00:00:00.000Z')").run(plain('phone:+12125550102'));
    db.close();
    const doctor = JSON.parse(leads(['doctor', '--json'], o()).stdout);
    expect(doctor).toMatchObject({ ok: true, plain_suppressions: 2 });
    expect(leads(['doctor'], o()).stdout).toMatch(/^suppressions +2 kept as plain hashes from before they were keyed/m);
    writeFileSync(join(ws.dir, 'new.csv'), 'First Name,Last Name,Phone\nCy,Old,(212) 555-0101\nDi,Reg,(212) 555-0102\n');
    ok(['import', join(ws.dir, 'new.csv')]);
    expect(query(ws.db, "SELECT do_not_call FROM leads WHERE last_name IN ('Old', 'Reg') ORDER BY last_name")).toEqual([{ do_not_call: 1 }, { do_not_call: 1 }]);
    // the registry loaded again: its number is in hand, and kept keyed from now on
    writeFileSync(join(ws.dir, 'registry.txt'), '212-555-0102\n');
    ok(['dnc', 'import', join(ws.dir, 'registry.txt')]);
    expect(JSON.parse(leads(['doctor', '--json'], o()).stdout).plain_suppressions).toBe(1);
    expect(query(ws.db, "SELECT reason, created_at FROM suppressions WHERE hash LIKE 'k1:%'")).toEqual([{ reason: 'registry', created_at: '2026-01-01T00:00:00.000Z' }]);
  });

  it('a backup moved to another machine needs its key beside it: refused without, works with', () => {
    ok(['forget', '1', '--yes']);
    const other = join(ws.dir, 'other', 'leads.db');
    mkdirSync(dirname(other));
    ok(['backup', other]);
    const cfg = join(ws.dir, 'other-config');
    const there = { db: other, env: { XDG_CONFIG_HOME: cfg } };
    expect(leads(['import', join(ws.dir, 'list.csv')], there).code).toBe(1);
    mkdirSync(join(cfg, 'leads'), { recursive: true });
    copyFileSync(keyFile(), join(cfg, 'leads', 'suppression.key'));
    ok(['import', join(ws.dir, 'list.csv')], there);
    expect(query(other, "SELECT do_not_call FROM leads WHERE last_name = 'Zabriskie' ORDER BY id").at(-1)).toEqual({ do_not_call: 1 });
  });
});
