// The hunt: a seeded property test that drives every command with generated arguments and
// options (ids, codes, dates, numbers, paths, long strings, control characters, unknown
// flags; on a terminal, a few generated answers to its prompts) against a small database, and requires of every run: exit 0, 1, 2 or 130; never
// "internal error" or a stack trace; for exit 1 and 2 stderr is one `leads: ` line, for 130
// it ends with the `leads: interrupted: ` line; nothing reaching a terminal drives it; and
// `leads doctor` finds the database sound afterwards. Two doors of a messy day are open in
// every run: another calling session, alive, has a lead on its screen (nothing may log it
// without asking, no session shows it, and a session leaves no claim behind), and a second
// import filled fields that letters, emails and calls have used since (its undo never takes
// those back). Two more come now and then: a fifth of the runs have their folder on a small
// disk filled to a generated room (none at all to a megabyte), where the promises are a
// full disk said as such in one line and never in SQLite's or the system's words, the
// line's account of what was kept true, no file left by a failed command, doctor reading
// or saying the disk is full, and with room again the database whole; and a tenth end
// with the built binary given SIGINT, SIGTERM or SIGHUP at a generated moment of its work,
// whose last line must say what is true of the database and the folder (hunt-doors.ts).
// HUNT_RUNS runs more (default 100), HUNT_SEED another seed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { configHome, leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { setSender } from '../helpers/batches.js';
import { Cancelled } from '../../dist/core/errors.js';
import type { Prompter } from '../../dist/cli/context.js';
import { figure } from './util.js';
import { checkClaim, claimAfter, contentOf, type Disk, filesUnder, fromCopy, newFiles, type Moment, PARTIAL, RAW_DISK, type Signal, SIGNALS, signalled, smallDisk, wholeness } from './hunt-doors.js';
import Database from 'better-sqlite3';

process.env.TZ = 'UTC';
const RUNS = Number(process.env.HUNT_RUNS || 100);
const SEED = Number(process.env.HUNT_SEED ?? 20261126);

let ws: ReturnType<typeof tempWorkspace>;
let template: string;
const home = process.cwd();

/** The same people with new streets and emails: the second import, which letters and emails then use. */
const REFRESH = 'First Name,Last Name,Phone,Email,Street,City,Zip\n' +
  [3, 11, 12].map((i) => `P${i - 1},L${i - 1},(617) 555-01${String(i - 1).padStart(2, '0')},new${i}@y.example,${i} Oak St,Cambridge,02139`).join('\n') + '\n';
const CSV = 'First Name,Last Name,Company,Phone,Email,Street,City,State,Zip,Notes\n' +
  Array.from({ length: 12 }, (_, i) => `P${i},L${i},Co ${i % 4},(617) 555-01${String(i).padStart(2, '0')},p${i}@x.example,${i} Main St,Boston,MA,0211${i % 10},note ${i}`).join('\n') + '\n';

beforeAll(async () => {
  ws = tempWorkspace();
  template = ws.db;
  const csv = join(ws.dir, 'seed.csv');
  writeFileSync(csv, CSV);
  const run = async (args: string[]) => {
    const r = await leadsInProcess(args, { db: template, env: { LEADS_TODAY: '2026-11-20 15:00' } });
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  };
  await run(['import', csv, '--source', 'seed', '--list', 'L1']);
  await setSender(template);
  for (const [id, code, ...rest] of [['1', '1'], ['2', '2'], ['3', '3'], ['4', '4', '--next', 'tomorrow'], ['5', '5'], ['6', '6'], ['7', '7'], ['8', '9'], ['9', '6']]) {
    await run(['log', id, code, ...rest]);
  }
  await run(['stage', '6', 'thinking']);
  await run(['stage', '9', 'application']);
  await run(['forget', '10', '--yes']);
  // a second list fills in new addresses and emails; tonight's letters and emails use them
  const refresh = join(ws.dir, 'refresh.csv');
  writeFileSync(refresh, REFRESH);
  await run(['import', refresh, '--on-duplicate', 'update', '--source', 'refresh']);
  await run(['log', '11', '2']);
  await run(['log', '12', '5']);
  await run(['log', '3', '3']);
  await run(['sort', '--out', join(ws.dir, 'template-batches')]);
  // another session, alive (this process), has lead 4 on its screen
  const db = new Database(template);
  db.prepare("INSERT INTO sessions (id, started_at) VALUES (99, '2026-11-20T14:00:00.000Z')").run();
  db.prepare("INSERT INTO claims (lead_id, session_id, pid, claimed_at, expires_at) VALUES (4, 99, ?, '2026-11-20T14:00:00.000Z', '2999-01-01T00:00:00.000Z')").run(process.pid);
  db.close();
  // the doors are open: lead 4 is due (a session would show it), the second import's fields were used
  const queue = await leadsInProcess(['call', '--json', '--any-hour'], { db: template, env: { LEADS_TODAY: '2026-11-24 15:00' } });
  expect(JSON.parse(queue.stdout).map((e: { id: number }) => e.id)).toContain(4);
  expect(fromCopy(template, usedNow).filter((u) => u.email === 'new12@y.example' || u.address === '11 Oak St|Cambridge|02139')).toHaveLength(2);
  // two imports, a sort and a dozen calls: room on a busy machine
}, 600_000);
afterAll(() => {
  process.chdir(home);
  ws.cleanup();
});

