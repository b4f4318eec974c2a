// The calling session: a lead card, an outcome by one keystroke, a note, a date or an
// email where the code needs one; every outcome committed before the next card shows.
// Ctrl-C at any prompt ends the session: what was answered is saved, the summary printed.
import type { Context, Prompter } from './context.js';
import { printCallCard } from './call-card.js';
import { printPairs } from './output.js';
import { Cancelled, UsageError, RunError } from '../core/errors.js';
import { displayName, type LeadRow } from '../core/lead.js';
import { formatLocal, formatNext, nextBusinessDay, parseWhen, WHEN_FORMS } from '../core/dates.js';
import { looksLikeEmail } from '../core/normalise.js';
import type { QueueEntry } from '../core/queue.js';
import { RESULTS, type CallResult } from '../core/outcome.js';
import { codeRules, type CodeRow } from '../core/codes.js';
import { formatClock, formatMinutes, formatTalk, sessionFigures } from '../core/session.js';
import { dialArgv, phoneTarget, type DialTarget } from '../core/dial.js';
import { visible } from './safe.js';
import { wrapItems, wrapWidth, wrapWords } from './wrap.js';
import { createDialer, type Dialer } from './dial.js';
import { QUEUE_COUNT_CAP, type QueueOptions } from '../services/queue.js';
import { CallSession } from '../services/session.js';
import { MOVES, OPEN_STAGES, parseStage, planMove } from '../core/cycle.js';

export interface SessionOptions extends QueueOptions {
  /** stop after this many calls */
  limit?: number;
}

const RESULT_KEYS: Record<string, CallResult> = { a: 'no_answer', v: 'voicemail', b: 'busy', o: 'someone_else' };

/**
 * A write the session must not lose: when another process holds the write lock (one big
 * import is one transaction, minutes for a million rows), it says so on the session's
 * screen and waits, and waits again should the lock outlast even that wait, instead of
 * ending the session and dropping the answer typed.
 */
