import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import PostalMime from 'postal-mime';
import ICAL from 'ical.js';
import { leads, leadsInProcess, tempWorkspace, ANSI } from '../helpers/cli.js';
import { addLead, logCode, ok, pdfPages, pdfPageSize, pdfText, readCsv, setSender } from '../helpers/batches.js';

// the spawned binary runs with TZ=UTC (test/helpers/cli.ts); in-process runs must agree
process.env.TZ = 'UTC';

let ws: ReturnType<typeof tempWorkspace>;
let out: string;
let env: Record<string, string>;
beforeEach(() => {
  ws = tempWorkspace();
  out = join(ws.dir, 'out');
  // no user templates unless a test writes them
  env = { XDG_CONFIG_HOME: join(ws.dir, 'config') };
});
afterEach(() => ws.cleanup());

const DAY = '2026-11-24';
const sortJson = async (extra: string[] = [], e: Record<string, string> = {}) => {
  const r = await leadsInProcess(['sort', '--out', out, '--json', ...extra], { db: ws.db, env: { ...env, ...e } });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const query = <T>(sql: string, ...params: unknown[]): T[] => {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
};

/** Four leads: Ann (full address, email), José (accents, abroad), Cy (no address), Dee (address, email). */
async function seedFour() {
  const ann = await addLead(ws.db, { first: 'Ann', last: 'Baker', company: 'Acme Inc.', street: '100 Main St', city: 'Boston', region: 'MA', postal: '02110', email: 'ann@acme.example', phone: '(617) 555-0100' });
  const jose = await addLead(ws.db, { first: 'José', last: 'Núñez', company: 'Núñez & Hijos', street: '5 Ölweg', city: 'Tucson', region: 'AZ', postal: '85701', country: 'Mexico', email: 'jose@nunez.example', phone: '(520) 555-0101' });
  const cy = await addLead(ws.db, { first: 'Cy', last: 'Dunn', phone: '(312) 555-0102', email: 'cy@dunn.example' });
  const dee = await addLead(ws.db, { first: 'Dee', last: 'Ellis', company: 'Ellis LLC', street: '7 Elm St, Suite 200', city: 'Austin', region: 'TX', postal: '78701', email: 'dee@ellis.example', phone: '(512) 555-0103' });
  return { ann, jose, cy, dee };
}

describe('leads sort: the files of a batch', () => {
  it('writes letters, envelopes, labels, letters.pdf, emails and follow-ups that parse', async () => {
    const { ann, jose, cy, dee } = await seedFour();
    await setSender(ws.db);
    // the letters were asked for the day before: a later outcome the same day would replace them
    await logCode(ws.db, ann, 2, { note: 'wants the brochure', day: '2026-11-23' });
    await logCode(ws.db, jose, 2, { day: '2026-11-23' });
    await logCode(ws.db, cy, 2); // no postal address
    await logCode(ws.db, dee, 5);
    await logCode(ws.db, jose, 5);
    await logCode(ws.db, ann, 6, { note: 'call about the quote' });

    const s = await sortJson();
    const dir = join(out, DAY);
    expect(s).toMatchObject({
      batch_id: 1,
      day: DAY,
      dry_run: false,
      out_dir: dir,
      letters: { count: 2, needs_address: 1 },
      emails: { count: 2 },
      follow_ups: { count: 1 },
      skipped: { count: 1, reasons: { 'no address': 1 } },
    });
    expect(s.letters.files).toEqual({
      csv: join(dir, 'letters.csv'),
      xlsx: join(dir, 'letters.xlsx'),
      envelopes: join(dir, 'envelopes.pdf'),
      labels: join(dir, 'labels.pdf'),
      letters: join(dir, 'letters.pdf'),
      needs_address: join(dir, 'needs-address.csv'),
    });
    expect(s.follow_ups.files).toEqual({ csv: join(dir, 'follow-ups.csv'), ics: join(dir, 'follow-ups.ics') });

    // letters.csv for mail merge: the address block as lines, in call order
    const letters = readCsv(join(dir, 'letters.csv'));
    expect(letters.map((r) => r.lead_id)).toEqual([String(ann), String(jose)]);
    expect(letters[0]).toMatchObject({ address_1: 'Ann Baker', address_2: 'Acme Inc.', address_3: '100 Main St', address_4: 'Boston, MA 02110', address_5: '', postal_code: '02110' });
    // abroad: the country closes the block
    expect(letters[1]).toMatchObject({ address_1: 'José Núñez', address_3: '5 Ölweg', address_5: 'MEXICO' });
    // no postal address: listed, not dropped
    expect(readCsv(join(dir, 'needs-address.csv'))).toEqual([
      expect.objectContaining({ lead_id: String(cy), first_name: 'Cy', missing: 'street, city or postal_code' }),
    ]);

    // PDFs: one envelope and one letter page per letter, one sheet of labels
    expect(pdfPages(join(dir, 'envelopes.pdf'))).toBe(2);
    expect(pdfPageSize(join(dir, 'envelopes.pdf'))).toMatch(/^684 x 297 pts/);
    expect(pdfPages(join(dir, 'labels.pdf'))).toBe(1);
    expect(pdfPageSize(join(dir, 'labels.pdf'))).toMatch(/^612 x 792 pts/);
    expect(pdfPages(join(dir, 'letters.pdf'))).toBe(2);
    const env1 = pdfText(join(dir, 'envelopes.pdf'));
    expect(env1).toContain('Sam Seller');
    expect(env1).toContain('Springfield, IL 62701');
    expect(env1).toContain('Boston, MA 02110');
    expect(env1).toContain('José Núñez');
    const letterText = pdfText(join(dir, 'letters.pdf'));
    expect(letterText).toContain('Dear Ann,');
    expect(letterText).toContain('Dear José,');
    expect(letterText).toContain('November 24, 2026');
    expect(letterText).toContain('telling me about Acme Inc.');
    expect(pdfText(join(dir, 'labels.pdf'))).toContain('Acme Inc.');

    // emails: one RFC 5322 message per lead, parsed by a mail parser
    const emails = readCsv(join(dir, 'emails.csv'));
    expect(emails.map((r) => r.lead_id)).toEqual([String(dee), String(jose)]);
    expect(s.emails.files.eml).toEqual(emails.map((r) => join(dir, r.file)));
    const raw = readFileSync(join(dir, emails[1].file), 'utf8');
    expect(raw).toMatch(/^From: /);
    expect(raw.split('\r\n\r\n')[0].split('\r\n').every((l) => l.length <= 78)).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/\n/); // CRLF line ends only
    const mail = await PostalMime.parse(raw);
    expect(mail.from).toMatchObject({ name: 'Sam Seller', address: 'sam@seller.example' });
    expect(mail.to).toEqual([expect.objectContaining({ name: 'José Núñez', address: 'jose@nunez.example' })]);
    expect(mail.subject).toBe('Seller Co: the information you asked for');
    expect(new Date(mail.date!).toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(mail.messageId).toBe(emails[1].message_id);
    expect(mail.messageId).toMatch(/^<[^@\s]+@seller\.example>$/);
    expect(mail.text).toContain('Hello José,');
    expect(mail.text).toContain('help Núñez & Hijos save time');
    expect(mail.text).toContain('1 Market St, Springfield, IL 62701, US'); // the sender's postal address
    expect(mail.text).toMatch(/reply with "unsubscribe"/); // the opt-out line
    expect(mail.headers.find((h) => h.key === 'content-type')?.value).toMatch(/charset=UTF-8/i);
    const ascii = await PostalMime.parse(readFileSync(join(dir, emails[0].file)));
    expect(ascii.text).toContain('Hello Dee,');
    expect(new Set([mail.messageId, ascii.messageId]).size).toBe(2);

    // follow-ups: CSV and a calendar with one event at the follow-up date
    expect(readCsv(join(dir, 'follow-ups.csv'))).toEqual([
      expect.objectContaining({ lead_id: String(ann), follow_up_at: '2026-11-25 09:00', stage: 'quote', last_note: 'call about the quote' }),
    ]);
    const ics = readFileSync(join(dir, 'follow-ups.ics'), 'utf8');
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const cal = new ICAL.Component(ICAL.parse(ics));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(1);
    expect(events[0].summary).toBe('Follow up: Ann Baker (Acme Inc.)');
    expect(events[0].startDate.toJSDate().toISOString()).toBe('2026-11-25T09:00:00.000Z');
    expect(events[0].description).toContain('Phone: (617) 555-0100');
    expect(events[0].description).toContain('Last note: call about the quote');

    // files new and private, folders owner-only
    expect(statSync(out).mode & 0o777).toBe(0o700);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of [...readdirSync(dir).filter((f) => f !== 'emails'), ...readdirSync(join(dir, 'emails')).map((f) => `emails/${f}`)]) {
      expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
    }
    expect(readdirSync(out)).toEqual([DAY]); // no scratch folder left behind

    // the database: a letter/email touch with the batch id per served lead, items marked
    const touches = query<{ lead_id: number; channel: string; batch_id: number }>(
      "SELECT lead_id, channel, batch_id FROM touches WHERE channel IN ('letter', 'email') ORDER BY channel, lead_id",
    );
    expect(touches).toEqual([
      { lead_id: jose, channel: 'email', batch_id: 1 },
      { lead_id: dee, channel: 'email', batch_id: 1 },
      { lead_id: ann, channel: 'letter', batch_id: 1 },
      { lead_id: jose, channel: 'letter', batch_id: 1 },
    ]);
    expect(query('SELECT count(*) AS n FROM batch_items WHERE batch_id IS NULL')).toEqual([{ n: 0 }]);
    expect(query("SELECT lead_id FROM batch_items WHERE skipped = 'no address'")).toEqual([{ lead_id: cy }]);
    const show = JSON.parse((await ok(['show', String(jose), '--json'], { db: ws.db })).stdout);
    expect(show.touch_count).toBe(4); // two calls, a letter, an email
  });

  it('prints a summary table: tab-separated when piped, a table on a terminal', async () => {
    const { ann, cy } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, ann, 2);
    await logCode(ws.db, cy, 2);
    const r = leads(['sort', '--out', out], { db: ws.db, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`batch 1 written to ${join(out, DAY)}\n`);
    expect(r.stdout.split('\n')).toEqual([
      'batch\tcount\tfiles',
      'letters\t1\tletters.csv letters.xlsx envelopes.pdf labels.pdf letters.pdf',
      'letters needing an address\t1\tneeds-address.csv',
      'emails\t0\t',
      'follow-ups\t0\t',
      '',
    ]);
    await logCode(ws.db, ann, 6);
    const tty = await leadsInProcess(['sort', '--out', out], { db: ws.db, env: { ...env, TERM: 'xterm' }, tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(ANSI);
    expect(tty.stdout).toContain('follow-ups.csv follow-ups.ics');
  });

  it('is idempotent: a second sort writes nothing and records nothing', async () => {
    const { ann, dee } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, ann, 2);
    await logCode(ws.db, dee, 5);
    await sortJson();
    const before = readdirSync(join(out, DAY)).sort();
    const r = await leadsInProcess(['sort', '--out', out], { db: ws.db, env });
    expect(r).toMatchObject({ code: 0, stdout: 'nothing to sort: no outcomes are waiting for a batch\n', stderr: '' });
    expect(await sortJson()).toMatchObject({ batch_id: null, out_dir: null, letters: { count: 0 }, emails: { count: 0 }, follow_ups: { count: 0 }, skipped: { count: 0 } });
    expect(readdirSync(out)).toEqual([DAY]);
    expect(readdirSync(join(out, DAY)).sort()).toEqual(before);
    expect(query('SELECT count(*) AS n FROM batches')).toEqual([{ n: 1 }]);
    expect(query("SELECT count(*) AS n FROM touches WHERE channel IN ('letter', 'email')")).toEqual([{ n: 2 }]);
  });

  it('catches up two days: a missed evening is served by the next sort; --date sorts one day', async () => {
    const { ann, jose, dee } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, ann, 2, { day: '2026-11-22' });
    await logCode(ws.db, jose, 2, { day: '2026-11-23' });
    await logCode(ws.db, dee, 2, { day: DAY });
    // the 22nd was sorted; the 23rd was missed
    const first = await sortJson(['--date', '2026-11-22']);
    expect(first).toMatchObject({ day: '2026-11-22', out_dir: join(out, '2026-11-22'), letters: { count: 1 } });
    expect(readCsv(join(out, '2026-11-22', 'letters.csv')).map((r) => r.lead_id)).toEqual([String(ann)]);
    const s = await sortJson();
    expect(s).toMatchObject({ day: DAY, letters: { count: 2 } });
    expect(readCsv(join(out, DAY, 'letters.csv')).map((r) => r.lead_id)).toEqual([String(jose), String(dee)]);
    expect(pdfPages(join(out, DAY, 'envelopes.pdf'))).toBe(2);
    expect(query('SELECT id, day FROM batches ORDER BY id')).toEqual([{ id: 1, day: '2026-11-22' }, { id: 2, day: DAY }]);
  });

  it('a lead with two outcomes of one kind gets one letter; the second is marked duplicate', async () => {
    const { ann } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, ann, 2, { day: '2026-11-23' });
    await logCode(ws.db, ann, 2, { day: DAY });
    const s = await sortJson();
    expect(s).toMatchObject({ letters: { count: 1 }, skipped: { count: 1, reasons: { duplicate: 1 } } });
    expect(pdfPages(join(out, DAY, 'envelopes.pdf'))).toBe(1);
    expect(query("SELECT count(*) AS n FROM touches WHERE channel = 'letter'")).toEqual([{ n: 1 }]);
  });

  it('a second batch the same day goes to DAY-2, beside the first', async () => {
    const { ann, jose } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, ann, 2);
    await sortJson();
    await logCode(ws.db, jose, 2);
    expect(await sortJson()).toMatchObject({ batch_id: 2, out_dir: join(out, `${DAY}-2`), letters: { count: 1 } });
    expect(readdirSync(out).sort()).toEqual([DAY, `${DAY}-2`]);
  });
});