// ---- the values ------------------------------------------------------------------------
const NASTY = ['', ' ', '\u001b[2J', '\u001b]0;x\u0007', 'a\nb', 'a\r\nBcc: x@y', '\u202eevil', '\u0000', '--json', '-1', "'; DROP TABLE leads;--", '=SUM(A1)', 'é日本😀', '%_\\'];
const text = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.nat({ max: 3000 }).map((n) => 'x'.repeat(n)),
);
const id = fc.oneof(
  fc.integer({ min: 1, max: 14 }).map(String),
  fc.constantFrom('0', '-1', '1e3', '99999999999999999999999', '9007199254740993', 'abc', '', ' 3 ', '１', '0x10', '3.5'),
);
const code = fc.oneof(fc.integer({ min: 0, max: 12 }).map(String), fc.constantFrom('99', '100', '-1', 'x', '', '1.5', '07'));
const date = fc.oneof(
  fc.constantFrom('tomorrow', 'yesterday', 'today', 'now', '+3d', '+2w', '+1m', '+5y', '+6y', '+999y', '+9999y', '-3d', 'mon', 'fri 2pm', '2026-11-01',
    '1990-01-01', '2026-02-30', '2026-11-25 14:00', '2026-11-25 25:00', 'june 2027', 'june 15', '13 13 13', '+99999999y', 'in 3 days', ''),
  text,
);
const number = fc.oneof(fc.integer({ min: -2, max: 100 }).map(String), fc.constantFrom('1e9', '99999999999999999999', 'abc', '', '2.5', '3650', '3651', '0'));
// Every path stays inside the run's folder (the sort and --out make folders): relative, no
// slash in generated names, `missing/dir` for a folder that is not there, `people.csv/x` for
// one that cannot be made.
const PATHS = ['out', 'out/x.csv', 'out/x.json', 'new.db', 'missing/dir/x', 'people.csv/x', 'leads.db', 'people.csv', 'binary.csv', 'empty.csv', 'adir', 'adir/', '.', ''];
const path = fc.oneof(fc.constantFrom(...PATHS), text.map((t) => `f-${t.replace(/[/\\]/g, '_')}`));
const SETTING_KEYS = ['rules.cool_off_days', 'rules.strikes', 'rules.retry_limit', 'rules.stale_days', 'rules.recall_days', 'rules.default_country', 'sender.name', 'sender.email', 'rules.bogus', ''];
const settingValue = fc.oneof(number, fc.constantFrom('US', 'GB', 'ZZ', 'usa', 'x@y.example', 'bad@@'), text);

