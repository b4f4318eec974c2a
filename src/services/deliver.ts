// Delivering a batch's emails and follow-ups: into the mailbox's Drafts folder or sent by
// SMTP, and onto the CalDAV calendar, after the sort wrote the files. Nothing twice:
//   - before a message goes, the mailbox is asked whether its Message-ID is already in Drafts
//     or Sent (an earlier run that was killed after the server took it);
//   - `sending` is committed before the message leaves; a run that finds one left by a killed
//     run asks the mailbox, and a send it cannot find there is held as unsure, never sent
//     again by itself (`leads batches ID --deliver --resend LEAD` sends it);
//   - an event is a resource named after its UID: putting it again replaces it.
// Nothing wrong: the contact rules are checked again now, not only when the batch was made.
// The mail and calendar clients load here only, when there is something to deliver.
import type { DB } from '../store/db.js';
import { currentSettings } from '../store/settings.js';
import { deliveriesIn, markDelivered, markSending, markState, markWaiting, sentBetween } from '../store/deliveries.js';
import {
  causeOf,
  problemLine,
  sendAllowance,
  stopsTheRun,
  withholdReason,
  type Cause,
  type DeliveryItem,
  type DeliveryMode,
  type EmailDelivery,
  type FailureFacts,
  type Problem,
} from '../core/delivery.js';
import { choiceSetting, intSetting, type Settings } from '../core/settings.js';
import { followUpAt, letterDate } from '../core/sort.js';
import { toIso } from '../core/dates.js';
import { dayStart } from '../core/outcome.js';
import { loadTemplates, type Templates } from '../batches/templates.js';
import { buildEml } from '../batches/eml.js';
import { followUpEvent, permissionEmail } from '../batches/write.js';
import { secretFrom, SecretCommandError } from '../delivery/secret.js';
import { trustedCertificates } from '../delivery/trust.js';
import type { Account, Mailbox, Outbox } from '../delivery/mail.js';

export interface DeliveryRun {
  /** the sends of its local day count toward email.daily_limit */
  now: Date;
  /** the password commands run with this environment and folder */
  env: NodeJS.ProcessEnv;
  cwd: string;
  templatesDir: string;
  /** only this batch (`leads batches ID --deliver`): its emails and events never delivered too, and its events put again */
  batchId?: number;
  /** leads whose unsure send is to be sent all the same */
  resend?: number[];
}

export interface DeliverySummary {
  email_mode: EmailDelivery;
  emails: {
    delivered: number;
    /** found on the server already (a killed run's, or one sent by hand with the same Message-ID) */
    already_there: number;
    /** left for the next day: email.daily_limit */
    over_limit: number;
    /** still to deliver, for the causes in problems (or over the limit) */
    waiting: number;
    /** leads whose send was interrupted and cannot be found in Sent */
    unsure: number[];
  };
  events: { created: number; updated: number; waiting: number };
  withheld: { lead_id: number; kind: string; reason: string }[];
  problems: (Problem & { line: string })[];
}

type Tally = DeliverySummary;

export async function deliver(db: DB, run: DeliveryRun): Promise<DeliverySummary> {
  const read = db.transaction(() => {
    const settings = currentSettings(db);
    const states = run.batchId !== undefined ? (['files', 'waiting', 'sending', 'unsure', 'delivered'] as const) : (['waiting', 'sending', 'unsure'] as const);
    return { settings, items: deliveriesIn(db, [...states], run.batchId) };
  });
  const { settings, items } = read();
  const tally: Tally = {
    email_mode: choiceSetting(settings, 'email.deliver') as EmailDelivery,
    emails: { delivered: 0, already_there: 0, over_limit: 0, waiting: 0, unsure: [] },
    events: { created: 0, updated: 0, waiting: 0 },
    withheld: [],
    problems: [],
  };
  const resend = new Set(run.resend ?? []);
  const open: DeliveryItem[] = [];
  for (const d of items) {
    if (d.state === 'unsure' && !resend.has(d.lead.id)) {
      if (d.kind === 'email') tally.emails.unsure.push(d.lead.id);
      continue;
    }
    if (d.state === 'delivered' && d.kind === 'email') continue;
    const reason = withholdReason(d);
    if (reason && d.state === 'delivered') continue; // an event already on the calendar is not put again, nor unrecorded
    if (reason) {
      db.transaction(() => markState(db, d.item_id, 'withheld', reason)).immediate();
      tally.withheld.push({ lead_id: d.lead.id, kind: d.kind, reason });
      continue;
    }
    open.push(d);
  }
  const emails = open.filter((d) => d.kind === 'email');
  const events = open.filter((d) => d.kind === 'follow_up');
  const retry = run.batchId !== undefined ? `leads batches ${run.batchId} --deliver` : 'the next `leads sort` tries again (or leads batches ID --deliver)';
  const templates = emails.length ? loadTemplates(run.templatesDir) : null;
  if (emails.length) await deliverEmails(db, emails, settings, templates!, run, tally, retry);
  if (events.length && settings['calendar.url'].trim()) await deliverEvents(db, events, settings, run, tally, retry);
  else tally.events.waiting += events.filter((d) => d.state !== 'delivered' && d.state !== 'files').length;
  return tally;
}