describe('leads sort: letters abroad, merged punctuation, calendar reminders', () => {
  it('a lead in Ontario with no country gets CANADA on its envelope, label and letter; "Ltd." is not doubled', async () => {
    await setSender(ws.db);
    const on = await addLead(ws.db, { first: 'Lea', last: 'Roy', company: 'Lakeside Veterinary Clinic Ltd.', street: '9 Bay St', city: 'Toronto', region: 'ON', postal: 'M5J 2N8' });
    const home = await addLead(ws.db, { first: 'Ann', last: 'Baker', company: 'Acme Inc.', street: '100 Main St', city: 'Boston', region: 'MA', postal: '02110' });
    const de = await addLead(ws.db, { first: 'Jo', last: 'Kurz', company: 'Kurz GmbH', street: 'Hauptstr. 1', city: 'Berlin', postal: '10115', country: 'de' });
    for (const id of [on, home, de]) await logCode(ws.db, id, 2);
    await sortJson();
    const dir = join(out, DAY);
    for (const file of ['envelopes.pdf', 'letters.pdf']) {
      const text = pdfText(join(dir, file));
      expect(text, file).toMatch(/Toronto, ON M5J 2N8\s+CANADA/);
      expect(text, file).toMatch(/10115 Berlin\s+GERMANY/);
      // at home: no country line after Boston
      expect(text, file).not.toMatch(/Boston, MA 02110\s+(UNITED STATES|US)\b/);
    }
    // labels stand three across: their lines interleave in the text, so only what is there
    const labels = pdfText(join(dir, 'labels.pdf'));
    expect(labels).toContain('CANADA');
    expect(labels).toContain('GERMANY');
    expect(labels).not.toContain('UNITED STATES');
    const letters = pdfText(join(dir, 'letters.pdf'));
    expect(letters).toMatch(/telling me about\s+Lakeside\s+Veterinary\s+Clinic\s+Ltd\.\s+As\s+promised/);
    expect(letters).not.toContain('Ltd..');
    expect(readCsv(join(dir, 'letters.csv')).map((r) => r.address_5)).toEqual(['CANADA', '', 'GERMANY']);
  });

  it('follow-ups.ics: every event reminds before it (calendar.reminder_minutes), lines within 75 octets', async () => {
    await setSender(ws.db);
    await ok(['config', 'set', 'calendar.reminder_minutes', '30'], { db: ws.db });
    const id = await addLead(ws.db, { first: 'José', last: 'Núñez', company: 'Núñez & Hijos Compañía de Exportación Internacional de Productos Agrícolas', phone: '(520) 555-0101' });
    await logCode(ws.db, id, 6, { note: 'quiere la cotización con envío a Hermosillo, Ciudad Obregón y Navojoa antes del viernes; llamar después de las diez' });
    await sortJson();
    const ics = readFileSync(join(out, DAY, 'follow-ups.ics'), 'utf8');
    expect(ics.split('\r\n').filter((l) => Buffer.byteLength(l) > 75)).toEqual([]);
    expect(ics.split('\r\n').some((l) => l.startsWith(' '))).toBe(true); // long lines were folded
    const cal = new ICAL.Component(ICAL.parse(ics));
    const [event] = cal.getAllSubcomponents('vevent');
    const alarm = event.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-PT30M');
    expect(new ICAL.Event(event).description).toContain('Navojoa antes del viernes');
  });
});

