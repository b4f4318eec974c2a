// leads forget ID (issue 8, SPEC "Contact rules and privacy"): the person's personal data
// leaves the database file and its -wal (read as bytes, and with grep -c as the issue asks),
// the anonymous outcomes stay for the reports, and a re-import of the person is recognised
// by the hashed suppression and kept out of the queue.
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { leads, leadsInProcess, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';
import { exec, query } from '../helpers/cycle.js';
import { setSender } from '../helpers/batches.js';
import { parse } from 'csv-parse/sync';

let ws: ReturnType<typeof tempWorkspace>;
let csv: string;
const o = () => ({ db: ws.db });
const on = (day: string) => ({ db: ws.db, env: { LEADS_TODAY: day } });

// what must be gone: as written, as normalised, and what her history recorded
const ANN = {
  last: 'Zabriskie',
  email: 'Ann.Zab@Baker.example',
  emailNorm: 'ann.zab@baker.example',
  oldEmail: 'ann.old@zab.example',
  phoneDigits: '6175550134',
  company: 'Zabworks',
  street: '12 Quillfeather Lane',
  extra: 'Likes sailing',
  note: 'prefers Tuesday mornings',
  callNote: 'wants the brochure',
  homeDigits: '6175550199',
};
const PERSONAL = [ANN.last, ANN.email, ANN.emailNorm, ANN.oldEmail, ANN.phoneDigits, ANN.company, ANN.street, ANN.extra, ANN.note, ANN.callNote, ANN.homeDigits];
const ROW = `Ann,${ANN.last},(617) 555-0134,${ANN.homeDigits},${ANN.email},${ANN.company},${ANN.street},Boston,${ANN.extra}`;

function ok(args: string[], opts = o()) {
  const r = leads(args, opts);
  expect(r.stderr, `leads ${args.join(' ')}`).not.toMatch(/^leads: /m);
  expect(r.code, `leads ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

const idOf = (last: string) => query<{ id: number }>(ws.db, 'SELECT id FROM leads WHERE last_name = ?', last)[0].id;
const queueIds = (opts = on('2028-01-10')) =>
  (JSON.parse(ok(['call', '--json', '--any-hour'], opts).stdout) as { id: number }[]).map((e) => e.id);

/** The database file and its -wal as bytes (the -wal empty when absent). */
function fileBytes(): Buffer {
  const wal = `${ws.db}-wal`;
  return Buffer.concat([readFileSync(ws.db), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]);
}

/** `grep -c -a -i TEXT` over the file and its -wal: the count of matching "lines" of each. */
function grepCount(text: string): number {
  let n = 0;
  for (const f of [ws.db, `${ws.db}-wal`]) {
    const r = spawnSync('grep', ['-c', '-a', '-i', '-F', text, f], { encoding: 'utf8' });
    expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
    n += Number(r.stdout.trim());
  }
  return n;
}

beforeEach(() => {
  ws = tempWorkspace();
  csv = join(ws.dir, 'list.csv');
  writeFileSync(csv, `First Name,Last Name,Phone,Home Phone,Email,Company,Street,City,Hobby\n${ROW}\nBo,Cole,(617) 555-0188,,bo@cole.example,Colecorp,1 Main St,Salem,Chess\n`);
  ok(['import', csv, '--source', 'broker', '--list', 'spring']);
  const ann = idOf(ANN.last);
  // a history with her data in it: an edit (old and new email), a note, calls with a note
  ok(['edit', String(ann), '--email', ANN.oldEmail]);
  ok(['edit', String(ann), '--email', ANN.email, '--title', 'Owner']);
  ok(['note', String(ann), `${ANN.note}, write to ${ANN.emailNorm}`]);
  ok(['log', String(ann), '3', '--result', 'voicemail']);
  ok(['log', String(ann), '2', '--note', ANN.callNote]);
});
afterEach(() => ws.cleanup());

describe('leads forget: the done-when of issue 8', () => {
  it('leaves none of her data in the database file or its -wal, and a re-import stays out of the queue', () => {
    const ann = idOf(ANN.last);
    const bo = idOf('Cole');
    // a second connection held open keeps the -wal file in place between runs, as a
    // `leads call` in another terminal would
    const held = new Database(ws.db, { readonly: true });
    try {
      held.prepare('SELECT count(*) FROM leads').get();
      expect(existsSync(`${ws.db}-wal`)).toBe(true);
      // before: every piece of her data is there to find (so the checks below can fail)
      const before = fileBytes();
      for (const s of PERSONAL) expect(before.includes(Buffer.from(s)), s).toBe(true);
      expect(grepCount(ANN.emailNorm)).toBeGreaterThan(0);

      const r = leads(['forget', String(ann), '--yes'], o());
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`lead ${ann}: personal data erased`);
      expect(r.stdout).toMatch(/suppressed\s+2 phones, 2 emails as keyed hashes/);
      expect(r.stderr).toMatch(/leads backup/);
      expect(r.stderr).not.toMatch(/warning/);

      // after: not a byte of it, in the file or in the -wal (still there, emptied)
      expect(existsSync(`${ws.db}-wal`)).toBe(true);
      expect(statSync(`${ws.db}-wal`).size).toBe(0);
      const after = fileBytes();
      for (const s of PERSONAL) expect(after.includes(Buffer.from(s)), s).toBe(false);
      for (const s of [ANN.emailNorm, ANN.oldEmail, ANN.phoneDigits, ANN.last]) expect(grepCount(s), s).toBe(0);
      // the other person is untouched
      expect(after.includes(Buffer.from('bo@cole.example'))).toBe(true);
    } finally {
      held.close();
    }
    expect(query(ws.db, "SELECT kind, reason FROM suppressions ORDER BY kind")).toEqual([
      { kind: 'email', reason: 'forget' },
      { kind: 'email', reason: 'forget' },
      { kind: 'phone', reason: 'forget' },
      { kind: 'phone', reason: 'forget' },
    ]);

    // the same row imported again: recognised, kept, but never called, mailed or emailed
    writeFileSync(csv, `First Name,Last Name,Phone,Home Phone,Email,Company,Street,City,Hobby\n${ROW}\n`);
    const imp = ok(['import', csv], on('2026-11-25'));
    expect(imp.stdout).toMatch(/1 row matched the do-not-call registry or a forgotten person/);
    const [again] = query<{ id: number; do_not_call: number; do_not_email: number; do_not_mail: number }>(
      ws.db,
      'SELECT id, do_not_call, do_not_email, do_not_mail FROM leads WHERE last_name = ?',
      ANN.last,
    );
    expect(again).toMatchObject({ do_not_call: 1, do_not_email: 1, do_not_mail: 1 });
    const queue = queueIds();
    expect(queue).toContain(bo);
    expect(queue).not.toContain(again.id);
    expect(queue).not.toContain(ann);
    // her home number alone, now as the phone, is recognised too
    writeFileSync(csv, `First Name,Last Name,Phone\nAnnie,Home,${ANN.homeDigits}\n`);
    ok(['import', csv], on('2026-11-26'));
    expect(query(ws.db, "SELECT do_not_call FROM leads WHERE last_name = 'Home'")).toEqual([{ do_not_call: 1 }]);
    // her old email alone (from the edit history) is recognised too
    writeFileSync(csv, `First Name,Last Name,Email\nAnnie,Zed,${ANN.oldEmail.toUpperCase()}\n`);
    ok(['import', csv], on('2026-11-26'));
    expect(query(ws.db, "SELECT do_not_call FROM leads WHERE last_name = 'Zed'")).toEqual([{ do_not_call: 1 }]);
  });

  it('keeps the anonymous outcomes: the same touches, codes and report figures', () => {
    const ann = idOf(ANN.last);
    const show = () => JSON.parse(ok(['show', String(ann), '--json']).stdout) as Record<string, unknown> & { touches: Record<string, unknown>[] };
    const report = () => JSON.parse(ok(['report', '--json']).stdout) as unknown;
    const before = show();
    const reportBefore = report();
    ok(['forget', String(ann), '--yes']);
    const after = show();
    const outcome = (t: Record<string, unknown>) => [t.id, t.at, t.channel, t.code, t.result, t.stage, t.batch_id];
    expect(after.touches.slice(0, -1).map(outcome)).toEqual(before.touches.map(outcome));
    expect(after.touches.at(-1)).toMatchObject({ channel: 'forget' });
    for (const t of after.touches.slice(0, -1)) expect(t.note).toBeNull();
    expect(after).toMatchObject({
      first_name: null, last_name: null, company: null, title: null, phone: null, phone_e164: null, email: null,
      street: null, city: null, extra: {}, do_not_call: true, do_not_email: true, do_not_mail: true, next_contact_at: null,
      source: 'broker', list: 'spring', code: 2, status: 'prospect', touch_count: before.touch_count,
      last_called_at: before.last_called_at,
    });
    expect(after.forgotten_at).toBe('2026-11-24T12:00:00.000Z');
    // the call's data keeps what undo and reports read; the edit keeps which fields, not the values
    const call = after.touches.find((t) => t.channel === 'call' && t.code === 3)!;
    expect(call.data).toMatchObject({ reached: false, before: { code: null } });
    const edit = after.touches.find((t) => t.channel === 'edit')!;
    expect(edit.data).toEqual({ changed: { email: { from: null, to: null } } });
    expect(report()).toEqual(reportBefore);
  });

  it('shows a forgotten lead as forgotten, and export --lead holds nothing personal', () => {
    const ann = idOf(ANN.last);
    ok(['forget', String(ann), '--yes']);
    const card = ok(['show', String(ann)]).stdout;
    expect(card).toMatch(/forgotten\s+2026-11-24 12:00: personal data erased/);
    expect(card).toContain(`#${ann} lead ${ann}`);
    for (const s of PERSONAL) expect(card).not.toContain(s);
    const exp = ok(['export', '--lead', String(ann)]).stdout;
    const person = JSON.parse(exp) as { lead: Record<string, unknown>; touches: unknown[] };
    expect(person.lead.forgotten_at).toBe('2026-11-24T12:00:00.000Z');
    expect(person.touches.length).toBeGreaterThan(5);
    for (const s of PERSONAL) expect(exp.toLowerCase()).not.toContain(s.toLowerCase());
    expect(exp).not.toContain('555-0134');
    // nor do a search or a list find her any more
    expect(ok(['find', ANN.last]).stdout).not.toContain(String(ANN.last));
    expect(ok(['list', '--json']).stdout).not.toContain(ANN.last);
  });

  it('takes new index samples when the file has them (ANALYZE run by hand keeps key values in sqlite_stat4)', () => {
    exec(ws.db, 'ANALYZE');
    expect(query(ws.db, 'SELECT count(*) AS n FROM sqlite_stat4')[0]).not.toEqual({ n: 0 });
    ok(['forget', String(idOf(ANN.last)), '--yes']);
    const after = fileBytes();
    for (const s of [ANN.last, ANN.emailNorm, ANN.phoneDigits]) expect(after.includes(Buffer.from(s)), s).toBe(false);
  });

  it('a second forget finds nothing left and adds no touch', () => {
    const ann = idOf(ANN.last);
    ok(['forget', String(ann), '--yes']);
    // already forgotten: no confirmation needed, even without a terminal
    const r = ok(['forget', String(ann), '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: ann, already_forgotten: true, suppressions: { phone: 0, email: 0 } });
    expect(query(ws.db, "SELECT count(*) AS n FROM touches WHERE channel = 'forget'")).toEqual([{ n: 1 }]);
  });
});

describe('leads forget: a lead merged into another', () => {
  it('follows the alias and erases the merged-away row too, keeping both as suppressions', () => {
    const ann = idOf(ANN.last);
    const other = Number(ok(['add', '--first', 'Ann', '--last', ANN.last, '--mobile', '(617) 555-0999', '--email', 'ann@second.example']).stdout.trim());
    ok(['merge', String(ann), String(other)]);
    // forget by the merged-away id: the alias leads to the kept lead
    const r = ok(['forget', String(other), '--yes', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: ann, merged_leads: [other], suppressions: { phone: 3, email: 3 } });
    const rows = query<Record<string, unknown>>(ws.db, 'SELECT id, last_name, mobile, email, forgotten_at, merged_into FROM leads WHERE id IN (?, ?) ORDER BY id', ann, other);
    for (const row of rows) expect(row).toMatchObject({ last_name: null, mobile: null, email: null, forgotten_at: '2026-11-24T12:00:00.000Z' });
    expect(rows[1].merged_into).toBe(ann);
    const bytes = fileBytes();
    for (const s of ['ann@second.example', '6175550999', ANN.last]) expect(bytes.includes(Buffer.from(s)), s).toBe(false);
    // the merged row's own mobile brings no one back into the queue
    writeFileSync(csv, 'First Name,Last Name,Mobile\nAnn,Other,617-555-0999\n');
    ok(['import', csv], on('2026-11-25'));
    expect(query(ws.db, "SELECT do_not_call FROM leads WHERE last_name = 'Other'")).toEqual([{ do_not_call: 1 }]);
  });
});

describe('leads forget: what it cannot erase, and what it refuses', () => {
  it('names the backups made before a migration beside the database', () => {
    const bak = `${ws.db}.v3-20261101T090000.bak`;
    writeFileSync(bak, 'a copy');
    const r = ok(['forget', String(idOf(ANN.last)), '--yes', '--json']);
    expect(JSON.parse(r.stdout).backups_not_erased).toEqual([bak]);
    expect(r.stderr).toMatch(/^note: .*`leads backup`.*before an upgrade.*leads cannot reach them/m);
  });

  it('an import record whose file is named after her is renamed by her lead id; the others keep theirs', () => {
    const card = join(ws.dir, `Ann ${ANN.last}.csv`);
    // her card sent alone, with a postal code the list had not: a repeat that fills it
    writeFileSync(card, `First Name,Last Name,Phone,Zip\nAnn,${ANN.last},(617) 555-0134,02110\n`);
    ok(['import', card], on('2026-11-25'));
    const ann = idOf(ANN.last);
    const r = ok(['forget', String(ann), '--yes', '--json']);
    expect(JSON.parse(r.stdout).imports_renamed).toEqual([{ id: 2, file: `erased-lead-${ann}.csv` }]);
    const files = (JSON.parse(ok(['imports', '--json']).stdout) as { id: number; file: string }[]).map((i) => i.file).sort();
    expect(files).toEqual([csv, `erased-lead-${ann}.csv`].sort());
    expect(fileBytes().includes(Buffer.from(`Ann ${ANN.last}`))).toBe(false);
  });

  it('takes her out of the batch folders it wrote before, and names a folder moved away', async () => {
    await setSender(ws.db);
    const out = join(ws.dir, 'batches');
    ok(['log', String(idOf('Cole')), '2']);
    ok(['sort', '--out', out]); // her code-2 letter, and Bo's
    const [batch] = query<{ id: number }>(ws.db, 'SELECT id FROM batches');
    const folder = join(out, '2026-11-24');
    const pdf = (f: string) => spawnSync('pdftotext', [join(folder, f), '-'], { encoding: 'utf8' }).stdout;
    const sheet = async (f: string) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(join(folder, f));
      return book.worksheets.flatMap((w) => w.getSheetValues().map((row) => JSON.stringify(row))).join('\n');
    };
    expect(await sheet('letters.xlsx')).toContain(ANN.last);
    expect(readFileSync(join(folder, 'letters.csv'), 'utf8')).toContain(ANN.last);
    expect(pdf('labels.pdf')).toContain(ANN.street);
    // a later batch, its folder since moved away
    ok(['log', String(idOf(ANN.last)), '2'], on('2026-11-25'));
    ok(['sort', '--out', out], on('2026-11-25'));
    renameSync(join(out, '2026-11-25'), join(ws.dir, 'moved'));
    const ann = idOf(ANN.last);
    const r = ok(['forget', String(ann), '--yes'], on('2026-11-25'));
    expect(r.stdout).toContain(`batches     batch ${batch.id} (${folder}): taken out of letters.csv, letters.xlsx, envelopes.pdf, labels.pdf, letters.pdf\n`);
    expect(r.stdout).toContain(`            batch ${batch.id + 1}: its folder ${join(out, '2026-11-25')} is not there any more (moved or deleted): leads cannot reach it\n`);
    for (const f of ['letters.csv', 'letters.xlsx', 'envelopes.pdf', 'labels.pdf', 'letters.pdf']) {
      const text = f.endsWith('.pdf') ? pdf(f) : f.endsWith('.xlsx') ? await sheet(f) : readFileSync(join(folder, f), 'utf8');
      for (const s of [ANN.last, ANN.street]) expect(text.includes(s), `${f}: ${s}`).toBe(false);
      expect(text, f).toContain('Cole');
    }
    // forgotten already: nothing left to do in the folder
    const j = JSON.parse(ok(['forget', String(ann), '--json']).stdout) as { batches: { id: number }[] };
    expect(j.batches).toEqual([]);
  });

  it('people of one batch forgotten one after the other: each CSV keeps every other byte, and still reads', async () => {
    await setSender(ws.db);
    const more = join(ws.dir, 'more.csv');
    const people = [['Cy', 'Dunn', '4 Oak St'], ['Di', 'Eve', '"5 Elm St, Apt 2"'], ['Ed', 'Fox', '6 Ash St'], ['Flo', 'Gray', '7 Fir St'], ['Gus', 'Hale', '8 Yew St'], ['Hal', 'Ives', '9 Bay St']];
    writeFileSync(more, 'First Name,Last Name,Phone,Email,Street,City,State,Zip\n' +
      people.map(([first, last, street], i) => `${first},${last},(617) 555-02${10 + i},${first}@${last}.example,${street},Boston,MA,02134\n`).join(''));
    ok(['import', more]);
    const id = (last: string) => String(idOf(last));
    for (const last of ['Cole', 'Dunn', 'Eve']) ok(['log', id(last), '2']);
    for (const last of ['Fox', 'Gray']) ok(['log', id(last), '5']);
    for (const last of ['Hale', 'Ives']) ok(['log', id(last), '6']);
    ok(['sort', '--out', join(ws.dir, 'batches')]);
    const folder = join(ws.dir, 'batches', '2026-11-24');
    const CSVS = ['letters.csv', 'emails.csv', 'follow-ups.csv'];
    const before = Object.fromEntries(CSVS.map((f) => [f, readFileSync(join(folder, f), 'utf8')]));
    // the city line is quoted: a file that lost its line endings fails to read on the next scrub
    expect(before['letters.csv']).toContain('"Boston, MA 02134"');
    const gone: string[] = [];
    for (const pair of [['Dunn', 'Fox', 'Hale'], ['Eve', 'Gray', 'Ives']]) {
      for (const last of pair) {
        const lead = id(last);
        const r = ok(['forget', lead, '--yes']);
        expect(r.stdout).toContain(`batch 1 (${folder}): taken out of`);
        gone.push(lead);
      }
      for (const f of CSVS) {
        const text = readFileSync(join(folder, f), 'utf8');
        const kept = before[f].split('\r\n').filter((line) => !gone.includes(line.split(',')[0]));
        expect(text, f).toBe(kept.join('\r\n'));
        expect(parse(text, { bom: true, columns: true }).length, f).toBe(kept.length - 2);
      }
    }
    // the erase finished each time: a write goes through without a word
    const r = leads(['note', id('Cole'), 'called back'], o());
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(readFileSync(join(folder, 'letters.csv'), 'utf8')).toContain('Bo,Cole');
  });

  it('a letter that waited for an address: taken out of every batch that listed it, and of the one that sent it', async () => {
    await setSender(ws.db);
    const out = join(ws.dir, 'batches');
    ok(['add', '--first', 'Di', '--last', 'Eve', '--phone', '(617) 555-0177', '--email', 'di@eve.example']);
    const di = String(idOf('Eve'));
    ok(['log', di, '2']);
    ok(['sort', '--out', out]); // Ann's letter; Di's listed as needing an address
    ok(['log', String(idOf('Cole')), '2'], on('2026-11-25'));
    ok(['sort', '--out', out], on('2026-11-25')); // listed again
    ok(['edit', di, '--street', '5 Elm St', '--city', 'Salem'], on('2026-11-26'));
    ok(['log', String(idOf('Cole')), '2'], on('2026-11-26'));
    ok(['sort', '--out', out], on('2026-11-26')); // sent, beside Bo's
    const text = (day: string, f: string) =>
      f.endsWith('.pdf') ? spawnSync('pdftotext', [join(out, day, f), '-'], { encoding: 'utf8' }).stdout : readFileSync(join(out, day, f), 'utf8');
    const files: [string, string][] = [['2026-11-24', 'needs-address.csv'], ['2026-11-25', 'needs-address.csv'], ['2026-11-26', 'letters.csv'], ['2026-11-26', 'envelopes.pdf']];
    for (const [day, f] of files) expect(text(day, f), `${day}/${f}`).toContain('Eve');
    const r = ok(['forget', di, '--yes']);
    expect(r.stdout).toMatch(/batch 1 \(.*\): taken out of needs-address\.csv\n\s+batch 2 \(.*\): taken out of needs-address\.csv\n\s+batch 3 \(.*\): taken out of letters\.csv/);
    for (const [day, f] of files) {
      expect(text(day, f), `${day}/${f}`).not.toMatch(/Eve|di@eve|555-0177/);
      expect(text(day, f), `${day}/${f}`).toMatch(day === '2026-11-26' ? /Cole/ : /^\uFEFFlead_id,/);
    }
    expect(text('2026-11-24', 'letters.csv')).toContain(ANN.last);
    expect(text('2026-11-25', 'letters.csv')).toContain('Cole');
  });

  it('a reader in the middle of a read: the WAL is left to empty, said (exit 1), and the next command finishes it', () => {
    const ann = idOf(ANN.last);
    const held = new Database(ws.db, { readonly: true });
    try {
      held.exec('BEGIN');
      held.prepare('SELECT count(*) FROM leads').get(); // a read transaction with its snapshot
      const r = leads(['forget', String(ann), '--yes', '--json'], o());
      expect(r.code, r.stderr).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ already_forgotten: false, wal_emptied: false });
      expect(r.stderr).toContain(
        `leads: the erase of lead ${ann} is not finished: the WAL could not be emptied: another process was reading the database; the next leads command that writes (or \`leads doctor\`) finishes it`,
      );
      expect(fileBytes().includes(Buffer.from(ANN.last))).toBe(true);
      held.exec('COMMIT');
      // a command that only reads leaves it; the next that writes finishes it
      expect(leads(['list'], o()).stderr).toBe('');
      const next = leads(['note', String(idOf('Cole')), 'called back'], o());
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).toBe(`leads: finished the erase of lead ${ann} an earlier \`leads forget\` could not finish\n`);
      for (const s of PERSONAL) expect(fileBytes().includes(Buffer.from(s)), s).toBe(false);
      expect(leads(['note', String(idOf('Cole')), 'again'], o()).stderr).toBe('');
    } finally {
      held.close();
    }
  });

  it('a registry number she had becomes a forget suppression (the stronger one)', () => {
    const reg = join(ws.dir, 'registry.txt');
    writeFileSync(reg, '617-555-0134\n');
    ok(['dnc', 'import', reg]);
    expect(query(ws.db, 'SELECT reason FROM suppressions')).toEqual([{ reason: 'registry' }]);
    ok(['forget', String(idOf(ANN.last)), '--yes']);
    // her phone, her home phone and two emails
    expect(query(ws.db, "SELECT count(*) AS n FROM suppressions WHERE reason = 'forget'")).toEqual([{ n: 4 }]);
  });

  it('no such lead: exit 1, nothing written', () => {
    const before = readFileSync(ws.db);
    const r = leads(['forget', '999', '--yes'], o());
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'leads: no lead 999\n' });
    expect(readFileSync(ws.db).equals(before)).toBe(true);
  });

  it('a bad id: exit 2', () => {
    const r = leads(['forget', 'ann', '--yes'], o());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^leads: lead id must be a positive whole number/);
  });

  it('without --yes and without a terminal: exit 2 saying so, nothing erased', () => {
    const ann = idOf(ANN.last);
    const r = leads(['forget', String(ann)], o());
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('leads: leads forget erases personal data for good: confirm on a terminal, or add --yes\n');
    expect(r.stderr).not.toContain(ANN.last);
    expect(query(ws.db, 'SELECT forgotten_at FROM leads WHERE id = ?', ann)).toEqual([{ forgotten_at: null }]);
  });

  it('on a terminal it asks; no keeps everything (exit 1), yes erases', async () => {
    const ann = idOf(ANN.last);
    const no = scriptedPrompter([false]);
    const r1 = await leadsInProcess(['forget', String(ann)], { db: ws.db, tty: true, prompter: no });
    expect(r1).toMatchObject({ code: 1, stderr: 'leads: nothing erased\n' });
    expect(no.asked).toEqual([`Erase the personal data of lead ${ann} (Ann ${ANN.last}) for good? Its outcomes stay, anonymous.`]);
    expect(query(ws.db, 'SELECT last_name FROM leads WHERE id = ?', ann)).toEqual([{ last_name: ANN.last }]);
    const yes = scriptedPrompter([true]);
    const r2 = await leadsInProcess(['forget', String(ann)], { db: ws.db, tty: true, prompter: yes, env: { NO_COLOR: '1' } });
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toContain(`lead ${ann}: personal data erased`);
    expect(query(ws.db, 'SELECT last_name, forgotten_at FROM leads WHERE id = ?', ann)).toEqual([
      { last_name: null, forgotten_at: '2026-11-24T12:00:00.000Z' },
    ]);
  });
});

