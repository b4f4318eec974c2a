// A sort killed (kill -9) while it sends: the process itself is the point, so the built
// binary runs and is killed the moment the SMTP server has taken the k-th message, before
// the program can record it. Whatever the moment, the next delivery sends nothing twice:
// a message the server took is found in Sent (the server files a copy there, as Gmail does),
// one it did not take is held as unsure, and `--resend` sends it once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { leadsAsync, tempWorkspace } from '../helpers/cli.js';
import { addLead, logCode, setSender } from '../helpers/batches.js';
import { makeCertificate, startDovecot, startSmtp, type Imap, type Smtp } from '../helpers/servers.js';
import { configure, copiesOf, passwordFile, query, run } from '../helpers/delivery.js';

process.env.TZ = 'UTC';

const SECRET = 'kill-pw-51';
const EMAILS = 5;
let servers: string;
let imap: Imap;
let smtp: Smtp;
let tlsCert: string;

beforeAll(async () => {
  servers = mkdtempSync(join(tmpdir(), 'leads-kill-servers-'));
  const tls = makeCertificate(servers);
  tlsCert = tls.cert;
  imap = await startDovecot(join(servers, 'imap'), tls, ['sam'], SECRET);
  smtp = await startSmtp(join(servers, 'smtp'), tls, 'sam', SECRET, imap.folder('sam', 'Sent'));
});
afterAll(async () => {
  await Promise.all([imap?.stop(), smtp?.stop()]);
  rmSync(servers, { recursive: true, force: true });
});

/** Runs `leads sort` and kills it with SIGKILL once the SMTP server holds `after` more messages. */
function sortKilledAfter(db: string, env: Record<string, string>, after: number, cwd: string): Promise<string | null> {
  const target = smtp.received().length + after;
  return new Promise((resolve) => {
    const child = leadsAsync(['sort'], { db, env, cwd });
    const watcher = watch(join(servers, 'smtp', 'smtp-received'), () => {
      if (smtp.received().length >= target) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      watcher.close();
      resolve(signal ?? String(code));
    });
  });
}

/** A book with the sender, the mailbox and EMAILS leads who agreed to an email today; its database file. */
async function seedOnce(dir: string): Promise<string> {
  const ws = { db: join(dir, 'seed.db') };
  const env = { XDG_CONFIG_HOME: join(dir, 'config') };
  await setSender(ws.db);
  await configure(ws.db, env, {
    'email.deliver': 'send',
    'email.imap_host': '127.0.0.1',
    'email.imap_port': imap.port,
    'email.smtp_host': '127.0.0.1',
    'email.smtp_port': smtp.port,
    'email.user': 'sam',
    'email.password_command': passwordFile(dir, 'pw', SECRET),
    'sort.out_dir': 'batches',
  });
  for (let i = 0; i < EMAILS; i++) {
    const id = await addLead(ws.db, { first: 'Kim', last: `Lead${i}`, email: `k-${i}@x.example`, phone: `(617) 555-01${10 + i}` });
    await logCode(ws.db, id, 5);
  }
  const db = new Database(ws.db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return ws.db;
}

describe('leads sort killed while sending', () => {
  it('between the server taking a message and the record: never sent twice, nothing lost', async () => {
    const seedDir = mkdtempSync(join(tmpdir(), 'leads-kill-seed-'));
    try {
      const seed = await seedOnce(seedDir);
      for (let k = 1; k <= EMAILS; k++) {
        const ws = tempWorkspace({ database: false });
        try {
          mkdirSync(dirname(ws.db), { recursive: true, mode: 0o700 });
          copyFileSync(seed, ws.db);
          const env = { XDG_CONFIG_HOME: join(seedDir, 'config'), NODE_EXTRA_CA_CERTS: tlsCert };
          await killedAndRedelivered(ws.db, { ...env }, k, ws.dir);
        } finally {
          ws.cleanup();
        }
      }
    } finally {
      rmSync(seedDir, { recursive: true, force: true });
    }
  }, 900_000);
});

async function killedAndRedelivered(db: string, env: Record<string, string>, k: number, cwd: string) {
  const how = await sortKilledAfter(db, env, k, cwd);
  const redo = await run(['batches', '1', '--deliver'], { db, env });
  const rows = query<{ key: string; state: string; lead_id: number }>(db, `SELECT d.key, d.state, bi.lead_id FROM deliveries d JOIN batch_items bi ON bi.id = d.item_id WHERE d.channel = 'email'`);
  const received = smtp.received();
  const report = `killed after message ${k} (${how}); then: ${redo.stdout}${redo.stderr}`;
  expect(rows, report).toHaveLength(EMAILS);
  for (const r of rows) {
    const copies = copiesOf(received, r.key);
    // taken by the server: found in Sent and recorded; not taken: held, never guessed
    if (r.state === 'delivered') expect(copies, report).toBe(1);
    else expect([r.state, copies], report).toEqual(['unsure', 0]);
  }
  expect(redo.code, report).toBe(0);
  // an unsure one is sent when the user says so, once
  for (const r of rows.filter((x) => x.state === 'unsure')) {
    expect((await run(['batches', '1', '--deliver', '--resend', String(r.lead_id)], { db, env })).code).toBe(0);
    expect(copiesOf(smtp.received(), r.key)).toBe(1);
  }
}
