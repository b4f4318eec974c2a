import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { readFileSync } from 'node:fs';
import { leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { addLead, logCode, ok, pdfPages, pdfText, readCsv, setSender } from '../helpers/batches.js';

// the spawned binary runs with TZ=UTC (test/helpers/cli.ts); in-process runs must agree
process.env.TZ = 'UTC';

let ws: ReturnType<typeof tempWorkspace>;
let out: string;
let env: Record<string, string>;
beforeEach(() => {
  ws = tempWorkspace();
  out = join(ws.dir, 'out');
  env = { XDG_CONFIG_HOME: join(ws.dir, 'config') };
});
afterEach(() => ws.cleanup());

const DAY = '2026-11-24';

/** Batch 1: letters to Ann and Bo (asked for the day before), an email to Ann, a follow-up for Bo, Cy without an address. */
async function oneBatch() {
  const ann = await addLead(ws.db, { first: 'Ann', last: 'Baker', company: 'Acme Inc.', street: '100 Main St', city: 'Boston', region: 'MA', postal: '02110', email: 'ann@acme.example', phone: '(617) 555-0100' });
  const bo = await addLead(ws.db, { first: 'Bo', last: 'Chan', street: '2 Elm St', city: 'Denver', region: 'CO', postal: '80202', phone: '(303) 555-0101' });
  const cy = await addLead(ws.db, { first: 'Cy', last: 'Dunn', phone: '(312) 555-0102' });
  await setSender(ws.db);
  // the letters asked for the day before: a later outcome the same day would replace them
  await logCode(ws.db, ann, 2, { day: '2026-11-23' });
  await logCode(ws.db, bo, 2, { day: '2026-11-23' });
  await logCode(ws.db, cy, 2);
  await logCode(ws.db, ann, 5);
  await logCode(ws.db, bo, 6, { note: 'quote sent' });
  const r = await leadsInProcess(['sort', '--out', out], { db: ws.db, env });
  expect(r.code, r.stderr).toBe(0);
  return { ann, bo, cy };
}

describe('leads batches', () => {
  it('lists past batches: tab-separated when piped, JSON with --json', async () => {
    await oneBatch();
    const r = leads(['batches'], { db: ws.db, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`batch\tday\tmade\tletters\temails\tfollow-ups\tleft out\twaiting\tfolder\n1\t${DAY}\t${DAY} 12:00\t2\t1\t1\t1\t\t${join(out, DAY)}\n`);
    const json = JSON.parse(leads(['batches', '--json'], { db: ws.db, env }).stdout);
    expect(json).toEqual([
      expect.objectContaining({ id: 1, day: DAY, out_dir: join(out, DAY), letters: 2, emails: 1, follow_ups: 1, skipped: 1, waiting: 0, unsure: 0 }),
    ]);
    expect(json[0].files.letters).toMatchObject({ csv: 'letters.csv', envelopes: 'envelopes.pdf' });
    expect(json[0].files.emails).toEqual({ csv: 'emails.csv', messages: 1 });
  });

  it('with no batches: a header when piped, a hint on a terminal, [] as JSON', async () => {
    expect(leads(['batches'], { db: ws.db, env }).stdout).toBe('batch\tday\tmade\tletters\temails\tfollow-ups\tleft out\twaiting\tfolder\n');
    expect((await leadsInProcess(['batches'], { db: ws.db, env, tty: true })).stdout).toContain('`leads sort`');
    expect(JSON.parse(leads(['batches', '--json'], { db: ws.db, env }).stdout)).toEqual([]);
  });

  it('shows one batch and what was in it, served or left out and why', async () => {
    const { ann, bo, cy } = await oneBatch();
    const r = leads(['batches', '1'], { db: ws.db, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`folder      ${join(out, DAY)}`);
    expect(r.stdout).toContain('item\tlead\tname\tkind\tresult\tdelivery\n');
    expect(r.stdout).toContain(`\t${cy}\tCy Dunn\tletter\tno address\t\n`);
    expect(r.stdout).toContain(`\t${bo}\tBo Chan\tfollow-up\tserved\t\n`);
    const json = JSON.parse(leads(['batches', '1', '--json'], { db: ws.db, env }).stdout);
    expect(json).toMatchObject({ id: 1, letters: 2, emails: 1, follow_ups: 1, skipped: 1 });
    expect(json.items.map((i: { lead_id: number; kind: string; skipped: string | null }) => [i.lead_id, i.kind, i.skipped])).toEqual([
      [ann, 'letter', null], [bo, 'letter', null], [cy, 'letter', 'no address'], [ann, 'email', null], [bo, 'follow_up', null],
    ]);
  });

  it('--rewrite writes the files again elsewhere, from the leads as they are now, and records nothing', async () => {
    const { ann, bo } = await oneBatch();
    await ok(['dnc', String(bo), '--mail'], { db: ws.db }); // asked not to be mailed since
    const again = join(ws.dir, 'again');
    const r = await leadsInProcess(['batches', '1', '--rewrite', '--out', again, '--json'], { db: ws.db, env });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ batch_id: 1, out_dir: join(again, DAY), letters: { count: 1, needs_address: 1 }, emails: { count: 1 }, follow_ups: { count: 1 }, left_out: 1 });
    expect(readCsv(join(again, DAY, 'letters.csv')).map((l) => l.lead_id)).toEqual([String(ann)]);
    expect(pdfPages(join(again, DAY, 'envelopes.pdf'))).toBe(1);
    expect(pdfText(join(again, DAY, 'letters.pdf'))).not.toContain('Bo Chan');
    expect(readdirSync(join(again, DAY)).sort()).toEqual(['emails', 'emails.csv', 'envelopes.pdf', 'follow-ups.csv', 'follow-ups.ics', 'labels.pdf', 'letters.csv', 'letters.pdf', 'letters.xlsx', 'needs-address.csv']);
    const [row] = readCsv(join(again, DAY, 'emails.csv'));
    expect((await PostalMime.parse(readFileSync(join(again, DAY, row.file)))).to?.[0].address).toBe('ann@acme.example');
    expect(statSync(join(again, DAY, 'letters.pdf')).mode & 0o777).toBe(0o600);
    // nothing recorded: still one batch, one letter touch per lead
    expect(JSON.parse(leads(['batches', '--json'], { db: ws.db, env }).stdout)).toHaveLength(1);
    const show = JSON.parse(leads(['show', String(ann), '--json'], { db: ws.db, env }).stdout);
    expect(show.touches.filter((t: { channel: string }) => t.channel === 'letter')).toHaveLength(1);
    // the piped form says where
    const piped = leads(['batches', '1', '--rewrite', '--out', join(ws.dir, 'third')], { db: ws.db, env });
    expect(piped.stderr).toBe(`batch 1 written again to ${join(ws.dir, 'third', DAY)} (1 left out: contact rules changed since)\n`);
    expect(piped.stdout).toContain('letters\t1\t');
  });

  it('--rewrite never writes over the batch folder: exit 1 naming it', async () => {
    await oneBatch();
    const r = leads(['batches', '1', '--rewrite', '--out', out], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`leads: ${join(out, DAY)} already exists; give another --out folder, or move it away\n`);
    expect(readdirSync(out)).toEqual([DAY]);
  });

  it('refusals: no such batch (1), a bad id (2), --rewrite without an id (2), --out without --rewrite (2)', async () => {
    await oneBatch();
    const cases: [string[], number, RegExp][] = [
      [['batches', '9'], 1, /^leads: no batch 9\n$/],
      [['batches', '9', '--rewrite', '--out', join(ws.dir, 'x')], 1, /^leads: no batch 9\n$/],
      [['batches', 'abc'], 2, /batch id must be a positive whole number/],
      [['batches', '--rewrite'], 2, /--rewrite needs a batch id/],
      [['batches', '1', '--out', join(ws.dir, 'x')], 2, /--out goes with --rewrite/],
    ];
    for (const [args, code, msg] of cases) {
      const r = leads(args, { db: ws.db, env });
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(join(ws.dir, 'x'))).toBe(false);
  });

  it('a batch that printed nothing has nothing to rewrite (exit 1)', async () => {
    const ann = await addLead(ws.db, { first: 'Ann', street: '1 A St', city: 'Boston', phone: '(617) 555-0100' });
    await logCode(ws.db, ann, 2);
    await ok(['dnc', String(ann), '--mail'], { db: ws.db });
    expect((await leadsInProcess(['sort', '--out', out], { db: ws.db, env })).stderr).toBe('batch 1: nothing to print or send\n');
    mkdirSync(join(ws.dir, 'x'));
    const r = leads(['batches', '1', '--rewrite', '--out', join(ws.dir, 'x')], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^leads: batch 1 has no files to write/);
  });
});