describe('leads forget: what an import keeps to find a person again', () => {
  it('erases the folded name key of a lead known by name alone, and its further phones', async () => {
    const list = join(ws.dir, 'names.csv');
    writeFileSync(list, 'Name,Company,Home Phone,Other Phone\nQuintessa Vandermolen,Vanderworks,,\nRo Ives,,+1 617 555 0144,+1 617 555 0145\n');
    const imp = await leadsInProcess(['import', list], o());
    expect(imp.code, imp.stderr).toBe(0);
    const [q] = query<{ id: number; name_key: string | null }>(ws.db, "SELECT id, name_key FROM leads WHERE last_name = 'Vandermolen'");
    const [ro] = query<{ id: number; other_phones: string | null }>(ws.db, "SELECT id, other_phones FROM leads WHERE last_name = 'Ives'");
    // before: there is something to erase, so the checks below can fail
    expect(q.name_key).toMatch(/vandermolen/);
    expect(ro.other_phones).toContain('555 0145');
    for (const id of [q.id, ro.id]) expect((await leadsInProcess(['forget', String(id), '--yes'], o())).code).toBe(0);
    expect(query(ws.db, 'SELECT name_key, other_phones FROM leads WHERE id IN (?, ?)', q.id, ro.id)).toEqual([
      { name_key: null, other_phones: null },
      { name_key: null, other_phones: null },
    ]);
    expect(fileBytes().includes(Buffer.from('vandermolen'))).toBe(false);
    expect(fileBytes().includes(Buffer.from('555 0145'))).toBe(false);
  });
});