/** Anything on a terminal that would drive it, other than line ends and the colour codes the program writes. */
const DRIVES = /\u001b(?!\[[0-9;]*m)|\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * A person at the terminal: answers from a generated list (a key that is no choice becomes
 * one, as the real prompt allows no other), then Ctrl-C.
 */
function typist(answers: string[]): Prompter {
  const list = [...answers];
  const next = () => {
    if (!list.length) throw new Cancelled();
    return list.shift()!;
  };
  return {
    input: async () => next(),
    confirm: async () => next() === 'y',
    key: async (_m, keys) => {
      const a = next().toLowerCase();
      return keys.includes(a) ? a : keys[a.length % keys.length];
    },
  };
}
const answer = fc.oneof(code, date, fc.constantFrom('s', 'u', 'n', 'q', 't', 'y', '', 'a', 'v', 'quote', 'thinking', 'sold', 'done'), text);

type Gen = fc.Arbitrary<string>;
const flag = (name: string, value?: Gen): fc.Arbitrary<string[]> => (value ? value.map((v) => [name, v]) : fc.constant([name]));
const CONTACT = ['--first', '--last', '--company', '--title', '--phone', '--mobile', '--email', '--street', '--city', '--region', '--postal-code', '--country', '--source', '--list'].map((f) => flag(f, text));
const FILTERS = [flag('--code', code), flag('--stage', fc.constantFrom('quote', 'thinking', 'sold', 'x')), flag('--status', fc.constantFrom('prospect', 'cycle', 'sold', 'disqualified', 'x')),
  flag('--source', text), flag('--list', text), flag('--due'), flag('--due', date), flag('--limit', number), flag('--sort', fc.constantFrom('id', 'name', 'next', 'x'))];
const ANY = [flag('--json'), flag('--bogus'), flag('--yes'), flag('--dry-run'), flag('--note', text), flag('--next', date), flag('--at', date), flag('--email', text), flag('--out', path)];

/** A command: its words, its positional arguments, and the options it takes. */
const COMMANDS: [string[], Gen[], fc.Arbitrary<string[]>[]][] = [
  [['add'], [], [...CONTACT, flag('--note', text), flag('--inbound'), flag('--json')]],
  [['show'], [id], [flag('--json')]],
  [['list'], [], [...FILTERS, flag('--duplicates'), flag('--json')]],
  [['find'], [text], [flag('--limit', number), flag('--json')]],
  [['edit'], [id], [...CONTACT, flag('--json')]],
  [['note'], [id, text], [flag('--next', date), flag('--json')]],
  [['log'], [id, code], [flag('--note', text), flag('--next', date), flag('--at', date), flag('--result', fc.constantFrom('no_answer', 'voicemail', 'busy', 'someone_else', 'x')), flag('--email', text), flag('--undo'), flag('--json')]],
  [['log'], [id], [flag('--undo'), flag('--json')]],
  [['call'], [], [flag('--json'), flag('--source', text), flag('--list', text), flag('--territory', text), flag('--territory', fc.constantFrom('MA', 'ZZ', 'MA,ZZ', '021', ',,', 'ZZ,!!')), flag('--limit', number), flag('--any-hour')]],
  [['stage'], [id, fc.constantFrom('quote', 'thinking', 'application', 'delivery', 'sold', 'done', 'x', '')], [flag('--note', text), flag('--next', date), flag('--json')]],
  [['release'], [], [flag('--dry-run'), flag('--yes'), flag('--json')]],
  [['release'], [id], [flag('--dry-run'), flag('--yes'), flag('--json')]],
  [['sort'], [], [flag('--date', date), flag('--out', path), flag('--dry-run'), flag('--json')]],
  [['batches'], [], [flag('--json')]],
  [['batches'], [id], [flag('--rewrite'), flag('--out', path), flag('--json')]],
  [['due'], [], [flag('--date', date), flag('--json')]],
  [['dnc'], [id], [flag('--call'), flag('--email'), flag('--mail'), flag('--note', text), flag('--undo'), flag('--yes'), flag('--json')]],
  [['dnc', 'import'], [path], [flag('--dry-run'), flag('--json')]],
  [['merge'], [id, id], [flag('--dry-run'), flag('--json')]],
  [['forget'], [id], [flag('--yes'), flag('--json')]],
  [['report'], [], [flag('--period', fc.constantFrom('day', 'week', 'month', 'year')), flag('--from', date), flag('--to', date), flag('--by', fc.constantFrom('code', 'source', 'list', 'stage', 'hour', 'weekday', 'x')), flag('--json'), flag('--csv')]],
  [['codes'], [], [flag('--json')]],
  [['codes', 'add'], [code, text], [flag('--action', fc.constantFrom('rest', 'letter', 'retry', 'callback', 'email', 'finish', 'dnc', 'disqualify', 'none', 'x')), flag('--needs-date'), flag('--needs-email'), flag('--not-reached'), flag('--reached'), flag('--json')]],
  [['codes', 'rename'], [code, text], [flag('--json')]],
  [['codes', 'retry'], [code], [flag('--delay', fc.constantFrom('1d', '4h', '90m', '5m', '2y', 'x', '')), flag('--round', number), flag('--rest', number), flag('--json')]],
  [['away'], [], [flag('--until', date), flag('--from', date), flag('--off'), flag('--json')]],
  [['export'], [], [...FILTERS, flag('--format', fc.constantFrom('csv', 'json', 'xml', 'xlsx')), flag('--out', path), flag('--lead', id)]],
  [['backup'], [path], [flag('--json')]],
  [['doctor'], [], [flag('--json')]],
  [['config'], [], [flag('--json')]],
  [['config', 'set'], [fc.constantFrom(...SETTING_KEYS), settingValue], []],
  [['config', 'set', 'sort.out_dir'], [path], []],
  [['config', 'get'], [fc.constantFrom(...SETTING_KEYS)], [flag('--json')]],
  [['import'], [path], [flag('--source', text), flag('--list', text), flag('--cost', number), flag('--map', text), flag('--delimiter', text), flag('--encoding', text), flag('--country', fc.constantFrom('US', 'XX', 'gb', '', 'USA')), flag('--on-duplicate', fc.constantFrom('skip', 'update', 'x')), flag('--inbound'), flag('--dry-run'), flag('--rejects', path), flag('--json')]],
  [['imports'], [], [flag('--limit', number), flag('--json')]],
  [['imports', 'undo'], [fc.oneof(fc.constantFrom('1', '2', '2', '3'), id)], [flag('--yes'), flag('--dry-run'), flag('--json')]],
];

/** The commands that change what the next command meets come up more often. */
const WEIGHT: Record<string, number> = { log: 4, 'config set': 3, stage: 2, forget: 2, dnc: 2, merge: 2, call: 2, 'imports undo': 2 };
const pick = fc.oneof(...COMMANDS.map((c, i) => ({ arbitrary: fc.constant(i), weight: WEIGHT[c[0].join(' ')] ?? 1 })));

/** Now and then a run starts by setting a rule to an edge of its range, or past it. */
const shake = fc.option(
  fc.tuple(
    fc.constantFrom(...SETTING_KEYS.filter((k) => k.startsWith('rules.'))),
    fc.constantFrom('0', '1', '10', '50', '365', '3650', '3651', '99999999999', '-5', 'ZZ', 'GB', ''),
  ).map(([k, v]) => ['config', 'set', k, v]),
  { freq: 2 },
);

const invocation = pick.chain((i) => {
  const [words, positional, options] = COMMANDS[i];
  return fc
    .tuple(
      fc.tuple(...positional),
      // a positional left out now and then (missing arguments), options of the command and a few that are not
      fc.integer({ min: 0, max: 9 }),
      fc.subarray(options, { maxLength: Math.min(4, options.length) }).chain((own) => fc.tuple(...own)),
      fc.subarray(ANY, { maxLength: 1 }).chain((other) => fc.tuple(...other)),
    )
    .map(([args, drop, own, other]) => {
      const pos = drop === 0 ? args.slice(0, -1) : args;
      return [...words, ...pos, ...own.flat(), ...(drop === 1 ? other.flat() : [])];
    });
});

/**
 * Work as a user types it, well formed: what writes the database and files, so that a full
 * disk or a signal meets it in its work and not only in the checking of its arguments.
 */
const lead = fc.integer({ min: 1, max: 13 }).map(String);
const work: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(lead, fc.constantFrom('1', '2', '3', '5', '6', '9')).map(([i, c]) => ['log', i, c, '--note', 'called']),
  lead.map((i) => ['note', i, 'call after lunch']),
  lead.map((i) => ['edit', i, '--city', 'Salem']),
  lead.map((i) => ['dnc', i, '--call']),
  lead.map((i) => ['forget', i, '--yes']),
  fc.tuple(lead, lead).map(([a, b]) => ['merge', a, b]),
  fc.constant(['add', '--first', 'Zed', '--phone', '(617) 555-0999']),
  fc.constantFrom(['sort', '--out', 'out'], ['sort'], ['backup', 'copy.db'], ['export', '--out', 'all.csv'], ['export', '--format', 'json', '--out', 'all.json'], ['export', '--format', 'xlsx', '--out', 'all.xlsx'], ['export', '--lead', '2', '--out', 'two.json']),
  fc.constantFrom(['import', 'people.csv', '--on-duplicate', 'update', '--rejects', 'rejects.csv'], ['imports', 'undo', '2', '--yes'], ['config', 'set', 'sender.name', 'Pat Seller'], ['release', '--yes']),
);
const command = fc.oneof({ arbitrary: invocation, weight: 3 }, { arbitrary: work, weight: 1 });

