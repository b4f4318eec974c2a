// Writes one batch's files into a folder (the sort's scratch folder, or a rewrite's):
// letters (CSV and workbook for mail merge, envelopes, labels, letters), needs-address,
// emails (.eml and CSV), follow-ups (CSV and calendar). pdfkit, the
// workbook writer and ical.js are loaded only when the batch has letters or follow-ups:
// never by the other commands.
import { join } from 'node:path';
import { csvLine } from '../core/csv.js';
import { displayName, oneLine, personName } from '../core/lead.js';
import { formatLocal } from '../core/dates.js';
import { intSetting, type Settings } from '../core/settings.js';
import {
  addressLines,
  homeCountry,
  leadCountry,
  letterDate,
  mergeValues,
  missingAddress,
  senderLines,
  type BatchLead,
  type Entry,
  type SortPlan,
} from '../core/sort.js';
import { renderBody, renderSubject } from '../core/template.js';
import { buildEml, newMessageId, type EmailMessage } from './eml.js';
import { backgroundWriter, inThisThread, makeFolder, writeNew } from './files.js';
import type { Templates } from './templates.js';

export const FILES = {
  lettersCsv: 'letters.csv',
  lettersXlsx: 'letters.xlsx',
  envelopes: 'envelopes.pdf',
  labels: 'labels.pdf',
  lettersPdf: 'letters.pdf',
  needsAddress: 'needs-address.csv',
  emailsCsv: 'emails.csv',
  emailsDir: 'emails',
  followUpsCsv: 'follow-ups.csv',
  followUpsIcs: 'follow-ups.ics',
} as const;

/** The files of a batch's letters part: what `leads forget` writes again without an erased lead. */
export const LETTER_FILES: string[] = [FILES.lettersCsv, FILES.lettersXlsx, FILES.envelopes, FILES.labels, FILES.lettersPdf];

/** What was written, as paths relative to the batch folder. */
export interface WrittenFiles {
  letters: { csv?: string; xlsx?: string; envelopes?: string; labels?: string; letters?: string; needs_address?: string };
  emails: { csv?: string; eml: string[] };
  follow_ups: { csv?: string; ics?: string };
}

export interface BatchInput {
  plan: SortPlan;
  settings: Settings;
  templates: Templates;
  now: Date;
  /** draw the envelope window and label outlines (a test print on plain paper) */
  guides?: boolean;
  /** the Message-ID of each email, by item (the sort records them; a rewrite keeps them) */
  messageIds?: Map<number, string>;
}

// Spreadsheets (Excel above all) read a UTF-8 CSV as UTF-8 only with the byte-order mark.
const BOM = '\uFEFF';

/** The one column of a batch CSV that is not a contact field: a note keeps its line breaks. */
const MULTILINE = new Set(['last_note']);

/** A batch CSV feeds mail merge: its contact cells are one line, even one stored before that rule. */
function csv(header: string[], rows: unknown[][]): string {
  const keep = header.map((h) => MULTILINE.has(h));
  return BOM + csvLine(header) + rows.map((r) => csvLine(r.map((v, i) => (typeof v === 'string' && !keep[i] ? oneLine(v) : v)))).join('');
}

/**
 * From this many letters (or emails), their PDFs (or .eml files) are written on a worker
 * thread beside this one; for fewer, starting a thread costs more than it saves.
 */
const APART_FROM = 250;

const writerFor = (count: number, preload: false | 'pdf' = false) => (count >= APART_FROM ? backgroundWriter(preload) : inThisThread());

/**
 * Writes the plan's files into `dir`. Two parts can run apart (src/batches/write-task.ts):
 * creating the .eml files (mostly disk waits), and the three PDFs (for a big batch on the
 * second core, while this thread builds the emails and the calendar).
 */
