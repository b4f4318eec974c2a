// One ready-to-send email as an RFC 5322 message (.eml): headers with RFC 2047 encoded
// words where a name or subject is not ASCII, a UTF-8 text body in quoted-printable (or
// base64 when most of it is not ASCII), CRLF line ends. `X-Unsent: 1` makes Outlook and
// Thunderbird open it as a draft to send rather than as a received message.
import { randomUUID } from 'node:crypto';
import { oneLine } from '../core/lead.js';

export interface EmailMessage {
  from: { name: string; email: string };
  to: { name: string; email: string };
  subject: string;
  date: Date;
  body: string;
  /** an https address that unsubscribes in one click (RFC 8058), beside the mailto: one */
  unsubscribeUrl?: string;
}

const CRLF = '\r\n';
const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

// 36 bytes (a multiple of 3) make 48 chars of base64, a 60-char word: with "Subject: "
// before it the first line stays under 78, as RFC 5322 asks (an encoded word may be 75)
const WORD_BYTES = 36;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const encoded = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;

/**
 * RFC 2047 "B" encoded words of 60 chars at most, cut between words: the white space between
 * two encoded words is no part of the text (RFC 2047 section 6.2), so each word keeps the
 * space (or hyphen) after it inside, and a reader that shows each encoded word apart still
 * shows whole words. Only a word too long for one encoded word is cut, between characters (graphemes:
 * a letter with its accents, an emoji, never half a UTF-8 sequence).
 */
export function encodeWords(text: string): string[] {
  const out: string[] = [];
  let chunk = '';
  const add = (piece: string) => {
    if (chunk && Buffer.byteLength(chunk + piece) > WORD_BYTES) {
      out.push(encoded(chunk));
      chunk = '';
    }
    chunk += piece;
  };
  for (const word of text.split(/(?<=[ \-])/)) {
    if (Buffer.byteLength(word) <= WORD_BYTES) add(word);
    else for (const { segment } of graphemes.segment(word)) add(segment);
  }
  if (chunk) out.push(encoded(chunk));
  return out;
}

/** An unstructured header (Subject): folded at word boundaries, encoded when not ASCII. */
function unstructured(name: string, value: string): string {
  const clean = oneLine(value);
  // the space between two encoded words is not part of the text (RFC 2047 section 6.2)
  return fold(`${name}:`, ASCII_PRINTABLE.test(clean) ? clean.split(' ') : encodeWords(clean));
}

/** Folds header words into lines of at most 78 chars (continuation lines start with a space). */
function fold(start: string, words: string[]): string {
  const lines: string[] = [];
  let line = start;
  for (const w of words) {
    const next = `${line} ${w}`;
    if (next.length > 78 && line.trim().length > start.length) {
      lines.push(line);
      line = ` ${w}`;
    } else line = next;
  }
  lines.push(line);
  return lines.join(CRLF);
}

/**
 * `Ann Baker <ann@example.com>`; a name with specials as an RFC 5322 quoted string, its `"`
 * and `\\` escaped (`"Ann \\"The Closer\\" Baker"`); a name beyond ASCII in encoded words.
 */
export function mailbox(name: string, address: string): string {
  const email = address.replace(/[\s<>]+/g, ''); // no header can be smuggled in through an address
  const n = oneLine(name).replace(/\s+/g, ' ').trim();
  if (!n) return `<${email}>`;
  if (!ASCII_PRINTABLE.test(n)) return `${encodeWords(n).join(' ')} <${email}>`;
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(n)) return `${n} <${email}>`;
  return `"${n.replace(/["\\]/g, '\\$&')}" <${email}>`;
}

/** RFC 5322 date: "Tue, 24 Nov 2026 09:30:00 -0500" in local time. */
export function rfc5322Date(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone = `${off >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}${pad(Math.abs(off) % 60)}`;
  return `${days[d.getDay()]}, ${pad(d.getDate())} ${months[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
}

/** Quoted-printable (RFC 2045) of UTF-8 text with CRLF line ends; soft breaks keep lines at 76. */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const bytes = Buffer.from(line, 'utf8');
    let encoded = '';
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      const last = i === bytes.length - 1;
      const plain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
      encoded += plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    // soft line breaks: at most 75 chars and "=" per line, never inside an =XX escape
    let rest = encoded;
    while (rest.length > 76) {
      let cut = 75;
      const esc = rest.lastIndexOf('=', cut - 1);
      if (esc > cut - 3) cut = esc;
      out.push(rest.slice(0, cut) + '=');
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out.join(CRLF);
}

function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

/** The sender's domain, for Message-IDs. */
const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).replace(/[^A-Za-z0-9.-]/g, '') || 'leads.invalid';

export function newMessageId(fromEmail: string): string {
  return `<${randomUUID()}@${domainOf(fromEmail)}>`;
}

/**
 * The whole message; `messageId` as `<...@domain>`. A file (`.eml` in the batch folder) is
 * marked unsent so mail programs open it as a draft; a message handed to a server is not (a
 * recipient's Outlook would show it as an unsent draft).
 */
export function buildEml(m: EmailMessage, messageId: string, o: { file: boolean } = { file: true }): string {
  const body = m.body.replace(/\r\n?/g, '\n');
  const ascii = /^[\x00-\x7f]*$/.test(body) && body.split('\n').every((l) => l.length <= 998);
  const encoding = ascii ? '7bit' : body.replace(/[\x00-\x7f]+/g, '').length > body.length / 3 ? 'base64' : 'quoted-printable';
  const encodedBody =
    encoding === '7bit' ? body.split('\n').join(CRLF) : encoding === 'base64' ? base64Lines(body) : quotedPrintable(body);
  const headers = [
    // folded between encoded words (or words): a long Greek name takes two lines
    fold('From:', mailbox(m.from.name, m.from.email).split(' ')),
    fold('To:', mailbox(m.to.name, m.to.email).split(' ')),
    unstructured('Subject', m.subject),
    `Date: ${rfc5322Date(m.date)}`,
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    `Content-Transfer-Encoding: ${encoding}`,
    // RFC 8058: one-click unsubscribing is for an https address only, never a mailto:
    m.unsubscribeUrl
      ? `List-Unsubscribe: <${m.unsubscribeUrl.replace(/[\s<>]+/g, '')}>, <mailto:${m.from.email}?subject=unsubscribe>`
      : `List-Unsubscribe: <mailto:${m.from.email}?subject=unsubscribe>`,
    ...(m.unsubscribeUrl ? ['List-Unsubscribe-Post: List-Unsubscribe=One-Click'] : []),
    ...(o.file ? ['X-Unsent: 1'] : []),
  ];
  return headers.join(CRLF) + CRLF + CRLF + encodedBody + (encodedBody.endsWith(CRLF) ? '' : CRLF);
}
