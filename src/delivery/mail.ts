// The user's own mailbox: IMAP (imapflow) to find a message by its Message-ID in Drafts and
// Sent and to append drafts, SMTP (nodemailer) to send. Both over TLS only: from the first
// byte on 993 and 465, else by STARTTLS, which must then be offered. Neither client logs.
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';

export interface Account {
  host: string;
  port: number;
  user: string;
  /** the password, or with oauth2 the access token */
  secret: string;
  oauth2: boolean;
  ca: string[] | undefined;
}

export interface Mailbox {
  drafts: string | null;
  sent: string | null;
  /** where a message with this Message-ID already is (`Drafts 12`: the mailbox and UID), or null */
  find(messageId: string): Promise<string | null>;
  /** appends a draft (flagged \Draft and \Seen); where it went */
  appendDraft(raw: string): Promise<string>;
  close(): Promise<void>;
}

export async function openMailbox(a: Account): Promise<Mailbox> {
  const client = new ImapFlow({
    host: a.host,
    port: a.port,
    secure: a.port === 993,
    doSTARTTLS: a.port === 993 ? undefined : true,
    auth: a.oauth2 ? { user: a.user, accessToken: a.secret } : { user: a.user, pass: a.secret },
    tls: a.ca ? { ca: a.ca } : {},
    logger: false,
    emitLogs: false,
  });
  // a socket error after a command already failed it: the command's rejection is what counts
  client.on('error', () => {});
  await client.connect();
  const boxes = await client.list();
  const drafts = boxes.find((b) => b.specialUse === '\\Drafts')?.path ?? null;
  const sent = boxes.find((b) => b.specialUse === '\\Sent')?.path ?? null;
  const searchIn = async (path: string, messageId: string): Promise<string | null> => {
    const lock = await client.getMailboxLock(path, { readOnly: true });
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      return uids && uids.length ? `${path} ${uids[0]}` : null;
    } finally {
      lock.release();
    }
  };
  return {
    drafts,
    sent,
    find: async (messageId) => {
      for (const path of [drafts, sent]) {
        const at = path ? await searchIn(path, messageId) : null;
        if (at) return at;
      }
      return null;
    },
    appendDraft: async (raw) => {
      const r = await client.append(drafts!, raw, ['\\Draft', '\\Seen']);
      return r && r.uid ? `${drafts} ${r.uid}` : drafts!;
    },
    close: async () => {
      await client.logout().catch(() => client.close());
    },
  };
}

export interface Outbox {
  /** hands the message to the server for one recipient; the server's reply */
  send(raw: string, from: string, to: string): Promise<string>;
  close(): void;
}

/** Connects and logs in (nothing is sent): a wrong password or a server that is down fails here. */
export async function openOutbox(a: Account): Promise<Outbox> {
  const transport = nodemailer.createTransport({
    host: a.host,
    port: a.port,
    secure: a.port === 465,
    requireTLS: a.port !== 465,
    auth: a.oauth2 ? { type: 'OAuth2', user: a.user, accessToken: a.secret } : { user: a.user, pass: a.secret },
    tls: a.ca ? { ca: a.ca } : {},
    // one connection for the night's emails: one login, not one per message
    pool: true,
    maxConnections: 1,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    logger: false,
    debug: false,
  });
  await transport.verify();
  return {
    send: async (raw, from, to) => {
      const info = await transport.sendMail({ envelope: { from, to: [to] }, raw });
      return String(info.response ?? '');
    },
    close: () => transport.close(),
  };
}