/** Records a problem for these items, which wait with its cause. */
function hold(db: DB, tally: Tally, p: Problem, items: DeliveryItem[], mode: DeliveryMode, retry: string): void {
  if (!items.length) return;
  db.transaction(() => markWaiting(db, items.map((d) => d.item_id), mode, p.cause)).immediate();
  const same = tally.problems.find((q) => q.cause === p.cause && q.channel === p.channel && q.where === p.where);
  if (same) {
    same.leads.push(...p.leads);
    same.line = problemLine(same, retry);
  } else tally.problems.push({ ...p, line: problemLine(p, retry) });
  if (p.channel === 'email') tally.emails.waiting += items.length;
  else tally.events.waiting += items.length;
}

/** What an error of a client, a socket or the password command tells of its cause. */
function factsOf(e: unknown): FailureFacts & { detail: string } {
  const err = e as Error & Record<string, unknown>;
  const code = typeof err.code === 'string' ? err.code : undefined;
  const status = typeof err.responseCode === 'number' ? err.responseCode : typeof err.status === 'number' ? err.status : undefined;
  const responseCode = typeof err.serverResponseCode === 'string' ? err.serverResponseCode : undefined;
  // the reply code and its class, never the server's text (it may quote an address)
  const detail = code ?? (status ? `${status}` : responseCode) ?? 'an error';
  return { code, status, responseCode, authenticationFailed: err.authenticationFailed === true, detail };
}

/** The secret of a password command, or the problem that it could not be had. */
async function secretOf(key: string, settings: Settings, run: DeliveryRun): Promise<{ secret: string } | { problem: string }> {
  try {
    return { secret: await secretFrom(settings[key], run.env, run.cwd) };
  } catch (e) {
    if (e instanceof SecretCommandError) return { problem: e.message };
    throw e;
  }
}

/** The settings a mode needs and lacks. */
function missingFor(mode: EmailDelivery, s: Settings): string[] {
  const need = mode === 'drafts' ? ['email.imap_host', 'email.user', 'email.password_command'] : ['email.smtp_host', 'email.user', 'email.password_command'];
  return need.filter((k) => !s[k].trim());
}

