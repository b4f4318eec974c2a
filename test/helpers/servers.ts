// Real mail and calendar servers for the delivery tests, on 127.0.0.1 over TLS with a
// certificate made here: Dovecot (IMAP, a maildir per user), aiosmtpd (SMTP that keeps what
// it receives) and Radicale (CalDAV). The mail servers listen on ports other than 993 and 465,
// so they speak TLS by STARTTLS (and refuse a login before it), as the program asks there. Each is started once per test file, awaited until it
// says it listens, and stopped by its pid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's modules (aiosmtpd, radicale) are for Debian's Python, not another first on PATH. */
const PYTHON = '/usr/bin/python3';
/** The user the IMAP server reads and writes mail as (root cannot be a mail user). */
const NOBODY = 65534;

export interface Tls {
  cert: string;
  key: string;
}

/** A throwaway certificate for 127.0.0.1 (its own authority: give it to NODE_EXTRA_CA_CERTS). */
export function makeCertificate(dir: string): Tls {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const r = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
  return { cert, key };
}

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Resolves with the first match of `ready` in the child's output; rejects if it exits first.
 * The output is kept (its last 64 KiB) for a failing test to show: `log()`.
 */
function awaitLine(child: ChildProcess, ready: RegExp, what: string): { match: Promise<RegExpExecArray>; log: () => string } {
  let seen = '';
  const match = new Promise<RegExpExecArray>((resolve, reject) => {
    let found = false;
    const look = (b: Buffer) => {
      seen = (seen + b.toString()).slice(-65536);
      const m = found ? null : ready.exec(seen);
      if (m) {
        found = true;
        resolve(m);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready:\n${seen}`)));
  });
  return { match, log: () => seen };
}

/** Stops the server by its pid: when asked, and at the latest when the test's process exits (a test that failed before its afterAll). */
function stopper(child: ChildProcess): () => Promise<void> {
  process.once('exit', () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
  });
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      process.kill(child.pid!, 'SIGTERM');
    });
}

export interface Imap {
  port: number;
  /** the messages in one of a user's mailboxes, raw, read from the maildir */
  messages(user: string, mailbox: 'Drafts' | 'Sent' | 'INBOX'): string[];
  /** a user's maildir folder of a mailbox (`.Sent`) */
  folder(user: string, mailbox: 'Drafts' | 'Sent'): string;
  stop(): Promise<void>;
  /** what the server logged (the last 64 KiB) */
  log(): string;
}

/**
 * Dovecot as a foreground process with its own configuration, base_dir and state in `dir`:
 * users (password `password`) with a maildir each; `full` has a quota of 10 bytes.
 */
export async function startDovecot(dir: string, tls: Tls, users: string[], password: string): Promise<Imap> {
  const port = await freePort();
  const mail = join(dir, 'mail');
  mkdirSync(join(dir, 'run'), { recursive: true });
  // its auth process reads the users file as the user dovecot: it must get through the folders
  for (const d of [dir, dirname(dir)]) chmodSync(d, 0o711);
  const lines: string[] = [];
  for (const u of users) {
    const home = join(mail, u);
    // the mailboxes made before the server starts, so the SMTP server can file into Sent
    for (const box of ['', '.Drafts', '.Sent']) {
      for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(home, 'Maildir', box, sub), { recursive: true });
    }
    spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, home]);
    lines.push(`${u}:{PLAIN}${password}:${NOBODY}:${NOBODY}::${home}::${u === 'full' ? 'userdb_quota_rule=*:storage=10B' : ''}`);
  }
  chownSync(mail, NOBODY, NOBODY);
  writeFileSync(join(dir, 'users'), lines.join('\n') + '\n');
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/run/state
instance_name = leads-test-${port}
protocols = imap
listen = 127.0.0.1
hostname = localhost
ssl = required
ssl_cert = <${tls.cert}
ssl_key = <${tls.key}
log_path = /dev/stderr
auth_mechanisms = plain login
auth_failure_delay = 0
passdb {
  driver = passwd-file
  args = ${dir}/users
}
userdb {
  driver = passwd-file
  args = ${dir}/users
}
mail_location = maildir:~/Maildir
mail_fsync = never
first_valid_uid = 1
mail_plugins = quota
plugin {
  quota = count:User quota
  quota_vsizes = yes
}
namespace inbox {
  inbox = yes
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  const child = spawn('/usr/sbin/dovecot', ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  // the master binds its listeners before it says it is starting up
  const { match, log } = awaitLine(child, /starting up/, 'dovecot');
  await match;
  const folder = (user: string, mailbox: 'Drafts' | 'Sent') => join(mail, user, 'Maildir', `.${mailbox}`);
  return {
    port,
    folder,
    messages: (user, mailbox) => {
      const box = mailbox === 'INBOX' ? join(mail, user, 'Maildir') : folder(user, mailbox);
      return ['new', 'cur'].flatMap((sub) => readdirSync(join(box, sub)).map((f) => readFileSync(join(box, sub, f), 'utf8')));
    },
    stop: stopper(child),
    log,
  };
}

export interface Smtp {
  port: number;
  /** every message accepted so far, raw (with the envelope's recipients as X-Envelope-To) */
  received(): string[];
  stop(): Promise<void>;
  /** what the server logged (the last 64 KiB) */
  log(): string;
}

/** aiosmtpd for one user; with `sent` (a maildir folder) it files a copy of what it accepts there. */
export async function startSmtp(dir: string, tls: Tls, user: string, password: string, sent?: string): Promise<Smtp> {
  const out = join(dir, 'smtp-received');
  mkdirSync(out, { recursive: true });
  const script = fileURLToPath(new URL('./smtp-server.py', import.meta.url));
  const child = spawn(PYTHON, [script, tls.cert, tls.key, user, password, out, ...(sent ? [sent] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  const { match, log } = awaitLine(child, /^ready (\d+)$/m, 'the SMTP server');
  const [, port] = await match;
  return {
    port: Number(port),
    received: () => readdirSync(out).filter((f) => f.endsWith('.eml')).sort().map((f) => readFileSync(join(out, f), 'utf8')),
    stop: stopper(child),
    log,
  };
}

export interface CalDav {
  port: number;
  /** the URL of a calendar collection of the user's, made (MKCALENDAR) on first use */
  url: string;
  /** the events stored in that calendar, raw iCalendar text (Radicale keeps one file each) */
  events(): string[];
  stop(): Promise<void>;
  /** what the server logged (the last 64 KiB) */
  log(): string;
}

/** Radicale with one htpasswd user and one calendar, `follow-ups`, made by MKCALENDAR. */
export async function startRadicale(dir: string, tls: Tls, user: string, password: string): Promise<CalDav> {
  const store = join(dir, 'collections');
  writeFileSync(join(dir, 'htpasswd'), `${user}:${password}\n`);
  const conf = join(dir, 'radicale.conf');
  writeFileSync(
    conf,
    `[server]
hosts = 127.0.0.1:0
ssl = True
certificate = ${tls.cert}
key = ${tls.key}
[auth]
type = htpasswd
htpasswd_filename = ${dir}/htpasswd
htpasswd_encryption = plain
delay = 0
[storage]
filesystem_folder = ${store}
[rights]
type = owner_only
[logging]
level = info
mask_passwords = True
`,
  );
  const child = spawn(PYTHON, ['-m', 'radicale', '--config', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const { match, log } = awaitLine(child, /Listening on '\[?127\.0\.0\.1\]?:(\d+)'/, 'radicale');
  const [, port] = await match;
  const url = `https://127.0.0.1:${port}/${user}/follow-ups/`;
  const status = await new Promise<number>((resolve, reject) => {
    const auth = Buffer.from(`${user}:${password}`).toString('base64');
    request(url, { method: 'MKCALENDAR', ca: readFileSync(tls.cert), headers: { authorization: `Basic ${auth}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
  if (status !== 201) throw new Error(`MKCALENDAR ${url}: ${status}`);
  const folder = join(store, 'collection-root', user, 'follow-ups');
  return {
    port: Number(port),
    url,
    events: () => readdirSync(folder).filter((f) => f.endsWith('.ics')).map((f) => readFileSync(join(folder, f), 'utf8')),
    stop: stopper(child),
    log,
  };
}