describe('leads sort: who is left out', () => {
  it('do-not-mail, do-not-email, no email and disqualified are left out and counted, never written', async () => {
    const { ann, jose, cy, dee } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, ann, 2);
    await logCode(ws.db, jose, 5);
    await logCode(ws.db, dee, 5, { day: '2026-11-23' });
    await logCode(ws.db, cy, 5);
    await logCode(ws.db, dee, 2);
    const eve = await addLead(ws.db, { first: 'Eve', last: 'Fox', street: '3 Pine Rd', city: 'Denver', region: 'CO', postal: '80202', phone: '(303) 555-0104' });
    await logCode(ws.db, eve, 2, { day: '2026-11-23' });
    await logCode(ws.db, eve, 9); // disqualified the day after the letter was asked for
    await ok(['dnc', String(ann), '--mail'], { db: ws.db });
    await ok(['dnc', String(jose), '--email'], { db: ws.db });
    await ok(['edit', String(dee), '--email', ''], { db: ws.db }); // the address turned out wrong
    const s = await sortJson();
    expect(s.letters.count).toBe(1);
    expect(s.emails.count).toBe(1);
    expect(s.skipped).toMatchObject({ count: 4, reasons: { 'do not mail': 1, 'do not email': 1, 'no email': 1, disqualified: 1 } });
    expect(s.skipped.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ lead_id: ann, kind: 'letter', reason: 'do not mail' }),
        expect.objectContaining({ lead_id: jose, kind: 'email', reason: 'do not email' }),
        expect.objectContaining({ lead_id: dee, kind: 'email', reason: 'no email' }),
        expect.objectContaining({ lead_id: eve, kind: 'letter', reason: 'disqualified' }),
      ]),
    );
    const dir = join(out, DAY);
    expect(readCsv(join(dir, 'letters.csv')).map((r) => r.lead_id)).toEqual([String(dee)]);
    expect(readCsv(join(dir, 'emails.csv')).map((r) => r.lead_id)).toEqual([String(cy)]);
    expect(readdirSync(join(dir, 'emails'))).toHaveLength(1);
    expect(pdfText(join(dir, 'envelopes.pdf'))).not.toContain('Ann Baker');
    // no touch for those left out; their items are closed with the reason
    expect(query("SELECT lead_id, channel FROM touches WHERE channel IN ('letter', 'email') ORDER BY lead_id")).toEqual([
      { lead_id: cy, channel: 'email' },
      { lead_id: dee, channel: 'letter' },
    ]);
    expect(query('SELECT skipped FROM batch_items WHERE skipped IS NOT NULL ORDER BY skipped')).toEqual([
      { skipped: 'disqualified' }, { skipped: 'do not email' }, { skipped: 'do not mail' }, { skipped: 'no email' },
    ]);
    // the piped summary names them
    await logCode(ws.db, ann, 2);
    const r = leads(['sort', '--out', out], { db: ws.db, env });
    expect(r.stdout).toContain('left out: do not mail\t1\t');
  });

  it('a letter without an address is listed, and sent by the next sort once the address is added', async () => {
    const { cy } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, cy, 2);
    expect(await sortJson()).toMatchObject({ letters: { count: 0, needs_address: 1 }, skipped: { reasons: { 'no address': 1 } } });
    expect(readdirSync(join(out, DAY)).sort()).toEqual(['needs-address.csv']);
    // still no address: it stays where it was, nothing new
    expect(await sortJson()).toMatchObject({ batch_id: null });
    await ok(['edit', String(cy), '--street', '9 Oak Ave', '--city', 'Chicago', '--region', 'IL', '--postal-code', '60601'], { db: ws.db });
    const s = await sortJson();
    expect(s).toMatchObject({ batch_id: 2, letters: { count: 1, needs_address: 0 }, skipped: { count: 0 } });
    expect(readCsv(join(out, `${DAY}-2`, 'letters.csv'))[0]).toMatchObject({ lead_id: String(cy), address_1: 'Cy Dunn', address_2: '9 Oak Ave', address_3: 'Chicago, IL 60601' });
    expect(query("SELECT batch_id, skipped FROM batch_items WHERE kind = 'letter'")).toEqual([{ batch_id: 2, skipped: null }]);
    expect(await sortJson()).toMatchObject({ batch_id: null });
  });

  it('only skipped items: the batch is recorded without a folder', async () => {
    const { ann } = await seedFour();
    await logCode(ws.db, ann, 2);
    await ok(['dnc', String(ann), '--mail'], { db: ws.db });
    const s = await sortJson(); // no sender set: nothing needs it
    expect(s).toMatchObject({ batch_id: 1, out_dir: null, letters: { count: 0 }, skipped: { count: 1 } });
    expect(existsSync(out)).toBe(false);
    const r = await leadsInProcess(['sort', '--out', out], { db: ws.db, env });
    expect(r.stdout).toBe('nothing to sort: no outcomes are waiting for a batch\n');
  });
});

