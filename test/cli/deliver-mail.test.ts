// The sort's permission emails delivered to real servers on 127.0.0.1 over TLS: into
// Dovecot's Drafts folder over IMAP, or sent through an SMTP server that keeps what it
// receives (and files a copy in Sent, as Gmail does). Read back from the servers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempWorkspace } from '../helpers/cli.js';
import { addLead, logCode, setSender } from '../helpers/batches.js';
import { makeCertificate, startDovecot, startSmtp, type Imap, type Smtp } from '../helpers/servers.js';
import { configure, copiesOf, filesContaining, header, outputs, passwordFile, query, run } from '../helpers/delivery.js';

process.env.TZ = 'UTC';

const SECRET = 'pw-Zq81-never-shown';
let servers: string;
let secrets: string;
let imap: Imap;
let smtp: Smtp;
let tlsCert: string;

beforeAll(async () => {
  servers = mkdtempSync(join(tmpdir(), 'leads-mail-servers-'));
  secrets = mkdtempSync(join(tmpdir(), 'leads-mail-secrets-'));
  const tls = makeCertificate(servers);
  tlsCert = tls.cert;
  imap = await startDovecot(join(servers, 'imap'), tls, ['sam', 'full'], SECRET);
  smtp = await startSmtp(join(servers, 'smtp'), tls, 'sam', SECRET, imap.folder('sam', 'Sent'));
});
afterAll(async () => {
  if (process.env.SHOW_SERVER_LOGS) console.log(imap?.log(), smtp?.log());
  await Promise.all([imap?.stop(), smtp?.stop()]);
  rmSync(servers, { recursive: true, force: true });
  rmSync(secrets, { recursive: true, force: true });
});

let ws: ReturnType<typeof tempWorkspace>;
let env: Record<string, string>;
let out: string;
const workspaces: string[] = [];
beforeEach(() => {
  ws = tempWorkspace();
  out = join(ws.dir, 'batches');
  env = { XDG_CONFIG_HOME: join(ws.dir, 'config'), NODE_EXTRA_CA_CERTS: tlsCert };
  workspaces.push(ws.dir);
});
afterAll(() => {
  for (const w of workspaces) rmSync(w, { recursive: true, force: true });
});

const good = () => passwordFile(secrets, 'good', SECRET);

async function mailbox(mode: 'drafts' | 'send', o: { user?: string; imapPort?: number; smtpPort?: number; command?: string } = {}) {
  await setSender(ws.db);
  await configure(ws.db, env, {
    'email.deliver': mode,
    'email.imap_host': '127.0.0.1',
    'email.imap_port': o.imapPort ?? imap.port,
    'email.smtp_host': '127.0.0.1',
    'email.smtp_port': o.smtpPort ?? smtp.port,
    'email.user': o.user ?? 'sam',
    'email.password_command': o.command ?? good(),
    'sort.out_dir': out,
  });
}

/** Leads who agreed on today's call to a permission email; their ids. */
async function agreed(...emails: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, email] of emails.entries()) {
    const id = await addLead(ws.db, { first: `Pat${i}`, last: 'Lee', company: 'Lee Co', email, phone: `(617) 555-01${String(10 + i)}` });
    await logCode(ws.db, id, 5, { day: '2026-11-24 10:15' });
    ids.push(id);
  }
  return ids;
}

const keys = (db = ws.db) =>
  new Map(query<{ lead_id: number; key: string; state: string; cause: string | null }>(db,
    `SELECT bi.lead_id, d.key, d.state, d.cause FROM deliveries d JOIN batch_items bi ON bi.id = d.item_id WHERE d.channel = 'email' ORDER BY d.item_id`,
  ).map((r) => [r.lead_id, r]));