export async function writeBatchFiles(dir: string, input: BatchInput): Promise<WrittenFiles> {
  const { plan, settings, now } = input;
  const out: WrittenFiles = { letters: {}, emails: { eml: [] }, follow_ups: {} };
  const at = (name: string) => join(dir, name);
  const date = letterDate(now);
  const pdfWriter = plan.letters.length ? writerFor(plan.letters.length, 'pdf') : null;
  const emlWriter = plan.emails.length ? writerFor(plan.emails.length) : null;
  const jobs: Promise<void>[] = [];
  try {
    // the .eml files first: creating 1,700 small files is the part most at the disk's mercy
    if (plan.emails.length) {
      const { files, csvText } = buildEmails(input, date, at);
      makeFolder(at(FILES.emailsDir));
      jobs.push(emlWriter!.run({ type: 'files', files }));
      writeNew(at(FILES.emailsCsv), csvText);
      out.emails = { csv: FILES.emailsCsv, eml: files.map((f) => f.name) };
    }
    if (plan.letters.length) {
      const home = homeCountry(settings);
      const blocks = plan.letters.map((e) => addressLines(e.lead, home));
      // the return address of a letter abroad ends with the sender's country
      const senders = new Map<string, string[]>();
      const senderTo = (country: string | null) => senders.get(country ?? '') ?? senders.set(country ?? '', senderLines(settings, country)).get(country ?? '')!;
      const contact = [settings['sender.phone'], settings['sender.email']].filter((v) => v?.trim());
      const letters = plan.letters.map((e, i) => ({
        sender: senderTo(leadCountry(e.lead, home)),
        contact,
        date,
        recipient: blocks[i],
        body: renderBody(input.templates.letter, mergeValues(e.lead, settings, date)),
      }));
      const names = { envelopes: FILES.envelopes, labels: FILES.labels, letters: FILES.lettersPdf };
      jobs.push(pdfWriter!.run({ type: 'pdfs', dir, names, letters, guides: Boolean(input.guides) }));
      const table = lettersTable(plan.letters, blocks);
      writeNew(at(FILES.lettersCsv), csv(table.header, table.rows));
      // the same rows for a spreadsheet (postal codes, streets and names as text cells)
      const { writeXlsx } = await import('./xlsx.js');
      const columns = table.header.map((h) => ({ header: h, text: h !== 'lead_id' }));
      await writeXlsx(at(FILES.lettersXlsx), 'Letters', columns, table.rows.map((r) => r.map(oneLineCell)));
      out.letters = { csv: FILES.lettersCsv, xlsx: FILES.lettersXlsx, envelopes: FILES.envelopes, labels: FILES.labels, letters: FILES.lettersPdf };
    }
    if (plan.needsAddress.length) {
      const rows = plan.needsAddress.map(({ lead: l }) => [
        l.id, l.first_name, l.last_name, l.company, l.phone, l.email, l.street, l.city, l.region, l.postal_code,
        missingAddress(l).join(', '),
      ]);
      writeNew(at(FILES.needsAddress), csv(['lead_id', 'first_name', 'last_name', 'company', 'phone', 'email', 'street', 'city', 'region', 'postal_code', 'missing'], rows));
      out.letters.needs_address = FILES.needsAddress;
    }
    if (plan.followUps.length) {
      const rows = plan.followUps.map((f) => [
        f.lead.id, f.lead.first_name, f.lead.last_name, f.lead.company, f.lead.phone, f.lead.email,
        formatLocal(f.at.toISOString()), f.lead.stage, f.item.last_note,
      ]);
      writeNew(at(FILES.followUpsCsv), csv(['lead_id', 'first_name', 'last_name', 'company', 'phone', 'email', 'follow_up_at', 'stage', 'last_note'], rows));
      const { buildIcs } = await import('./ics.js');
      writeNew(at(FILES.followUpsIcs), buildIcs(plan.followUps.map(followUpEvent), now, intSetting(settings, 'calendar.reminder_minutes')));
      out.follow_ups = { csv: FILES.followUpsCsv, ics: FILES.followUpsIcs };
    }
    await Promise.all(jobs);
  } catch (e) {
    await Promise.all([pdfWriter?.stop(), emlWriter?.stop()]);
    throw e;
  }
  return out;
}

/**
 * The mail-merge table of the letters, for letters.csv and letters.xlsx: the lead's
 * fields, then the address block a line a column, as the envelope prints it.
 */