describe('leads sort: refusals write nothing', () => {
  it('a missing sender setting names the command that sets it (exit 1), and nothing is written', async () => {
    const { ann, dee } = await seedFour();
    await setSender(ws.db, ['sender.street', 'sender.email']);
    await logCode(ws.db, ann, 2);
    await logCode(ws.db, dee, 5);
    const r = leads(['sort', '--out', out], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'leads: the letters and emails need sender.street, sender.email; set them with `leads config set sender.street ...`, ' +
        '`leads config set sender.email ...`; nothing was written\n',
    );
    expect(existsSync(out)).toBe(false);
    expect(query('SELECT count(*) AS n FROM batch_items WHERE batch_id IS NULL')).toEqual([{ n: 2 }]);
    expect(query('SELECT count(*) AS n FROM batches')).toEqual([{ n: 0 }]);
    // only what is still missing is named, with the batch that needs it
    await ok(['config', 'set', 'sender.street', '1 Market St'], { db: ws.db });
    const only = leads(['sort', '--out', out], { db: ws.db, env });
    expect(only.stderr).toMatch(/^leads: the emails need sender.email; set it with `leads config set sender.email \.\.\.`/);
  });

  it('never writes over an existing folder or link: exit 1 naming it, outcomes still pending', async () => {
    const { ann } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, ann, 2);
    mkdirSync(out);
    symlinkSync(join(ws.dir, 'elsewhere'), join(out, DAY)); // a dangling link where the batch would go
    const r = leads(['sort', '--out', out], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`leads: ${join(out, DAY)} already exists`);
    expect(lstatSync(join(out, DAY)).isSymbolicLink()).toBe(true);
    expect(existsSync(join(ws.dir, 'elsewhere'))).toBe(false);
    expect(readdirSync(out)).toEqual([DAY]); // no scratch folder left
    expect(query('SELECT count(*) AS n FROM batch_items WHERE batch_id IS NULL')).toEqual([{ n: 1 }]);
    // moved away, the next sort serves it
    renameSync(join(out, DAY), join(out, 'old-link'));
    expect(await sortJson()).toMatchObject({ batch_id: 1, letters: { count: 1 } });
  });

  it('an --out that is a file is a clear error (exit 1)', async () => {
    const { ann } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, ann, 2);
    writeFileSync(join(ws.dir, 'plain'), 'x');
    const r = leads(['sort', '--out', join(ws.dir, 'plain')], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`leads: cannot use ${join(ws.dir, 'plain')} for batches: it is a file, not a folder\n`);
    const under = leads(['sort', '--out', join(ws.dir, 'plain', 'sub')], { db: ws.db, env });
    expect(under.code).toBe(1);
    expect(under.stderr).toBe(`leads: cannot use ${join(ws.dir, 'plain', 'sub')} for batches: a part of its path is a file\n`);
  });

  it('--dry-run shows what would be written, writes nothing and records nothing', async () => {
    const { ann, cy } = await seedFour();
    await setSender(ws.db, ['sender.street']);
    await logCode(ws.db, ann, 2);
    await logCode(ws.db, cy, 6);
    const s = await sortJson(['--dry-run']);
    expect(s).toMatchObject({ batch_id: null, dry_run: true, out_dir: join(out, DAY), letters: { count: 1 }, follow_ups: { count: 1 }, missing_settings: ['sender.street'] });
    const r = leads(['sort', '--out', out, '--dry-run'], { db: ws.db, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('dry run: nothing written');
    expect(r.stderr).toContain('`leads config set sender.street ...`');
    expect(r.stdout).toContain('letters\t1\t');
    expect(existsSync(out)).toBe(false);
    expect(query('SELECT count(*) AS n FROM batch_items WHERE batch_id IS NULL')).toEqual([{ n: 2 }]);
  });

  it('a bad or future --date is a usage error (exit 2)', () => {
    for (const [date, msg] of [['2026-11-25', /after today/], ['someday', /bad date/]] as const) {
      const r = leads(['sort', '--out', out, '--date', date], { db: ws.db, env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });

  it('removes the scratch folder a killed sort left (an old one without a process id, once it is old)', async () => {
    const { ann } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, ann, 2);
    const stale = join(out, '.leads-partial-abc123');
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'letters.csv'), 'x');
    utimesSync(stale, new Date('2026-01-01'), new Date('2026-01-01'));
    await sortJson();
    expect(readdirSync(out)).toEqual([DAY]);
  });
});