async function deliverEmails(db: DB, items: DeliveryItem[], settings: Settings, templates: Templates, run: DeliveryRun, tally: Tally, retry: string): Promise<void> {
  const mode = tally.email_mode;
  const leads = items.map((d) => d.lead.id);
  if (mode === 'files') {
    // asked to deliver with nothing to deliver by: said, and nothing marked
    const p: Problem = { cause: 'settings', channel: 'email', where: 'email.deliver is files; set it to drafts or send to deliver them', leads };
    tally.problems.push(toProblem(p, retry));
    tally.emails.waiting += items.filter((d) => d.state !== 'files').length;
    return;
  }
  const missing = missingFor(mode, settings);
  if (missing.length) {
    hold(db, tally, { cause: 'settings', channel: 'email', where: `email.deliver ${mode} needs ${missing.join(', ')} (leads config set KEY VALUE)`, leads }, items, mode, retry);
    return;
  }
  const got = await secretOf('email.password_command', settings, run);
  if ('problem' in got) {
    hold(db, tally, { cause: 'password command', channel: 'email', where: 'email.password_command', detail: got.problem, leads }, items, mode, retry);
    return;
  }
  const account = (host: string, port: string): Account => ({
    host: settings[host].trim(),
    port: intSetting(settings, port),
    user: settings['email.user'].trim(),
    secret: got.secret,
    oauth2: choiceSetting(settings, 'email.auth') === 'oauth2',
    ca: trustedCertificates(run.env),
  });
  const { openMailbox, openOutbox } = await import('../delivery/mail.js');
  const imap = settings['email.imap_host'].trim() ? account('email.imap_host', 'email.imap_port') : null;
  const smtp = mode === 'send' ? account('email.smtp_host', 'email.smtp_port') : null;
  const where = (a: Account) => `${a.host}:${a.port}`;
  let mailbox: Mailbox | null = null;
  let outbox: Outbox | null = null;
  try {
    try {
      mailbox = imap ? await openMailbox(imap) : null;
    } catch (e) {
      const f = factsOf(e);
      hold(db, tally, { cause: causeOf(f), channel: 'email', where: where(imap!), detail: f.detail, leads }, items, mode, retry);
      return;
    }
    if (mode === 'drafts' && !mailbox!.drafts) {
      hold(db, tally, { cause: 'no drafts folder', channel: 'email', where: where(imap!), leads }, items, mode, retry);
      return;
    }
    const todo = await settleInterrupted(db, items, mode, mailbox, run, tally);
    if (!todo.length) return;
    if (smtp) {
      try {
        outbox = await openOutbox(smtp);
      } catch (e) {
        const f = factsOf(e);
        hold(db, tally, { cause: causeOf(f), channel: 'email', where: where(smtp), detail: f.detail, leads: todo.map((d) => d.lead.id) }, todo, mode, retry);
        return;
      }
    }
    await handOver(db, todo, { mode, settings, templates, run, tally, retry, mailbox, outbox, where: where(smtp ?? imap!) });
  } finally {
    outbox?.close();
    await mailbox?.close();
  }
}

/**
 * Sends left `sending` by a run that was killed (or lost its connection): found in the
 * mailbox, they are delivered; a draft not found is appended again (the mailbox is where it
 * would be); a send not found may still have gone, and is held as unsure unless resent.
 */
async function settleInterrupted(db: DB, items: DeliveryItem[], mode: 'drafts' | 'send', mailbox: Mailbox | null, run: DeliveryRun, tally: Tally): Promise<DeliveryItem[]> {
  const todo: DeliveryItem[] = [];
  const resend = new Set(run.resend ?? []);
  for (const d of items) {
    if (d.state !== 'sending' && d.state !== 'unsure') {
      todo.push(d);
      continue;
    }
    const at = mailbox ? await mailbox.find(d.key) : null;
    if (at) {
      db.transaction(() => markDelivered(db, d.item_id, d.mode ?? mode, toIso(run.now), at)).immediate();
      tally.emails.already_there++;
    } else if (d.mode === 'send' && !resend.has(d.lead.id)) {
      db.transaction(() => markState(db, d.item_id, 'unsure', 'the program stopped while sending it, and Sent does not show it')).immediate();
      tally.emails.unsure.push(d.lead.id);
    } else todo.push(d);
  }
  return todo;
}

interface HandOver {
  mode: 'drafts' | 'send';
  settings: Settings;
  templates: Templates;
  run: DeliveryRun;
  tally: Tally;
  retry: string;
  mailbox: Mailbox | null;
  outbox: Outbox | null;
  where: string;
}

