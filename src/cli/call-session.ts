// The calling session: a lead card, an outcome by one keystroke, a note, a date or an
// email where the code needs one; every outcome committed before the next card shows.
// Ctrl-C at any prompt ends the session: what was answered is saved, the summary printed,
// and the last line says what of the card on screen was kept and what was not. A full disk
// keeps the card: the outcome typed can be given again once there is space.
import type { Context, Prompter } from './context.js';
import { printCallCard } from './call-card.js';
import { printPairs } from './output.js';
import { Cancelled, UsageError, RunError } from '../core/errors.js';
import { displayName, type LeadRow } from '../core/lead.js';
import { formatLocal, formatNext, nextBusinessDay, parseWhen, WHEN_FORMS } from '../core/dates.js';
import { emailAddress } from '../core/normalise.js';
import type { QueueEntry } from '../core/queue.js';
import { RESULTS, type CallResult, type PostalAddress } from '../core/outcome.js';
import { missingAddress } from '../core/sort.js';
import { codeRules, type CodeRow } from '../core/codes.js';
import { formatClock, formatMinutes, formatTalk, sessionFigures, talkSeconds } from '../core/session.js';
import { dialArgv, phoneTarget, type DialTarget } from '../core/dial.js';
import { visible } from './safe.js';
import { wrapItems, wrapWidth, wrapWords } from './wrap.js';
import { createDialer, type Dialer } from './dial.js';
import { QUEUE_COUNT_CAP, type QueueCounts, type QueueOptions } from '../services/queue.js';
import { CallSession, type SessionSummary } from '../services/session.js';
import { databaseFull, isDiskFull } from '../store/db.js';
import { CLAIM_RENEW_MS } from '../core/claims.js';
import { MOVES, OPEN_STAGES, parseStage, planMove } from '../core/cycle.js';

export interface SessionOptions extends QueueOptions {
  /** stop after this many calls */
  limit?: number;
}

const RESULT_KEYS: Record<string, CallResult> = { a: 'no_answer', v: 'voicemail', b: 'busy', o: 'someone_else' };

/**
 * A write the session must not lose: when another process holds the write lock (one big
 * import is one transaction, minutes for a million rows), it says so on the session's
 * screen and tries again and again, a turn of the event loop between tries, where Ctrl-C
 * is heard (a write waiting inside SQLite would not hear it), instead of ending the
 * session and dropping the answer typed.
 */