type Used = Record<string, unknown>[];

/** What letters, emails and calls have used: each such lead's address, email and phone. */
function usedNow(d: Database.Database): Used {
  return d
    .prepare(
      `SELECT l.id,
         CASE WHEN EXISTS (SELECT 1 FROM touches t WHERE t.lead_id = l.id AND t.channel = 'email') THEN l.email END AS email,
         CASE WHEN EXISTS (SELECT 1 FROM touches t WHERE t.lead_id = l.id AND t.channel = 'letter') THEN l.street || '|' || l.city || '|' || l.postal_code END AS address,
         CASE WHEN EXISTS (SELECT 1 FROM touches t WHERE t.lead_id = l.id AND t.channel = 'call') THEN l.phone END AS phone
       FROM leads l WHERE l.forgotten_at IS NULL ORDER BY l.id`,
    )
    .all() as Used;
}

type Claims = { lead_id: number; session_id: number }[];

/**
 * What the doors look at, read from a copy of the database (a full disk has no room for a
 * reader's -shm): what was used, the claims (the other session's, and any a run left
 * behind), and how many calls the other session's lead has had.
 */
function look(db: string): { used: Used; claims: Claims; calls4: number } {
  return fromCopy(db, (d) => ({
    used: usedNow(d),
    claims: d.prepare('SELECT lead_id, session_id FROM claims ORDER BY lead_id').all() as Claims,
    calls4: d.prepare("SELECT count(*) FROM touches WHERE lead_id = 4 AND channel = 'call'").pluck().get() as number,
  }));
}