/** Each email in turn: asked after on the server, claimed, handed over, recorded. */
async function handOver(db: DB, todo: DeliveryItem[], h: HandOver): Promise<void> {
  const { mode, settings, run, tally } = h;
  let allowance = mode === 'send'
    ? sendAllowance(intSetting(settings, 'email.daily_limit'), sentBetween(db, toIso(dayStart(run.now, 0)), toIso(dayStart(run.now, 1))))
    : Infinity;
  const date = letterDate(run.now);
  for (let i = 0; i < todo.length; i++) {
    const d = todo[i];
    const at = h.mailbox ? await h.mailbox.find(d.key).catch((e) => e as Error) : null;
    if (at instanceof Error) {
      stop(db, h, todo.slice(i), at);
      return;
    }
    if (at) {
      db.transaction(() => markDelivered(db, d.item_id, mode, toIso(run.now), at)).immediate();
      tally.emails.already_there++;
      continue;
    }
    if (allowance <= 0) {
      db.transaction(() => markWaiting(db, [d.item_id], mode, 'daily limit')).immediate();
      tally.emails.over_limit++;
      tally.emails.waiting++;
      continue;
    }
    const message = permissionEmail(d.lead, d.outcome_at, settings, h.templates, date, run.now);
    const raw = buildEml(message, d.key, { file: false });
    if (!db.transaction(() => markSending(db, d.item_id, d.state, mode, toIso(run.now))).immediate()) continue; // another run has it
    try {
      const ref = mode === 'drafts' ? await h.mailbox!.appendDraft(raw) : await h.outbox!.send(raw, message.from.email, message.to.email);
      db.transaction(() => markDelivered(db, d.item_id, mode, toIso(run.now), ref.slice(0, 200))).immediate();
      tally.emails.delivered++;
      allowance--;
    } catch (e) {
      const f = factsOf(e);
      // a send the server neither took nor refused stays `sending`: the next run looks for it
      if (mode === 'send' && f.status === undefined) {
        tally.problems.push(toProblem({ cause: causeOf(f), channel: 'email', where: h.where, detail: f.detail, leads: [d.lead.id] }, h.retry));
        tally.emails.unsure.push(d.lead.id);
        if (stopsTheRun(causeOf(f))) return stop(db, h, todo.slice(i + 1), e);
        continue;
      }
      if (stopsTheRun(causeOf(f))) return stop(db, h, todo.slice(i), e);
      hold(db, tally, { cause: causeOf(f), channel: 'email', where: h.where, detail: f.detail, leads: [d.lead.id] }, [d], mode, h.retry);
    }
  }
}

const toProblem = (p: Problem, retry: string) => ({ ...p, line: problemLine(p, retry) });

/** A failure of the server itself: every email not yet handed over waits with its cause. */
function stop(db: DB, h: HandOver, rest: DeliveryItem[], e: unknown): void {
  const f = factsOf(e);
  hold(db, h.tally, { cause: causeOf(f), channel: 'email', where: h.where, detail: f.detail, leads: rest.map((d) => d.lead.id) }, rest, h.mode, h.retry);
}

async function deliverEvents(db: DB, items: DeliveryItem[], settings: Settings, run: DeliveryRun, tally: Tally, retry: string): Promise<void> {
  const url = settings['calendar.url'].trim();
  const leads = items.map((d) => d.lead.id);
  const user = settings['calendar.user'].trim();
  let password = '';
  if (user) {
    if (!settings['calendar.password_command'].trim()) {
      hold(db, tally, { cause: 'settings', channel: 'calendar', where: 'calendar.user is set and calendar.password_command is not', leads }, items, 'calendar', retry);
      return;
    }
    const got = await secretOf('calendar.password_command', settings, run);
    if ('problem' in got) {
      hold(db, tally, { cause: 'password command', channel: 'calendar', where: 'calendar.password_command', detail: got.problem, leads }, items, 'calendar', retry);
      return;
    }
    password = got.secret;
  }
  const { openCalendar, CalendarError } = await import('../delivery/caldav.js');
  const { buildIcs } = await import('../batches/ics.js');
  const failed = (e: unknown, rest: DeliveryItem[]) => {
    if (!(e instanceof CalendarError)) throw e;
    const f = { code: e.code, status: e.status };
    const cause: Cause = e.status === 404 || e.status === 405 ? 'no calendar' : causeOf(f);
    hold(db, tally, { cause, channel: 'calendar', where: url, detail: e.code ?? e.message, leads: rest.map((d) => d.lead.id) }, rest, 'calendar', retry);
  };
  let calendar;
  try {
    calendar = await openCalendar(url, user, password, trustedCertificates(run.env));
  } catch (e) {
    return failed(e, items);
  }
  const reminder = intSetting(settings, 'calendar.reminder_minutes');
  for (let i = 0; i < items.length; i++) {
    const d = items[i];
    const event = followUpEvent({ lead: d.lead, item: d, at: followUpAt(d.lead, d.outcome_at) });
    if (!db.transaction(() => markSending(db, d.item_id, d.state, 'calendar', toIso(run.now))).immediate()) continue;
    try {
      const created = await calendar.put(event.uid, buildIcs([event], run.now, reminder));
      db.transaction(() => markDelivered(db, d.item_id, 'calendar', toIso(run.now), null)).immediate();
      // some servers answer 201 to a replacement too: an event delivered before was updated
      if (created && d.state !== 'delivered') tally.events.created++;
      else tally.events.updated++;
    } catch (e) {
      return failed(e, items.slice(i));
    }
  }
}