async function patiently<T>(ctx: Context, write: () => T): Promise<T> {
  ctx.retryWhenBusy();
  let told = false;
  for (;;) {
    try {
      return write();
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
      if (!told) ctx.io.out(ctx.io.style.yellow('waiting for another leads command to finish with the database, to save this… (Ctrl-C gives up)'));
      told = true;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** The dial keys and the call clock of the card on screen. */
interface CallLine {
  command: string;
  auto: boolean;
  /** the mobile, then the further phones: `m` dials the next of them at each press */
  others: DialTarget[];
  pressedM: number;
  dialer?: Dialer;
  /** when the card showed, and the first dial from it (monotonic ms): the call is timed from the dial, else the card */
  shownAt: number;
  dialledAt?: number;
  /** the last key pressed on the card (monotonic ms), and how long after it talk time stops */
  keyAt: number;
  idleMs: number;
}

const seconds = (c: CallLine) => talkSeconds(c.dialledAt ?? c.shownAt, c.keyAt, performance.now(), c.idleMs);
const idle = (c: CallLine) => performance.now() - c.keyAt > c.idleMs;

/** Dials one of the lead's numbers through dial.command; a dial that cannot start is one line on the card. */
async function dialLead(ctx: Context, c: CallLine, target: DialTarget | undefined, missing: string, session: CallSession): Promise<void> {
  const s = ctx.io.style;
  if (!c.command) return ctx.io.out(s.yellow('no dial.command set; e.g. leads config set dial.command "xdg-open {tel}"'));
  if (!target) return ctx.io.out(s.yellow(missing));
  if (!target.number) return ctx.io.out(s.yellow(`the ${visible(target.what)} ${visible(target.written)} is not a number that can be dialled`));
  if (target.e164 && session.mayNotDial(target.e164)) return ctx.io.out(s.yellow(`the ${visible(target.what)} ${target.e164} is on the do-not-call list: not dialled`));
  let failed: string | null;
  try {
    c.dialer ??= createDialer();
    failed = await c.dialer.dial(dialArgv(c.command, target.number, target.ext));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    failed = e.message;
  }
  if (failed) return ctx.io.out(s.red(failed));
  if (!idle(c)) c.keyAt = performance.now();
  c.dialledAt ??= performance.now();
  await patiently(ctx, () => session.dialled());
  // a number that is not valid where the lead is goes out as written, and the card says so
  ctx.io.out(s.dim(`dialling the ${visible(target.what)} ${target.number}${target.e164 ? '' : ' (as written: not a valid number in the lead\'s country)'}`));
}

/** The one-line word for a key that means nothing at the outcome prompt. */
function missWord(codes: number[], keys: string): (typed: string) => string {
  return (typed) => `${/^\d+$/.test(typed) ? `no code ${typed}` : `no key ${typed}`}: the codes are ${codes.join(' ')}; the keys ${keys}`;
}

/**
 * The keys' legend under a card: the codes, then the other keys after a `|`, on one line if
 * it fits; else the codes and the keys each wrapped between their items.
 */
function legendLines(codeItems: string[], keyItems: string[], width: number): string[] {
  const one = wrapItems([codeItems.join(' · '), keyItems.join(' · ')], width, '  |  ');
  return one.length === 1 ? one : [...wrapItems(codeItems, width, ' · '), ...wrapItems(keyItems, width, ' · ')];
}

export async function runSession(ctx: Context, o: SessionOptions): Promise<void> {
  const io = ctx.io;
  const ask: Prompter = await ctx.prompter();
  const session = new CallSession(ctx.db(), ctx.now(), o);
  const codes = session.codes;
  const codeItems = [...codes.values()].map((c) => `${c.code} ${c.label}`);
  const others = ['s skip', 'u undo', 'n note', 'd dial', 'm mobile', 'q quit'];
  const keys = [...[...codes.keys()].map(String), 's', 'u', 'n', 'd', 'm', 'q'];
  const miss = missWord([...codes.keys()], 's u n d m q');
  const cycleMiss = missWord([...codes.keys()], 's u n d m q t');
  const line: CallLine = { command: '', auto: false, others: [], pressedM: 0, shownAt: 0, keyAt: 0, idleMs: 0 };
  const skipped = new Set<number>();
  /** this session's outcomes, newest last: what `u` takes back */
  const logged: { leadId: number; touchId: number; code: number }[] = [];
  let again: number | undefined;
  /** the queue's count and the cards done when it was read */
  let counted: Counted | undefined;
  let shown = 0;
  /** Ctrl-C: what of the card on screen was kept or not, for the last line */
  let interrupted: { card: string | null } | undefined;
  // the card's lead stays this session's while it is on screen, however long the call
  const beat = setInterval(() => session.renewClaim(), CLAIM_RENEW_MS);
  beat.unref();

  try {
    cards: for (;;) {
      if (o.limit !== undefined && logged.length >= o.limit) {
        io.out(io.style.dim(`\n${o.limit} call${o.limit === 1 ? '' : 's'} made: the --limit is reached`));
        break;
      }
      const entry = await nextCard(ctx, session, skipped, again);
      // a lead shown again after an undo was just called: it is not dialled again by itself
      const undone = again !== undefined && entry?.lead.id === again;
      again = undefined;
      if (!entry) break;
      const lead = entry.lead;
      shown++;
      const done = logged.length + skipped.size;
      if (!counted || ctx.now().getTime() - counted.at >= RECOUNT_MS) counted = { at: ctx.now().getTime(), counts: session.counts(ctx.now(), skipped), done };
      printCallCard(io, entry, session.history(lead.id), codes, cardPlace(counted, logged.length, skipped.size, o.limit), ctx.now());
      const inCycle = lead.status === 'cycle' && (OPEN_STAGES as readonly (string | null)[]).includes(lead.stage);
      for (const l of legendLines(codeItems, inCycle ? [...others, 't stage'] : others, wrapWidth(io))) io.out(io.style.dim(l));
      // read at each card: a dial.command set in another terminal counts from the next lead
      Object.assign(line, {
        ...session.dialling(lead),
        pressedM: 0,
        shownAt: performance.now(),
        keyAt: performance.now(),
        idleMs: session.idleMinutes() * 60_000,
        dialledAt: undefined,
      });
      const first = [phoneTarget(lead), ...line.others].find((t) => t?.number);
      if (line.auto && line.command && !undone && first) await dialLead(ctx, line, first, '', session);

      for (;;) {
        const k = await ask.key('outcome>', inCycle ? [...keys, 't'] : keys, {
          miss: inCycle ? cycleMiss : miss,
          status: () => io.style.dim(`[${formatClock(seconds(line))}${idle(line) ? ' idle' : ''}]`),
          notices: () => line.dialer?.drain().map((n) => io.style.red(n)) ?? [],
        });
        // a key on the card: the call goes on (talk time stops call.idle_minutes after the last one)
        if (!idle(line)) line.keyAt = performance.now();
        if (k === 'q') break cards;
        if (k === 'd') {
          await dialLead(ctx, line, phoneTarget(lead) ?? undefined, 'no phone number on this lead', session);
          continue;
        }
        if (k === 'm') {
          const next = line.others[line.pressedM++ % Math.max(1, line.others.length)];
          await dialLead(ctx, line, next, 'no mobile or other number on this lead', session);
          continue;
        }
        if (k === 't') {
          // a follow-up came due: the answer moves the lead through the cycle
          // the follow-up call ends with `t`, as a call ends with its code
          const moved = await askStage(ctx, ask, lead, session, Math.round(seconds(line)));
          if (!moved) continue;
          skipped.add(lead.id);
          continue cards;
        }
        if (k === 's') {
          skipped.add(lead.id);
          await patiently(ctx, () => session.release());
          io.out(io.style.dim(`skipped #${lead.id}`));
          continue cards;
        }
        if (k === 'u') {
          const undone = await undoLast(ctx, session, logged);
          if (undone === undefined) continue;
          again = undone;
          continue cards;
        }
        if (k === 'n') {
          await noteOnCard(ctx, ask, lead.id, session);
          continue;
        }

        const code = codes.get(Number(k))!;
        // the call ends with its code: the questions after it are not time on the phone
        const touchId = await logCall(ctx, ask, lead, code, session, Math.round(seconds(line)));
        if (touchId === undefined) continue;
        logged.push({ leadId: lead.id, touchId, code: code.code });
        continue cards;
      }
    }
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    interrupted = { card: e.message === 'cancelled' ? null : e.message };
  } finally {
    clearInterval(beat);
  }
  await printSummary(ctx, session, shown, interrupted);
}

/**
 * Asks what the code needs and records the call with its length; the call touch's id, or
 * undefined when nothing was logged (a question left empty, an outcome refused).
 */
async function logCall(ctx: Context, ask: Prompter, lead: LeadRow, code: CodeRow, session: CallSession, durationS: number): Promise<number | undefined> {
  const io = ctx.io;
  const answers = await askOutcome(ctx, ask, code, lead).catch((e: unknown) => {
    // Ctrl-C at a question the code needs: this call is not logged, and the last line says so
    if (e instanceof Cancelled) throw new Cancelled(`code ${code.code} for #${lead.id} was not logged (${NEEDS[code.action] ?? 'its questions were not answered'})`);
    throw e;
  });
  if (!answers) {
    io.out(io.style.dim('(no outcome logged; choose again)'));
    return undefined;
  }
  try {
    const r = await patiently(ctx, () =>
      session.log(
        { leadId: lead.id, code: code.code, note: answers.note, next: answers.next, result: answers.result, email: answers.email, address: answers.address, durationS },
        ctx.now(),
      ),
    );
    const width = wrapWidth(io);
    for (const w of r.plan.warnings) for (const l of wrapWords(w, width, '  ')) io.out(io.style.yellow(l));
    const said = [
      `✓ #${lead.id} code ${code.code} ${code.label} (${formatClock(durationS)})`,
      r.plan.batchItem ? `${r.plan.batchItem.replace('_', '-')} for tonight's sort` : '',
      r.lead.next_contact_at ? `next contact ${formatNext(r.lead.next_contact_at)}` : '',
    ].filter(Boolean);
    // broken between its parts, so that a date and its time stay on one line
    for (const l of wrapItems(said.map((p, i) => (i < said.length - 1 ? `${p};` : p)), width, ' ', '  ')) io.out(io.style.green(l));
    // Ctrl-C at the note: the outcome is saved (with the note as far as it was typed), then the session ends
    if (answers.interrupted) throw new Cancelled(`code ${code.code} for #${lead.id} is saved${answers.note ? ' with the note typed' : ''}`);
    return r.touchId;
  } catch (e) {
    if (e instanceof UsageError || e instanceof RunError) {
      io.out(io.style.red(e.message));
      return undefined;
    }
    if (isDiskFull(e)) {
      io.out(io.style.red(`${databaseFull(e)}: code ${code.code} for #${lead.id} was not saved; free some space, then give the code again`));
      return undefined;
    }
    throw e;
  }
}

/** What a code's questions were for, said when Ctrl-C left them unanswered. */
const NEEDS: Partial<Record<CodeRow['action'], string>> = {
  retry: 'it needs the result of the call',
  callback: 'it needs a call-back date',
  email: 'it needs an email address',
  letter: 'its postal address was not finished',
  finish: 'it needs a follow-up date',
};

/** `n`: a note on the lead on screen; Ctrl-C keeps what was typed of it. */
async function noteOnCard(ctx: Context, ask: Prompter, leadId: number, session: CallSession): Promise<void> {
  const save = async (text: string) => {
    try {
      await patiently(ctx, () => session.note(leadId, text, ctx.now()));
      return true;
    } catch (e) {
      if (!isDiskFull(e)) throw e;
      ctx.io.out(ctx.io.style.red(`${databaseFull(e)}: the note was not saved; free some space, then write it again`));
      return false;
    }
  };
  let text: string;
  try {
    text = (await ask.input('Note')).trim();
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
    const typed = e.typed?.trim();
    if (typed && (await save(typed))) throw new Cancelled(`the note typed on #${leadId} is saved`);
    throw new Cancelled(`no note was saved on #${leadId}`);
  }
  if (text && (await save(text))) ctx.io.out(ctx.io.style.dim('note saved'));
}

/**
 * The queue is counted again when its count is this old: leads come into their calling hours
 * as the session goes on, and a count at a million leads takes a few tenths of a second.
 */
const RECOUNT_MS = 5 * 60_000;

interface Counted {
  at: number;
  counts: QueueCounts;
  /** cards called or skipped when it was counted */
  done: number;
}

/**
 * The card's place among the leads callable now, with those held back by the hour beside
 * it: "call 3 of 12 now; 201 held back by the hour".
 */
function cardPlace({ counts, done }: Counted, calls: number, skips: number, limit: number | undefined): string {
  const place = calls + skips + 1;
  const callable = done + counts.now;
  // --limit counts calls: a skipped lead makes room for one more card
  const total = Math.max(place, limit ? Math.min(limit + skips, callable) : callable);
  // a part of the queue read only in part: its count is a floor
  const atLeast = (n: number) => (counts.more ? `${Math.min(n, QUEUE_COUNT_CAP)}+` : String(n));
  const held = counts.heldBack ? `; ${atLeast(counts.heldBack)} held back by the hour` : '';
  return `call ${place} of ${limit && total === limit + skips ? total : atLeast(total)} now${held}`;
}

/** The next card: the lead an undo brought back, else the queue's next; none says why the queue is done. */
async function nextCard(ctx: Context, session: CallSession, skipped: Set<number>, again: number | undefined): Promise<QueueEntry | undefined> {
  const found = await patiently(ctx, () => session.next(ctx.now(), skipped, again));
  if (found.entry) return found.entry;
  ctx.io.out('');
  ctx.io.out(
    found.heldBack
      ? `Nothing more to call now: ${found.heldBack} lead${found.heldBack === 1 ? ' is' : 's are'} held back outside 8:00-21:00 their time (\`leads call --any-hour\` calls them).`
      : found.elsewhere
        ? `Nothing more to call now: the rest of the queue is on another calling session's screen (${found.elsewhere} lead${found.elsewhere === 1 ? '' : 's'}).`
        : 'Nothing more to call now: the queue is empty.',
  );
  return undefined;
}

/** `u`: takes back the session's last outcome; the lead to show again, or undefined. */
async function undoLast(ctx: Context, session: CallSession, logged: { leadId: number; touchId: number; code: number }[]): Promise<number | undefined> {
  const io = ctx.io;
  const last = logged[logged.length - 1];
  if (!last) {
    io.out('Nothing to undo in this session.');
    return undefined;
  }
  try {
    const u = await patiently(ctx, () => session.undo(last.leadId, last.touchId, ctx.now()));
    logged.pop();
    io.out(io.style.yellow(`undid code ${last.code} for #${u.lead.id} ${visible(displayName(u.lead))}`));
    return u.lead.id;
  } catch (e) {
    if (e instanceof RunError) {
      io.out(io.style.red(e.message));
      return undefined;
    }
    if (isDiskFull(e)) {
      io.out(io.style.red(`${databaseFull(e)}: code ${last.code} for #${last.leadId} stands; free some space, then undo it again`));
      return undefined;
    }
    throw e;
  }
}

async function printSummary(ctx: Context, session: CallSession, shown: number, interrupted: { card: string | null } | undefined): Promise<void> {
  const io = ctx.io;
  let summary: SessionSummary;
  try {
    summary = await patiently(ctx, () => session.end(ctx.now()));
  } catch (e) {
    if (!isDiskFull(e)) throw e;
    // the figures are read as they stand; only the session's end time could not be written
    summary = session.figures();
    io.out(io.style.red(`${databaseFull(e)}: the end of this session was not recorded`));
  }
  const f = sessionFigures(summary.session, ctx.now());
  io.out('');
  io.out(io.style.bold(interrupted ? 'Session ended (Ctrl-C)' : 'Session ended'));
  printPairs(io, [
    ['length', formatMinutes(f.minutes)],
    ['leads shown', shown],
    ['calls', f.calls],
    ['reached', f.reached],
    ['on the phone', summary.talk.calls ? `${formatTalk(summary.talk.seconds)} (${formatTalk(summary.talk.seconds / summary.talk.calls)} a call)` : null],
    ['dials', summary.session.dials || null],
    ['calls per hour', f.callsPerHour ?? '—'],
  ]);
  for (const c of summary.codes) io.out(`  code ${String(c.code).padStart(2)} ${c.label.padEnd(24)} ${c.calls}`);
  if (!interrupted) return;
  const kept = f.calls ? `the ${f.calls === 1 ? 'call' : `${f.calls} calls`} logged in this session ${f.calls === 1 ? 'is' : 'are'} saved` : 'no call was logged in this session';
  throw new Cancelled(`interrupted: ${kept}${interrupted.card ? `; ${interrupted.card}` : ''}`);
}

/**
 * The stage a follow-up call moved the lead to, a note, and the next follow-up (Enter: the
 * next business day) unless the cycle ended, recorded with the call's length. Returns false
 * when nothing was moved.
 */
async function askStage(ctx: Context, ask: Prompter, lead: LeadRow, session: CallSession, durationS: number): Promise<boolean> {
  const io = ctx.io;
  const leadId = lead.id;
  const from = lead.stage as (typeof OPEN_STAGES)[number];
  const notLogged = (e: unknown) => {
    if (e instanceof Cancelled) throw new Cancelled(`the follow-up call of #${leadId} was not logged (its stage was not given)`);
    throw e;
  };
  const text = (await ask.input(`Stage: ${MOVES[from].join(', ')} (Enter to go back)`).catch(notLogged)).trim();
  if (!text) return false;
  try {
    const to = parseStage(text);
    planMove(lead, to, Infinity); // a move the method does not allow is refused before more questions
    let next: Date | undefined;
    if (to !== 'sold' && to !== 'done') {
      const dflt = nextBusinessDay(ctx.now());
      const when = (await ask.input(`Next follow-up (Enter: ${formatLocal(dflt.toISOString())})`).catch(notLogged)).trim();
      next = when ? parseWhen(when, ctx.now()) : dflt;
    }
    // Ctrl-C at the note: the move is answered, so it is saved with the note as far as it was typed
    let cut: Cancelled | undefined;
    const note = (
      await ask.input('Note (Enter for none)').catch((e: unknown) => {
        if (!(e instanceof Cancelled)) throw e;
        cut = e;
        return e.typed ?? '';
      })
    ).trim() || undefined;
    const r = await patiently(ctx, () => session.stage(leadId, to, ctx.now(), { note, next, durationS }));
    io.out(io.style.green(`✓ #${leadId} ${r.from} → ${r.to}${to === 'thinking' ? ` (thinking ×${r.thinkingCount})` : ''} (${formatClock(durationS)})`));
    if (r.struck) io.out(io.style.yellow(`${r.thinkingCount} "thinking about it" responses: \`leads release\` lets this lead go`));
    if (cut) throw new Cancelled(`the move of #${leadId} to ${r.to} is saved${note ? ' with the note typed' : ''}`);
    return true;
  } catch (e) {
    if (e instanceof UsageError || e instanceof RunError) {
      io.out(io.style.red(e.message));
      return false;
    }
    if (isDiskFull(e)) {
      io.out(io.style.red(`${databaseFull(e)}: the follow-up call of #${leadId} was not saved; free some space, then give it again`));
      return false;
    }
    throw e;
  }
}

interface Answers {
  note: string | null;
  next: Date | null;
  result: CallResult | null;
  email: string | null;
  address: PostalAddress | null;
  /** Ctrl-C at the note: save the outcome, then end the session */
  interrupted?: boolean;
}

/**
 * The questions a code asks: the no-contact result (retry), a date (call-back; the
 * follow-up date of a finished lead, defaulting to the next business day), an email address
 * (email codes, when the lead has none), a postal address (letter codes, when the lead has
 * none: Enter skips, and the letter waits in needs-address.csv), then a note. An empty answer to a required
 * question goes back to the code prompt (null).
 */
async function askOutcome(ctx: Context, ask: Prompter, code: CodeRow, lead: LeadRow): Promise<Answers | null> {
  const a: Answers = { note: null, next: null, result: null, email: null, address: null };
  const email = lead.email;
  if (code.action === 'retry') {
    const k = await ask.key('result: a no answer · v voicemail · b busy · o someone else (Enter: no answer)>', Object.keys(RESULT_KEYS), {
      enter: 'a',
    });
    a.result = RESULT_KEYS[k];
    ctx.io.out(ctx.io.style.dim(RESULTS[a.result]));
  }
  const { needsDate, needsEmail, batch } = codeRules(code);
  if (needsDate || code.action === 'finish') {
    const dflt = code.action === 'finish' ? nextBusinessDay(ctx.now()) : null;
    for (;;) {
      const text = (
        await ask.input(
          needsDate ? 'Call back when? (tomorrow 14:00, fri, +3d, 2026-12-01 10:30; Enter to go back)' : `Follow-up date (Enter: ${formatLocal(dflt!.toISOString())})`,
        )
      ).trim();
      if (!text) {
        if (!dflt) return null;
        break;
      }
      try {
        const when = parseWhen(text, ctx.now());
        if (when.getTime() <= ctx.now().getTime()) {
          ctx.io.out(ctx.io.style.red(`${formatLocal(when.toISOString())} has passed; give a later time`));
          continue;
        }
        a.next = when;
        ctx.io.out(ctx.io.style.dim(`→ ${formatLocal(when.toISOString())}`));
        break;
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        ctx.io.out(ctx.io.style.red(`not a date I know; use ${WHEN_FORMS}`));
      }
    }
  }
  if (needsEmail && !email) {
    for (;;) {
      const text = (await ask.input('Email address (Enter to go back)')).trim();
      if (!text) return null;
      const address = emailAddress(text);
      if (address) {
        a.email = address;
        break;
      }
      ctx.io.out(ctx.io.style.red('that is not an email address (name@domain)'));
    }
  }
  if (batch === 'letter') a.address = await askAddress(ask, lead);
  try {
    a.note = (await ask.input('Note (Enter for none)')).trim() || null;
  } catch (e) {
    // Ctrl-C at the note: the outcome itself is answered, so it is saved with the note as far as it was typed, then the session ends
    if (e instanceof Cancelled) return { ...a, note: e.typed?.trim() || null, interrupted: true };
    throw e;
  }
  return a;
}

/**
 * The parts of a postal address the lead lacks, asked one by one for its letter; Enter at
 * the first skips them all (the letter waits in needs-address.csv until the lead has one).
 */
async function askAddress(ask: Prompter, lead: LeadRow): Promise<PostalAddress | null> {
  if (!missingAddress(lead).length) return null;
  const parts = ADDRESS_PARTS.filter(([k]) => !lead[k]?.trim());
  const given: PostalAddress = {};
  for (const [i, [k, label]] of parts.entries()) {
    const text = (await ask.input(i ? `${label} (Enter for none)` : `${label} for the letter (Enter to skip: it waits in needs-address.csv)`)).trim();
    if (!text && !i) return null;
    if (text) given[k] = text;
  }
  return given;
}

const ADDRESS_PARTS: [keyof PostalAddress, string][] = [
  ['street', 'Street'],
  ['city', 'City'],
  ['postal_code', 'Postal code'],
  ['region', 'State/region'],
];
