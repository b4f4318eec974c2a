// Delivery as pure rules: whether a batch's email or follow-up may still go out (the contact
// rules checked again at delivery time), what a server's failure means to the salesperson
// (one cause, said once for every item it held back), and how many emails today's limit
// leaves. No I/O here: src/services/deliver.ts talks to the servers and the store.
import { skipReason, type BatchLead } from './sort.js';
import type { BatchKind } from './codes.js';


export type DeliveryState = 'files' | 'waiting' | 'sending' | 'delivered' | 'unsure' | 'withheld';
export type DeliveryMode = 'drafts' | 'send' | 'calendar';
export type EmailDelivery = 'files' | 'drafts' | 'send';

/** A served email or follow-up with its delivery, as the store reads it. */
export interface DeliveryItem {
  item_id: number;
  batch_id: number;
  kind: BatchKind;
  key: string;
  state: DeliveryState;
  mode: DeliveryMode | null;
  sending_at: string | null;
  /** when the call that asked for it was made (ISO): the email says when the person agreed */
  outcome_at: string;
  /** the call's code still asks for this batch and counts as a person reached (null: the call is gone) */
  call_action: string | null;
  call_reached: number | null;
  last_note: string | null;
  lead: BatchLead;
}

/**
 * Why this item must not go out now, or null. The rules of the sort (merged, forgotten,
 * disqualified, do-not-email, no address, do-not-call), and for an email the method's own:
 * a permission email only to a person spoken to on the call that asked for it.
 */
export function withholdReason(d: DeliveryItem): string | null {
  const reason = skipReason(d.kind, d.lead);
  if (reason) return reason;
  if (d.kind === 'email' && (d.call_action !== 'email' || d.call_reached !== 1)) return 'not reached on the call';
  return null;
}

/** What went wrong, in the salesperson's terms: each is said once, with the count it held back. */
export type Cause =
  | 'settings'
  | 'password command'
  | 'server down'
  | 'certificate'
  | 'wrong password'
  | 'mailbox full'
  | 'no drafts folder'
  | 'no calendar'
  | 'rejected address'
  | 'server error';

/** The shape of an error from the mail and calendar clients and Node's sockets, as far as it tells a cause. */
export interface FailureFacts {
  /** Node's error code (ECONNREFUSED) or the client's (EAUTH, EENVELOPE) */
  code?: string;
  /** SMTP reply code or HTTP status */
  status?: number;
  /** IMAP response code in brackets ([OVERQUOTA]) */
  responseCode?: string;
  authenticationFailed?: boolean;
}

const DOWN = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'ESOCKET', 'ECONNECTION', 'NoConnection', 'ClosedAfterConnectTLS', 'ClosedAfterConnectText', 'ETIMEOUT', 'EDNS']);
const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME/;

/** The cause of a failure, from what the error says of itself. */
export function causeOf(f: FailureFacts): Cause {
  const code = f.code ?? '';
  if (f.authenticationFailed || code === 'EAUTH' || f.status === 401 || f.status === 535 || f.responseCode === 'AUTHENTICATIONFAILED') {
    return 'wrong password';
  }
  if (CERTIFICATE.test(code)) return 'certificate';
  if (f.responseCode === 'OVERQUOTA' || f.responseCode === 'LIMIT' || f.status === 507 || f.status === 452 || f.status === 552) return 'mailbox full';
  if (code === 'EENVELOPE' || (f.status !== undefined && f.status >= 550 && f.status <= 553)) return 'rejected address';
  if (DOWN.has(code)) return 'server down';
  return 'server error';
}

/** A failure that stops every later item on the same server (no use trying the next one). */
export function stopsTheRun(c: Cause): boolean {
  return c !== 'rejected address' && c !== 'server error';
}

/** How many emails `send` may still send today. */
export function sendAllowance(dailyLimit: number, sentToday: number): number {
  return Math.max(0, dailyLimit - sentToday);
}

/** Items held back by one cause, on one server. */
export interface Problem {
  cause: Cause;
  channel: 'email' | 'calendar';
  /** the server (host:port or URL), or the setting, it is about */
  where: string;
  /** what the server said, when the cause alone does not tell it (no personal data) */
  detail?: string;
  leads: number[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line for a cause: what happened, how many wait, what to do. */
export function problemLine(p: Problem, retry: string): string {
  const what = p.channel === 'email' ? plural(p.leads.length, 'email') : plural(p.leads.length, 'follow-up event');
  const wait = `${what} ${p.leads.length === 1 ? 'waits' : 'wait'}`;
  const secret = p.channel === 'email' ? 'email.password_command' : 'calendar.password_command';
  switch (p.cause) {
    case 'settings':
      return `${wait}: ${p.where}`;
    case 'password command':
      return `${secret} failed (${p.detail}): ${wait}; run the command yourself to see why, then ${retry}`;
    case 'server down':
      return `${p.where} did not answer (${p.detail ?? 'no connection'}): ${wait}; when it is back, ${retry}`;
    case 'certificate':
      return `${p.where} showed a certificate this computer does not trust (${p.detail}): ${wait}; check the host name, then ${retry}`;
    case 'wrong password':
      return `${p.where} refused the user name or password (see ${secret}): ${wait}; ${retry}`;
    case 'mailbox full':
      return `the mailbox at ${p.where} is full: ${wait}; make room, then ${retry}`;
    case 'no drafts folder':
      return `${p.where} shows no Drafts folder (no mailbox flagged \\Drafts): ${wait}; ${retry} once the mailbox has one`;
    case 'no calendar':
      return `${p.where} is not a calendar (${p.detail}): ${wait}; check calendar.url, then ${retry}`;
    case 'rejected address':
      return `${p.where} refused the address of ${p.leads.map((id) => `lead ${id}`).join(', ')}: ${wait}; correct it (leads edit ID --email ...), then ${retry}`;
    case 'server error':
      return `${p.where} answered ${p.detail ?? 'with an error'}: ${wait}; ${retry}`;
  }
}