describe('email.deliver drafts', { timeout: 600_000 }, () => {
  it('appends each email to the Drafts folder with its headers and body; the files are written too', async () => {
    await mailbox('drafts');
    const [a, b] = await agreed('ann@acme.example', 'bo@chan.example');
    const r = await run(['sort'], { db: ws.db, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('emails: 2 put in Drafts');
    const k = keys();
    expect([k.get(a)!.state, k.get(b)!.state]).toEqual(['delivered', 'delivered']);
    const drafts = imap.messages('sam', 'Drafts');
    const mine = drafts.find((m) => header(m, 'Message-ID') === k.get(a)!.key)!;
    expect(mine).toBeDefined();
    expect(header(mine, 'To')).toBe('Pat0 Lee <ann@acme.example>');
    expect(header(mine, 'From')).toBe('Sam Seller <sam@seller.example>');
    expect(header(mine, 'Subject')).toBe('Seller Co: the information you asked for');
    expect(header(mine, 'List-Unsubscribe')).toBe('<mailto:sam@seller.example?subject=unsubscribe>');
    expect(header(mine, 'List-Unsubscribe-Post')).toBeUndefined(); // one-click is for an https address only
    expect(header(mine, 'X-Unsent')).toBeUndefined();
    expect(mine).toContain('Hello Pat0,');
    expect(mine).toContain('1 Market St, Springfield, IL 62701, US'); // the sender's postal address
    expect(mine).toContain('agreed to it when we spoke on the phone on November 24, 2026 at 10:15 AM'); // when they agreed
    expect(copiesOf(drafts, k.get(b)!.key)).toBe(1);
    // the files came first, with the same Message-ID
    const emls = readdirSync(join(out, '2026-11-24', 'emails'));
    expect(emls).toHaveLength(2);
    // the lead's email touch says where it went
    const touch = query<{ data: string }>(ws.db, `SELECT data FROM touches WHERE lead_id = ? AND channel = 'email'`, a)[0];
    expect(JSON.parse(touch.data)).toMatchObject({ message_id: k.get(a)!.key, delivered: 'drafts' });
    expect((await run(['show', String(a)], { db: ws.db, env })).stdout).toMatch(/ email batch 1 in Drafts\n/);
  });

  it('a second sort and a second delivery add no second copy; a run killed after the append is found out', async () => {
    await mailbox('drafts');
    const [a] = await agreed('ann@acme.example');
    expect((await run(['sort'], { db: ws.db, env })).code).toBe(0);
    const first = keys().get(a)!.key;
    const [c] = await agreed('cy@dunn.example');
    const again = await run(['sort'], { db: ws.db, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('emails: 1 put in Drafts');
    // as a run killed between the server's answer and the record leaves it
    const d = new Database(ws.db);
    d.prepare(`UPDATE deliveries SET state = 'sending', delivered_at = NULL WHERE key = ?`).run(first);
    d.close();
    const redo = await run(['batches', '1', '--deliver'], { db: ws.db, env });
    expect(redo.code, redo.stderr).toBe(0);
    expect(redo.stdout).toContain('emails: 1 already there');
    expect(keys().get(a)!.state).toBe('delivered');
    const drafts = imap.messages('sam', 'Drafts');
    expect(copiesOf(drafts, first)).toBe(1);
    expect(copiesOf(drafts, keys().get(c)!.key)).toBe(1);
  });

  it('a full mailbox: one line, exit 1, the files kept; what waits is listed', async () => {
    await mailbox('drafts', { user: 'full' });
    const [a] = await agreed('ann@acme.example');
    const r = await run(['sort'], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`leads: the mailbox at 127.0.0.1:${imap.port} is full: 1 email waits; make room, then the next \`leads sort\` tries again`);
    expect(existsSync(join(out, '2026-11-24', 'emails.csv'))).toBe(true);
    expect(keys().get(a)).toMatchObject({ state: 'waiting', cause: 'mailbox full' });
    const list = await run(['batches'], { db: ws.db, env });
    expect(list.stdout.split('\n')[1].split('\t')[7]).toBe('1');
    const one = await run(['batches', '1'], { db: ws.db, env });
    expect(one.stdout).toContain('\temail\tserved\twaiting: mailbox full\n');
  });

  it('a server that is down: one line, exit 1; once it answers, batches ID --deliver delivers', async () => {
    const closed = await import('../helpers/servers.js').then((m) => m.freePort());
    await mailbox('drafts', { imapPort: closed });
    const [a] = await agreed('ann@acme.example');
    const r = await run(['sort'], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`leads: 127.0.0.1:${closed} did not answer (ECONNREFUSED): 1 email waits; when it is back, the next`);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('leads: '))).toHaveLength(2); // the cause, and where the files are
    expect(keys().get(a)!.state).toBe('waiting');
    await configure(ws.db, env, { 'email.imap_port': imap.port });
    const redo = await run(['batches', '1', '--deliver'], { db: ws.db, env });
    expect(redo.code, redo.stderr).toBe(0);
    expect(copiesOf(imap.messages('sam', 'Drafts'), keys().get(a)!.key)).toBe(1);
  });

  it('a wrong password, and a password command that fails: one line each, the secret nowhere', async () => {
    await mailbox('drafts', { command: passwordFile(secrets, 'wrong', 'not-the-password') });
    await agreed('ann@acme.example');
    const r = await run(['sort'], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`leads: 127.0.0.1:${imap.port} refused the user name or password (see email.password_command): 1 email waits`);
    await configure(ws.db, env, { 'email.password_command': `sh -c "echo ${'$'}0 >&2; exit 3" cannot-unlock` });
    const failed = await run(['batches', '1', '--deliver'], { db: ws.db, env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('leads: email.password_command failed (exit 3: cannot-unlock): 1 email waits');
    // a command that prints the secret and then fails: its output is never shown
    await configure(ws.db, env, { 'email.password_command': `sh -c "cat ${join(secrets, 'good')}; cat ${join(secrets, 'good')} >&2; exit 1"` });
    const leaky = await run(['batches', '1', '--deliver'], { db: ws.db, env });
    expect(leaky.stderr).toContain('email.password_command failed (exit 1)');
    expect(leaky.stderr).not.toContain(SECRET);
  });

  it('do-not-email and a forgotten person are checked again at delivery time', async () => {
    const closed = await import('../helpers/servers.js').then((m) => m.freePort());
    await mailbox('drafts', { imapPort: closed });
    const [a, b, c] = await agreed('ann@acme.example', 'bo@chan.example', 'cy@dunn.example');
    expect((await run(['sort'], { db: ws.db, env })).code).toBe(1); // nothing delivered yet
    expect((await run(['dnc', String(a), '--email'], { db: ws.db, env })).code).toBe(0);
    expect((await run(['forget', String(b), '--yes'], { db: ws.db, env })).code).toBe(0);
    await configure(ws.db, env, { 'email.imap_port': imap.port });
    const r = await run(['batches', '1', '--deliver'], { db: ws.db, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`held back: lead ${a}'s email (do not email)`);
    expect(r.stdout).toContain(`held back: lead ${b}'s email (forgotten)`);
    expect(r.stdout).toContain('emails: 1 put in Drafts');
    const k = keys();
    expect([k.get(a)!.state, k.get(b)!.state, k.get(c)!.state]).toEqual(['withheld', 'withheld', 'delivered']);
    const drafts = imap.messages('sam', 'Drafts');
    expect(copiesOf(drafts, k.get(a)!.key) + copiesOf(drafts, k.get(b)!.key)).toBe(0);
  });
});

describe('email.deliver send', { timeout: 600_000 }, () => {
  it('sends each email over SMTP to its recipient; the copy in Sent is the one asked after', async () => {
    await mailbox('send');
    const [a, b] = await agreed('ann@acme.example', 'bo@chan.example');
    await configure(ws.db, env, { 'email.unsubscribe_url': 'https://seller.example/unsubscribe' });
    const r = await run(['sort'], { db: ws.db, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('emails: 2 sent');
    const k = keys();
    const got = smtp.received().find((m) => header(m, 'Message-ID') === k.get(a)!.key)!;
    expect(header(got, 'X-Envelope-To')).toBe('ann@acme.example');
    expect(header(got, 'X-Unsent')).toBeUndefined();
    expect(header(got, 'List-Unsubscribe')).toBe('<https://seller.example/unsubscribe>, <mailto:sam@seller.example?subject=unsubscribe>');
    expect(header(got, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(copiesOf(smtp.received(), k.get(b)!.key)).toBe(1);
    // sent again: found, never sent twice
    const redo = await run(['batches', '1', '--deliver'], { db: ws.db, env });
    expect(redo.code).toBe(0);
    expect(copiesOf(smtp.received(), k.get(a)!.key)).toBe(1);
  });

  it('a rejected recipient: one line naming the lead, exit 1; the others are sent', async () => {
    await mailbox('send');
    const [a, b] = await agreed('reject-me@nowhere.example', 'bo@chan.example');
    const r = await run(['sort'], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`leads: 127.0.0.1:${smtp.port} refused the address of lead ${a}: 1 email waits; correct it`);
    expect(r.stderr).not.toContain('reject-me'); // the address is personal data
    const k = keys();
    expect(k.get(a)).toMatchObject({ state: 'waiting', cause: 'rejected address' });
    expect(k.get(b)!.state).toBe('delivered');
    expect(copiesOf(smtp.received(), k.get(a)!.key)).toBe(0);
  });

  it('a send whose answer was lost and that Sent does not show: held as unsure, sent only with --resend', async () => {
    await mailbox('send');
    await configure(ws.db, env, { 'email.daily_limit': 0 });
    const [a] = await agreed('ann@acme.example');
    expect((await run(['sort'], { db: ws.db, env })).code).toBe(0);
    // as a run killed while the message was on its way leaves it (the server never took it)
    const d = new Database(ws.db);
    d.prepare(`UPDATE deliveries SET state = 'sending', sending_at = '2026-11-24T12:00:00.000Z'`).run();
    d.close();
    await configure(ws.db, env, { 'email.daily_limit': 50 });
    const r = await run(['batches', '1', '--deliver'], { db: ws.db, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('emails: 1 unsure (the program stopped while sending: look in Sent, then leads batches ID --deliver --resend LEAD)');
    expect(keys().get(a)!.state).toBe('unsure');
    expect(copiesOf(smtp.received(), keys().get(a)!.key)).toBe(0);
    expect((await run(['batches'], { db: ws.db, env })).stdout.split('\n')[1].split('\t')[7]).toBe('0 (+1 unsure)');
    expect((await run(['batches', '1'], { db: ws.db, env })).stdout).toContain('\temail\tserved\tunsure: look in Sent\n');
    const resent = await run(['batches', '1', '--deliver', '--resend', String(a)], { db: ws.db, env });
    expect(resent.code, resent.stderr).toBe(0);
    expect(resent.stdout).toContain('emails: 1 sent');
    expect(copiesOf(smtp.received(), keys().get(a)!.key)).toBe(1);
  });

  it('email.daily_limit: the rest waits for the next day and the summary says so', async () => {
    await mailbox('send');
    await configure(ws.db, env, { 'email.daily_limit': 2 });
    const ids = await agreed('a1@x.example', 'a2@x.example', 'a3@x.example');
    const r = await run(['sort'], { db: ws.db, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("emails: 2 sent; 1 wait for the next day's sort (email.daily_limit)");
    expect(ids.map((id) => keys().get(id)!.state)).toEqual(['delivered', 'delivered', 'waiting']);
    // the same day: still waits
    const same = await run(['sort'], { db: ws.db, env });
    expect(same.stdout).toBe("nothing to sort: no outcomes are waiting for a batch\nemails: 1 wait for the next day's sort (email.daily_limit)\n");
    expect(keys().get(ids[2])!.state).toBe('waiting');
    const next = await run(['sort'], { db: ws.db, env: { ...env, LEADS_TODAY: '2026-11-25' } });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain('emails: 1 sent');
    expect(keys().get(ids[2])!.state).toBe('delivered');
    expect(ids.map((id) => copiesOf(smtp.received(), keys().get(id)!.key))).toEqual([1, 1, 1]);
  });
});

describe('leads doctor', { timeout: 600_000 }, () => {
  it('logs in and finds Drafts without sending anything; a wrong password is a problem', async () => {
    await mailbox('send');
    const before = smtp.received().length;
    const r = await run(['doctor'], { db: ws.db, env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^imap +logged in to 127.0.0.1:${imap.port} as sam; Drafts: Drafts, Sent: Sent$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^smtp +logged in to 127.0.0.1:${smtp.port} as sam$`, 'm'));
    expect(smtp.received().length).toBe(before);
    await configure(ws.db, env, { 'email.password_command': passwordFile(secrets, 'wrong', 'nope') });
    const bad = await run(['doctor'], { db: ws.db, env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`refused the user name or password`);
  });
});

describe('the password', () => {
  it('is in no output, no batch file, no database of this file', () => {
    expect(outputs.length).toBeGreaterThan(20);
    expect(outputs.filter((o) => o.includes(SECRET))).toEqual([]);
    for (const w of workspaces) expect(filesContaining(w, SECRET)).toEqual([]);
  });
});