/** One delivery check of `leads doctor`: what was tried and what came of it. */
export interface DeliveryCheck {
  what: 'imap' | 'smtp' | 'calendar';
  ok: boolean;
  said: string;
}

/**
 * `leads doctor`'s look at the delivery settings that are set: logs in to the mailbox (and
 * finds Drafts and Sent), to the SMTP server, to the calendar, and sends nothing.
 */
export async function deliveryChecks(db: DB, env: NodeJS.ProcessEnv, cwd: string): Promise<DeliveryCheck[]> {
  const settings = currentSettings(db);
  const mode = choiceSetting(settings, 'email.deliver') as EmailDelivery;
  const checks: DeliveryCheck[] = [];
  const run = { env, cwd } as DeliveryRun;
  const failing = (what: DeliveryCheck['what'], where: string, e: unknown, secret: string): DeliveryCheck => {
    if (e instanceof Error && e.name === 'CalendarError' && [404, 405].includes((e as { status?: number }).status ?? 0)) {
      return { what, ok: false, said: problemLine({ cause: 'no calendar', channel: 'calendar', where, detail: e.message, leads: [] }, 'fix it') };
    }
    const f = factsOf(e);
    const cause = causeOf(f);
    const said = cause === 'wrong password' ? `${where} refused the user name or password (see ${secret})` : `${where}: ${cause} (${f.detail})`;
    return { what, ok: false, said };
  };
  const wanted: DeliveryCheck['what'][] = [];
  if (mode === 'drafts' || (mode === 'send' && settings['email.imap_host'].trim())) wanted.push('imap');
  if (mode === 'send') wanted.push('smtp');
  if (wanted.length) {
    const missing = missingFor(mode, settings);
    const got = missing.length ? null : await secretOf('email.password_command', settings, run);
    for (const what of wanted) {
      const host = settings[`email.${what}_host`].trim();
      const port = intSetting(settings, `email.${what}_port`);
      const where = `${host}:${port}`;
      if (missing.length) checks.push({ what, ok: false, said: `email.deliver ${mode} needs ${missing.join(', ')}` });
      else if ('problem' in got!) checks.push({ what, ok: false, said: `email.password_command failed (${got.problem})` });
      else {
        const a: Account = { host, port, user: settings['email.user'].trim(), secret: got!.secret, oauth2: settings['email.auth'] === 'oauth2', ca: trustedCertificates(env) };
        const { openMailbox, openOutbox } = await import('../delivery/mail.js');
        try {
          if (what === 'imap') {
            const box = await openMailbox(a);
            await box.close();
            const ok = mode !== 'drafts' || Boolean(box.drafts);
            checks.push({ what, ok, said: `logged in to ${where} as ${a.user}; Drafts: ${box.drafts ?? 'none (no mailbox flagged \\Drafts)'}, Sent: ${box.sent ?? 'none'}` });
          } else {
            (await openOutbox(a)).close();
            checks.push({ what, ok: true, said: `logged in to ${where} as ${a.user}` });
          }
        } catch (e) {
          checks.push(failing(what, where, e, 'email.password_command'));
        }
      }
    }
  }
  const url = settings['calendar.url'].trim();
  if (url) {
    const user = settings['calendar.user'].trim();
    const got = user ? await secretOf('calendar.password_command', settings, run) : { secret: '' };
    if ('problem' in got) checks.push({ what: 'calendar', ok: false, said: `calendar.password_command failed (${got.problem})` });
    else {
      const { openCalendar } = await import('../delivery/caldav.js');
      try {
        const cal = await openCalendar(url, user, got.secret, trustedCertificates(env));
        checks.push({ what: 'calendar', ok: true, said: `logged in${user ? ` as ${user}` : ''}; found the calendar ${cal.name}` });
      } catch (e) {
        checks.push(failing('calendar', url, e, 'calendar.password_command'));
      }
    }
  }
  return checks;
}