function lettersTable(letters: Entry[], blocks: string[][]): { header: string[]; rows: (string | number | null)[][] } {
  const width = Math.max(...blocks.map((b) => b.length));
  const header = ['lead_id', 'first_name', 'last_name', 'company', 'title', 'street', 'city', 'region', 'postal_code', 'country'];
  for (let i = 1; i <= width; i++) header.push(`address_${i}`);
  const rows = letters.map(({ lead: l }, i) => [
    l.id, l.first_name, l.last_name, l.company, l.title, l.street, l.city, l.region, l.postal_code, l.country,
    ...blocks[i], ...Array<string>(width - blocks[i].length).fill(''),
  ]);
  return { header, rows };
}

/** A contact cell of a merge file is one line, as in the CSV. */
const oneLineCell = (v: string | number | null) => (typeof v === 'string' ? oneLine(v) : v);

/** Every email of the batch as a message, and emails.csv. */
function buildEmails(input: BatchInput, date: string, at: (name: string) => string) {
  const { plan, settings, templates, now } = input;
  const rows: unknown[][] = [];
  const files: { name: string; path: string; data: string }[] = [];
  for (const { item, lead: l } of plan.emails) {
    // named by the lead's id: a file name (and an error naming it) never carries a person's name
    const name = `${FILES.emailsDir}/${l.id}.eml`;
    const messageId = input.messageIds?.get(item.item_id) ?? newMessageId(settings['sender.email']);
    const message = permissionEmail(l, item.outcome_at, settings, templates, date, now);
    files.push({ name, path: at(name), data: buildEml(message, messageId) });
    rows.push([l.id, l.first_name, l.last_name, l.company, l.email, message.subject, name, messageId]);
  }
  return { files, csvText: csv(['lead_id', 'first_name', 'last_name', 'company', 'email', 'subject', 'file', 'message_id'], rows) };
}

/** The permission email to a lead who agreed to it on the call made at `agreedAt`. */
export function permissionEmail(l: BatchLead, agreedAt: string, settings: Settings, templates: Templates, date: string, now: Date): EmailMessage {
  const values = mergeValues(l, settings, date);
  const body = renderBody(templates.email, values).replace(/\n+$/, '') + '\n\n' + emailFooter(settings, new Date(agreedAt));
  return {
    from: { name: settings['sender.name'], email: settings['sender.email'].trim() },
    to: { name: personName(l) || l.company || '', email: l.email!.trim() },
    subject: renderSubject(templates.email, values),
    date: now,
    body,
    unsubscribeUrl: settings['email.unsubscribe_url']?.trim() || undefined,
  };
}

/**
 * Under every email: who sends it and their postal address (CAN-SPAM asks for it), when the
 * person agreed to it (the call's date and time), and how to opt out.
 */
export function emailFooter(s: Settings, agreedAt: Date): string {
  const who = [s['sender.name'], s['sender.company']].filter((v) => v?.trim()).join(', ');
  const address = senderLines(s).slice(s['sender.company']?.trim() ? 2 : 1);
  if (s['sender.country']?.trim()) address.push(s['sender.country'].trim());
  const when = agreedAt.toLocaleString('en-US', { dateStyle: 'long', timeStyle: 'short' });
  return [
    '-- ',
    who,
    address.join(', '),
    `You are getting this email because you agreed to it when we spoke on the phone on ${when}. If you would rather not hear from ${
      s['sender.company']?.trim() || s['sender.name']
    } by email, reply with "unsubscribe" and you will not be emailed again.`,
    '',
  ].join('\n');
}

/** A follow-up as a calendar event: its UID is the item's, the same in follow-ups.ics and on the calendar. */
export function followUpEvent(f: Pick<Entry, 'lead'> & { item: Pick<Entry['item'], 'item_id' | 'last_note'>; at: Date }) {
  const l = f.lead;
  const name = displayName(l);
  const description = [
    l.company && name !== l.company ? `Company: ${l.company}` : null,
    l.phone ? `Phone: ${l.phone}` : null,
    l.email ? `Email: ${l.email}` : null,
    l.stage ? `Stage: ${l.stage}` : null,
    f.item.last_note ? `Last note: ${f.item.last_note}` : null,
    `Lead: leads show ${l.id}`,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    uid: `leads-follow-up-${f.item.item_id}-${l.id}@leads`,
    start: f.at,
    minutes: 15,
    summary: `Follow up: ${name}${l.company && name !== l.company ? ` (${l.company})` : ''}`,
    description,
  };
}