function patiently<T>(ctx: Context, write: () => T): T {
  ctx.onBusy(() => ctx.io.out(ctx.io.style.yellow('another leads command (an import?) is writing; waiting to save this (Ctrl-C gives up)')));
  for (;;) {
    try {
      return write();
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
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
}

const seconds = (c: CallLine) => (performance.now() - (c.dialledAt ?? c.shownAt)) / 1000;

/** Dials one of the lead's numbers through dial.command; a dial that cannot start is one line on the card. */
async function dialLead(ctx: Context, c: CallLine, target: DialTarget | undefined, missing: string, session: CallSession): Promise<void> {
  const s = ctx.io.style;
  if (!c.command) return ctx.io.out(s.yellow('no dial.command set; e.g. leads config set dial.command "xdg-open {tel}"'));
  if (!target) return ctx.io.out(s.yellow(missing));
  if (!target.e164) return ctx.io.out(s.yellow(`the ${visible(target.what)} ${visible(target.written)} is not a number that can be dialled`));
  if (session.mayNotDial(target.e164)) return ctx.io.out(s.yellow(`the ${visible(target.what)} ${target.e164} is on the do-not-call list: not dialled`));
  let failed: string | null;
  try {
    c.dialer ??= createDialer();
    failed = await c.dialer.dial(dialArgv(c.command, target.e164, target.ext));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    failed = e.message;
  }
  if (failed) return ctx.io.out(s.red(failed));
  c.dialledAt ??= performance.now();
  patiently(ctx, () => session.dialled());
  ctx.io.out(s.dim(`dialling the ${visible(target.what)} ${target.e164}`));
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
  const labels = new Map([...codes.values()].map((c) => [c.code, c.label]));
  const codeItems = [...codes.values()].map((c) => `${c.code} ${c.label}`);
  const others = ['s skip', 'u undo', 'n note', 'd dial', 'm mobile', 'q quit'];
  const keys = [...[...codes.keys()].map(String), 's', 'u', 'n', 'd', 'm', 'q'];
  const miss = missWord([...codes.keys()], 's u n d m q');
  const cycleMiss = missWord([...codes.keys()], 's u n d m q t');
  const line: CallLine = { command: '', auto: false, others: [], pressedM: 0, shownAt: 0 };
  const size = session.size(ctx.now());
  const skipped = new Set<number>();
  /** this session's outcomes, newest last: what `u` takes back */
  const logged: { leadId: number; touchId: number; code: number }[] = [];
  let again: number | undefined;
  let shown = 0;
  let interrupted = false;

  try {
    cards: for (;;) {
      if (o.limit !== undefined && logged.length >= o.limit) {
        io.out(io.style.dim(`\n${o.limit} call${o.limit === 1 ? '' : 's'} made: the --limit is reached`));
        break;
      }
      const entry = nextCard(ctx, session, skipped, again);
      // a lead shown again after an undo was just called: it is not dialled again by itself
      const undone = again !== undefined && entry?.lead.id === again;
      again = undefined;
      if (!entry) break;
      const lead = entry.lead;
      shown++;
      const place = logged.length + skipped.size + 1;
      // --limit counts calls: a skipped lead makes room for one more card
      const total = Math.max(place, o.limit ? Math.min(o.limit + skipped.size, size) : size);
      const of = total > QUEUE_COUNT_CAP ? `${QUEUE_COUNT_CAP}+` : String(total);
      printCallCard(io, entry, session.history(lead.id), labels, `call ${place} of ${of} in this queue`);
      const inCycle = lead.status === 'cycle' && (OPEN_STAGES as readonly (string | null)[]).includes(lead.stage);
      for (const l of legendLines(codeItems, inCycle ? [...others, 't stage'] : others, wrapWidth(io))) io.out(io.style.dim(l));
      // read at each card: a dial.command set in another terminal counts from the next lead
      Object.assign(line, {
        ...session.dialling(lead),
        pressedM: 0,
        shownAt: performance.now(),
        dialledAt: undefined,
      });
      const first = [phoneTarget(lead), ...line.others].find((t) => t?.e164);
      if (line.auto && line.command && !undone && first) await dialLead(ctx, line, first, '', session);

      for (;;) {
        const k = await ask.key('outcome>', inCycle ? [...keys, 't'] : keys, {
          miss: inCycle ? cycleMiss : miss,
          status: () => io.style.dim(`[${formatClock(seconds(line))}]`),
          notices: () => line.dialer?.drain().map((n) => io.style.red(n)) ?? [],
        });
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
          io.out(io.style.dim(`skipped #${lead.id}`));
          continue cards;
        }
        if (k === 'u') {
          const undone = undoLast(ctx, session, logged);
          if (undone === undefined) continue;
          again = undone;
          continue cards;
        }
        if (k === 'n') {
          const text = (await ask.input('Note')).trim();
          if (text) {
            patiently(ctx, () => session.note(lead.id, text, ctx.now()));
            io.out(io.style.dim('note saved'));
          }
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
    interrupted = true;
  }
  printSummary(ctx, session, shown, interrupted);
}

/**
 * Asks what the code needs and records the call with its length; the call touch's id, or
 * undefined when nothing was logged (a question left empty, an outcome refused).
 */
async function logCall(ctx: Context, ask: Prompter, lead: LeadRow, code: CodeRow, session: CallSession, durationS: number): Promise<number | undefined> {
  const io = ctx.io;
  const answers = await askOutcome(ctx, ask, code, lead.email);
  if (!answers) {
    io.out(io.style.dim('(no outcome logged; choose again)'));
    return undefined;
  }
  try {
    const r = patiently(ctx, () =>
      session.log(
        { leadId: lead.id, code: code.code, note: answers.note, next: answers.next, result: answers.result, email: answers.email, durationS },
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
    // Ctrl-C at the note: the outcome is saved, then the session ends
    if (answers.interrupted) throw new Cancelled();
    return r.touchId;
  } catch (e) {
    if (e instanceof UsageError || e instanceof RunError) {
      io.out(io.style.red(e.message));
      return undefined;
    }
    throw e;
  }
}

/** The next card: the lead an undo brought back, else the queue's next; none says why the queue is done. */
function nextCard(ctx: Context, session: CallSession, skipped: Set<number>, again: number | undefined): QueueEntry | undefined {
  const found = session.next(ctx.now(), skipped, again);
  if (found.entry) return found.entry;
  ctx.io.out('');
  ctx.io.out(
    found.heldBack
      ? `Nothing more to call now: ${found.heldBack} lead${found.heldBack === 1 ? ' is' : 's are'} held back outside 8:00-21:00 their time (\`leads call --any-hour\` calls them).`
      : 'Nothing more to call now: the queue is empty.',
  );
  return undefined;
}

/** `u`: takes back the session's last outcome; the lead to show again, or undefined. */
function undoLast(ctx: Context, session: CallSession, logged: { leadId: number; touchId: number; code: number }[]): number | undefined {
  const io = ctx.io;
  const last = logged[logged.length - 1];
  if (!last) {
    io.out('Nothing to undo in this session.');
    return undefined;
  }
  try {
    const u = patiently(ctx, () => session.undo(last.leadId, last.touchId, ctx.now()));
    logged.pop();
    io.out(io.style.yellow(`undid code ${last.code} for #${u.lead.id} ${visible(displayName(u.lead))}`));
    return u.lead.id;
  } catch (e) {
    if (e instanceof RunError) {
      io.out(io.style.red(e.message));
      return undefined;
    }
    throw e;
  }
}

function printSummary(ctx: Context, session: CallSession, shown: number, interrupted: boolean): void {
  const io = ctx.io;
  const summary = patiently(ctx, () => session.end(ctx.now()));
  const f = sessionFigures(summary.session, ctx.now());
  io.out('');
  io.out(io.style.bold(interrupted ? 'Session ended (Ctrl-C); every outcome logged is saved' : 'Session ended'));
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
  if (interrupted) throw new Cancelled('interrupted: every outcome logged in this session is saved');
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
  const text = (await ask.input(`Stage: ${MOVES[from].join(', ')} (Enter to go back)`)).trim();
  if (!text) return false;
  try {
    const to = parseStage(text);
    planMove(lead, to, Infinity); // a move the method does not allow is refused before more questions
    let next: Date | undefined;
    if (to !== 'sold' && to !== 'done') {
      const dflt = nextBusinessDay(ctx.now());
      const when = (await ask.input(`Next follow-up (Enter: ${formatLocal(dflt.toISOString())})`)).trim();
      next = when ? parseWhen(when, ctx.now()) : dflt;
    }
    const note = (await ask.input('Note (Enter for none)')).trim() || undefined;
    const r = patiently(ctx, () => session.stage(leadId, to, ctx.now(), { note, next, durationS }));
    io.out(io.style.green(`✓ #${leadId} ${r.from} → ${r.to}${to === 'thinking' ? ` (thinking ×${r.thinkingCount})` : ''} (${formatClock(durationS)})`));
    if (r.struck) io.out(io.style.yellow(`${r.thinkingCount} "thinking about it" responses: \`leads release\` lets this lead go`));
    return true;
  } catch (e) {
    if (e instanceof UsageError || e instanceof RunError) {
      io.out(io.style.red(e.message));
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
  /** Ctrl-C at the note: save the outcome, then end the session */
  interrupted?: boolean;
}

/**
 * The questions a code asks: the no-contact result (retry), a date (call-back; the
 * follow-up date of a finished lead, defaulting to the next business day), an email address
 * (email codes, when the lead has none), then a note. An empty answer to a required
 * question goes back to the code prompt (null).
 */
async function askOutcome(ctx: Context, ask: Prompter, code: CodeRow, email: string | null): Promise<Answers | null> {
  const a: Answers = { note: null, next: null, result: null, email: null };
  if (code.action === 'retry') {
    const k = await ask.key('result: a no answer · v voicemail · b busy · o someone else (Enter: no answer)>', Object.keys(RESULT_KEYS), {
      enter: 'a',
    });
    a.result = RESULT_KEYS[k];
    ctx.io.out(ctx.io.style.dim(RESULTS[a.result]));
  }
  const { needsDate, needsEmail } = codeRules(code);
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
      if (looksLikeEmail(text)) {
        a.email = text;
        break;
      }
      ctx.io.out(ctx.io.style.red('that does not look like an email address'));
    }
  }
  try {
    a.note = (await ask.input('Note (Enter for none)')).trim() || null;
  } catch (e) {
    // Ctrl-C at the note: the outcome itself is answered, so it is saved, then the session ends
    if (e instanceof Cancelled) return { ...a, interrupted: true };
    throw e;
  }
  return a;
}