describe('leads forget: numbers an import kept or replaced stay suppressed', () => {
  const again = async (csvText: string, last: string) => {
    const f = join(ws.dir, `${last}.csv`);
    writeFileSync(f, csvText);
    expect((await leadsInProcess(['import', f], o())).code).toBe(0);
    return query<{ do_not_call: number }>(ws.db, 'SELECT do_not_call FROM leads WHERE last_name = ? AND forgotten_at IS NULL', last);
  };
  it('her home number, as a further phone of a new row, keeps the row out of the queue', async () => {
    expect(await again('First Name,Last Name,Business Phone,Home Phone\nBea,Ray,617-555-0161,617-555-0162\n', 'Ray')).toEqual([{ do_not_call: 0 }]);
    expect((await leadsInProcess(['forget', String(idOf('Ray')), '--yes'], o())).code).toBe(0);
    expect(await again('First Name,Last Name,Business Phone,Home Phone\nBea,Ray,617-555-0169,617-555-0162\n', 'Ray')).toEqual([{ do_not_call: 1 }]);
  });
  it('a phone an import replaced (--on-duplicate update) is hers too', async () => {
    expect(await again('First Name,Last Name,Phone,Email\nCy,Dee,617-555-0131,cy@dee.example\n', 'Dee')).toEqual([{ do_not_call: 0 }]);
    const f = join(ws.dir, 'update.csv');
    writeFileSync(f, 'First Name,Last Name,Phone,Email\nCy,Dee,617-555-0132,cy@dee.example\n');
    expect((await leadsInProcess(['import', f, '--on-duplicate', 'update'], o())).code).toBe(0);
    expect((await leadsInProcess(['forget', String(idOf('Dee')), '--yes'], o())).code).toBe(0);
    expect(await again('First Name,Last Name,Phone\nCy,Dee,617-555-0131\n', 'Dee')).toEqual([{ do_not_call: 1 }]);
  });
});