describe('templates', () => {
  const tdir = () => join(env.XDG_CONFIG_HOME, 'leads', 'templates');

  it('uses the letter and email templates of the config folder, with merge fields and fallbacks', async () => {
    const { ann, cy } = await seedFour();
    await setSender(ws.db);
    mkdirSync(tdir(), { recursive: true });
    writeFileSync(join(tdir(), 'letter.txt'), 'Hi {{first_name}} of {{company|your firm}},\n\nCustom letter from {{sender.name}}.\n');
    writeFileSync(join(tdir(), 'email.txt'), 'Subject: Hello {{name}}\n\nCustom email for {{company|you}}.\n');
    await logCode(ws.db, ann, 2);
    await logCode(ws.db, cy, 5);
    await sortJson();
    const text = pdfText(join(out, DAY, 'letters.pdf'));
    expect(text).toContain('Hi Ann of Acme Inc.,');
    expect(text).toContain('Custom letter from Sam Seller.');
    const [row] = readCsv(join(out, DAY, 'emails.csv'));
    const mail = await PostalMime.parse(readFileSync(join(out, DAY, row.file)));
    expect(mail.subject).toBe('Hello Cy Dunn');
    expect(mail.text).toContain('Custom email for you.');
    expect(mail.text).toContain('1 Market St'); // the footer is always added
  });

  it('an unknown merge field or an email template without a subject is refused (exit 1), nothing written', async () => {
    const { ann } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, ann, 2);
    mkdirSync(tdir(), { recursive: true });
    writeFileSync(join(tdir(), 'letter.txt'), 'Dear {{first_name}},\n\n{{favourite_colour}}\n');
    let r = leads(['sort', '--out', out], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^leads: template .*letter\.txt line 3: unknown merge field \{\{favourite_colour\}\}/);
    writeFileSync(join(tdir(), 'letter.txt'), 'Dear {{first_name}},\n');
    writeFileSync(join(tdir(), 'email.txt'), 'Hello {{first_name}}\n');
    r = leads(['sort', '--out', out], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/email\.txt line 1: an email template starts with a "Subject: \.\.\." line/);
    expect(existsSync(out)).toBe(false);
  });

  it('a template linked to a device, or a named pipe, is refused at once instead of read without end', async () => {
    const { ann } = await seedFour();
    await setSender(ws.db);
    await logCode(ws.db, ann, 2);
    mkdirSync(tdir(), { recursive: true });
    symlinkSync('/dev/zero', join(tdir(), 'letter.txt'));
    let r = leads(['sort', '--out', out], { db: ws.db, env });
    expect(r).toMatchObject({ code: 1, stderr: `leads: the template ${join(tdir(), 'letter.txt')} is a device, not a text file; nothing was written\n` });
    rmSync(join(tdir(), 'letter.txt'));
    expect(spawnSync('mkfifo', [join(tdir(), 'letter.txt')]).status).toBe(0);
    r = leads(['sort', '--out', out], { db: ws.db, env });
    expect(r.stderr).toBe(`leads: the template ${join(tdir(), 'letter.txt')} is a named pipe (FIFO), not a text file; nothing was written\n`);
    expect(existsSync(out)).toBe(false);
  });
});