/**
 * The doors' promises after each run: a session leaves no claim of its own; the other
 * session's lead was neither shown by a session nor logged without --yes or a yes typed;
 * an import's undo took back nothing that was used.
 */
function checkDoors(args: string[], r: { code: number; stdout: string }, what: string, before: ReturnType<typeof look>, after: ReturnType<typeof look>) {
  expect(after.claims, `${what}: the claims after it`).toEqual(before.claims);
  if (args[0] === 'call' && !args.includes('--json')) expect(r.stdout, what).not.toMatch(/#4 P3 L3/);
  if (args[0] === 'imports' && args[1] === 'undo' && r.code === 0) {
    const now = new Map(after.used.map((u) => [u.id, u]));
    for (const u of before.used) {
      const left = now.get(u.id);
      if (!left) continue;
      for (const k of ['email', 'address', 'phone']) if (u[k] !== null) expect(left[k], `${what}: lead ${u.id}'s ${k}, used, after the undo`).toBe(u[k]);
    }
  }
}

/**
 * A fifth of the runs have their folder on a small disk of their own, filled to leave a
 * generated room (none, a few bytes, less than a page, less than SQLite's -shm, a few pages,
 * enough): any command may meet a full disk anywhere in its work.
 */
const room = fc.oneof(
  { arbitrary: fc.constant(null), weight: 4 },
  { arbitrary: fc.constantFrom(0, 512, 4096, 12_288, 32_768, 65_536, 131_072, 262_144, 1_048_576), weight: 1 },
);
/**
 * A tenth of the runs end with a real process, given a signal at a generated moment of its
 * work: mostly work that writes, so that the signal finds some under way.
 */
const moment = fc.oneof(
  { arbitrary: fc.constant(null), weight: 9 },
  {
    arbitrary: fc.record({
      args: fc.oneof({ arbitrary: work, weight: 3 }, { arbitrary: invocation, weight: 1 }),
      signal: fc.constantFrom(...(Object.keys(SIGNALS) as Signal[])),
      after: fc.constantFrom('start', 'open', 'open', 'open', 'output', 'file', 'file') as fc.Arbitrary<Moment['after']>,
      delay: fc.constantFrom(0, 0, 1, 3, 10, 25, 60, 150),
    }),
    weight: 1,
  },
);

/** Files in the run's folder at the start: the inputs paths name. */
function setUp(dir: string) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'adir'), { recursive: true });
  mkdirSync(join(dir, 'config', 'leads'), { recursive: true });
  copyFileSync(template, join(dir, 'leads.db'));
  // a copy of the database goes with its suppressions' key (the template's forget made one)
  copyFileSync(join(configHome(template), 'leads', 'suppression.key'), join(dir, 'config', 'leads', 'suppression.key'));
  writeFileSync(join(dir, 'people.csv'), CSV);
  writeFileSync(join(dir, 'binary.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0xff, 0xfe, 0x00, 0x1b]));
  writeFileSync(join(dir, 'empty.csv'), '');
}

/** A full disk's line: what was kept, or null for another line. */
const fullDiskKept = (stderr: string) => stderr.match(/^leads: the disk holding the database is full: (.+); free space and go on\n$/)?.[1] ?? null;

describe('the hunt: every command with generated input', () => {
  let disk: Disk | null;
  beforeAll(() => {
    disk = smallDisk(ws.dir);
    if (!disk) console.warn('the hunt\'s full-disk door is closed: mounting a tmpfs needs root');
  });
  afterAll(() => {
    process.chdir(home);
    disk?.unmount();
  });

  it(`${RUNS} runs of 1-3 commands (seed ${SEED}): exit 0/1/2/130 (a signal's status after one), one-line errors, no internal error, the last line true, doctor passes`, async () => {
    let n = 0;
    const tally: Record<string, number> = {};
    const count = (k: string) => void (tally[k] = (tally[k] ?? 0) + 1);
    try {
      await fc.assert(
        // a few commands in a row on one database: a setting or a state one leaves is what the next meets
        // on a terminal half the time, where prompts take a few generated answers and then Ctrl-C
        fc.asyncProperty(shake, fc.array(command, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.array(answer, { maxLength: 8 }), room, moment, async (first, rest, tty, answers, free, signal) => {
          const runs = [...(first ? [first] : []), ...rest, ...(signal ? [signal.args] : [])];
          const full = free !== null && disk !== null;
          const dir = full ? join(disk!.path, 'run') : join(ws.dir, `run-${n}`);
          n++;
          // (a run that failed left its disk full)
          disk?.free();
          setUp(dir);
          if (full) disk!.fill(free!);
          const db = join(dir, 'leads.db');
          const env = { XDG_CONFIG_HOME: join(dir, 'config') };
          // relative paths (backup FILE, --out, the sort's default folder) land in the run's folder
          process.chdir(dir);
          let what = full ? `(a disk with ${free} bytes free) ` : '';
          for (const [i, args] of runs.entries()) {
            const before = look(db);
            // what the claims of a full disk's or a signal's line are held against
            const folder = filesUnder(dir);
            const was = full || signal ? { content: contentOf(db), files: folder } : undefined;
            const process_ = signal && i === runs.length - 1 ? signal : null;
            let r: { code: number; stdout: string; stderr: string };
            if (process_) {
              const p = await signalled(args, { db, env, dir }, process_);
              what += `leads ${JSON.stringify(args)} (a process, ${process_.signal} ${process_.delay} ms after ${process_.after}${p.sent ? '' : ', not sent: it ended first'}) → ${p.killedBy ?? `exit ${p.code}`}: ${JSON.stringify(p.stderr)}; `;
              if (!p.sent) count('signal not sent: the run ended first');
              r = { code: p.code ?? 0, stdout: p.stdout, stderr: p.stderr };
              if (p.killedBy) {
                // the signal came while Node itself starts or ends, outside the program's handlers
                expect(p.killedBy, what).toBe(process_.signal);
                if (!p.stdout && !p.stderr) {
                  // before the program began: nothing did
                  count(checkClaim('nothing was changed', dir, db, was!, what));
                  continue;
                }
                // after the program ended: its own lines stand
                count(`${process_.signal}: after its end`);
                expect(r.stderr, what).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
                expect(r.stderr, what).not.toMatch(RAW_DISK);
                checkDoors(args, r, what, before, look(db));
                continue;
              }
              if (p.sent && r.code === SIGNALS[process_.signal]) {
                expect(r.stderr, what).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
                count(`${process_.signal}: ${checkClaim(claimAfter(r.stderr, process_.signal, what), dir, db, was!, what)}`);
                checkDoors(args, r, what, before, look(db));
                continue;
              }
            } else {
              r = await leadsInProcess(args, { db, env, tty, prompter: typist(answers) });
              what += `leads ${JSON.stringify(args)}${tty ? ' (terminal)' : ''} → exit ${r.code}: ${JSON.stringify(r.stderr)}; `;
            }
            count(`exit ${r.code}`);
            expect([0, 1, 2, 130], what).toContain(r.code);
            expect(r.stderr, what).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
            expect(r.stderr, what).not.toMatch(RAW_DISK);
            if (r.code === 1 || r.code === 2) expect(r.stderr, what).toMatch(/^leads: [^\n]*\n$/);
            // (a notice given before the session began may stand above it)
            if (r.code === 130) expect(r.stderr, what).toMatch(/(^|\n)leads: interrupted: [^\n]*\n$/);
            if (tty && !process_) expect(DRIVES.test(r.stdout), `${what} stdout ${JSON.stringify(r.stdout.slice(0, 2000))}`).toBe(false);
            const files = filesUnder(dir);
            expect([...files.keys()].filter((f) => PARTIAL.test(f)), `${what}: partial files left`).toEqual([]);
            // a command that failed made nothing (no output file, no folder, no copy)
            if (r.code === 1 || r.code === 2) expect(newFiles(folder, files), `${what}: files made by a failed command`).toEqual([]);
            const kept = fullDiskKept(r.stderr);
            if (kept !== null) count(`full disk: ${checkClaim(kept, dir, db, was ?? { content: '', files: new Map() }, what)}`);
            const after = look(db);
            checkDoors(args, r, what, before, after);
            // the other session's lead is logged only with --yes, or a yes typed on a terminal
            if (args[0] === 'log' && args[1] === '4' && !args.includes('--yes') && !tty) expect(after.calls4, what).toBe(before.calls4);
          }
          if (full) {
            // on the full disk doctor reads the database, or says the disk is full
            const cramped = await leadsInProcess(['doctor', '--json'], { db, env });
            if (cramped.code !== 0) expect(cramped.stderr, `${what}; then doctor on the full disk`).toMatch(/^leads: the disk holding the database is full: [^\n]+\n$/);
            else expect(JSON.parse(cramped.stdout).ok, `${what}; then doctor on the full disk: ${cramped.stdout}`).toBe(true);
            disk!.free();
          }
          const doctor = await leadsInProcess(['doctor', '--json'], { db, env });
          expect(doctor.code, `${what}; then doctor: ${doctor.stderr}`).toBe(0);
          expect(JSON.parse(doctor.stdout).ok, `${what}; then doctor: ${doctor.stdout}`).toBe(true);
          expect(wholeness(db), `${what}; then the database`).toBe('ok');
          process.chdir(home);
          rmSync(dir, { recursive: true, force: true });
        }),
        { numRuns: RUNS, seed: SEED },
      );
    } finally {
      process.chdir(home);
      disk?.free();
    }
    figure('the hunt (fast-check, every command)', `${RUNS} generated runs of 1-3 commands (${disk ? 'a fifth on a small full disk' : 'no full disk: not root'}, a tenth ending in a real process and a signal): ${Object.entries(tally).sort().map(([c, k]) => `${c} ×${k}`).join(', ')}; no internal error, errors one line, every last line true, doctor clean after each`);
  }, Math.max(1_800_000, RUNS * 1_500));
});
