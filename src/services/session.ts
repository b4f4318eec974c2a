// A calling session: opened with its filters, the next card of its queue, each answer
// recorded in a transaction of its own (src/services/outcome.ts counts outcomes in the
// outcome's own transaction, so a killed session keeps its figures), ended with its figures.
// The terminal side, prompts and keys, is src/cli/call-session.ts.
import { setBusyWait, type DB } from '../store/db.js';
import { countCall, countDial, endSession, getSession, sessionCodes, sessionTalk, startSession, type SessionRow } from '../store/calls.js';
import { listCodes } from '../store/codes.js';
import { getLead, touchesOf } from '../store/leads.js';
import { currentSettings } from '../store/settings.js';
import { toIso } from '../core/dates.js';
import type { LeadRow, TouchRow } from '../core/lead.js';
import type { CodeRow } from '../core/codes.js';
import type { Stage } from '../core/cycle.js';
import { mobileTargets, type DialTarget } from '../core/dial.js';
import { nextEntry, orderQueue, type QueueEntry } from '../core/queue.js';
import { countrySetting, intSetting } from '../core/settings.js';
import { callQueue, callQueueCounts, type QueueCounts, type QueueOptions } from './queue.js';
import { recordOutcome, undoOutcome, type OutcomeRequest, type Recorded, type Undone } from './outcome.js';
import { addNote } from './leads.js';
import { mayNotCall } from './registry.js';
import { moveStage, type StageOptions, type StageResult } from './cycle.js';
import { clearLapsedClaims, leadsClaimedByOthers, releaseClaims, renewClaim, takeLead } from './claims.js';

export interface SessionSummary {
  session: SessionRow;
  codes: { code: number; label: string; calls: number }[];
  /** the session's timed calls and their seconds on the phone */
  talk: { calls: number; seconds: number };
}

/** How the card on screen dials: read at each card, so a dial.command set meanwhile counts from the next lead. */
export interface Dialling {
  command: string;
  auto: boolean;
  /** the mobile, then the further phones */
  others: DialTarget[];
}

/** One calling session over one database: what the terminal asks of it, card by card. */
export class CallSession {
  readonly id: number;
  /** the outcome codes, in their order */
  readonly codes: Map<number, CodeRow>;

  constructor(
    private readonly db: DB,
    now: Date,
    private readonly filters: QueueOptions,
  ) {
    // the session's writes give up waiting after 10 s, so that it can say it waits, and wait on
    setBusyWait(db, 10_000);
    this.codes = new Map(listCodes(db).map((c) => [c.code, c]));
    const recorded = {
      source: filters.source ?? null,
      list: filters.list ?? null,
      territory: filters.territory ?? null,
      any_hour: Boolean(filters.anyHour),
    };
    this.id = db.transaction(() => startSession(db, toIso(now), recorded)).immediate();
    clearLapsedClaims(db);
  }

  /** How many leads the queue holds now, callable and held back by the hour, the skipped ones left out: a card's place. */
  counts(now: Date, skipped: ReadonlySet<number>): QueueCounts {
    return callQueueCounts(this.db, now, this.filters, skipped);
  }

  /**
   * The next card, claimed for this session: the lead an undo brought back, wherever it now
   * stands, else the queue's next lead not skipped and not on another live session's screen.
   * None: how many are held back by the hour, and how many other sessions have on screen.
   */
  next(now: Date, skipped: Set<number>, again?: number): { entry?: QueueEntry; heldBack: number; elsewhere: number } {
    const back = again !== undefined ? this.entryOf(again, now) : undefined;
    const elsewhere = leadsClaimedByOthers(this.db, this.id);
    if (back && !elsewhere.has(back.lead.id) && takeLead(this.db, back.lead.id, this.id)) return { entry: back, heldBack: 0, elsewhere: 0 };
    for (;;) {
      const found = this.queued(now, new Set([...skipped, ...elsewhere]));
      if (!found.entry) return { ...found, elsewhere: elsewhere.size };
      if (takeLead(this.db, found.entry.lead.id, this.id)) return { ...found, elsewhere: 0 };
      // taken by another session between the read and the claim
      elsewhere.add(found.entry.lead.id);
    }
  }

  /** The queue's next lead not in `passed`, reading deeper until a callable one shows or it is exhausted. */
  private queued(now: Date, passed: Set<number>): { entry?: QueueEntry; heldBack: number } {
    let depth = 50 + passed.size;
    for (;;) {
      const entries = callQueue(this.db, now, { ...this.filters, depth });
      const entry = nextEntry(entries, passed);
      if (entry || entries.length < depth || depth >= 20_000) {
        return { entry, heldBack: entries.filter((e) => e.heldBack).length };
      }
      depth *= 4;
    }
  }

  /** Keeps the card's lead this session's while it stays on screen. */
  renewClaim(): void {
    renewClaim(this.db, this.id);
  }

  /** The card is left (skipped): another session may show its lead. */
  release(): void {
    releaseClaims(this.db, this.id);
  }

  private entryOf(id: number, now: Date): QueueEntry | undefined {
    const lead = getLead(this.db, id);
    if (!lead) return undefined;
    const action = lead.code === null ? null : (this.codes.get(lead.code)?.action ?? null);
    return orderQueue([{ lead, action }], now, { anyHour: true })[0];
  }

  /** The lead's history for the card: oldest first. */
  history(leadId: number): TouchRow[] {
    return touchesOf(this.db, leadId);
  }

  dialling(lead: LeadRow): Dialling {
    const settings = currentSettings(this.db);
    return {
      command: settings['dial.command'],
      auto: settings['dial.auto'] === 'on',
      others: mobileTargets(lead, countrySetting(settings)),
    };
  }

  /** Minutes without a key on a card after which its talk time stops (read at each card). */
  idleMinutes(): number {
    return intSetting(currentSettings(this.db), 'call.idle_minutes');
  }

  /** A number on the do-not-call registry or a forgotten person's: never dialled. */
  mayNotDial(e164: string): boolean {
    return mayNotCall(this.db, e164);
  }

  dialled(): void {
    this.db.transaction(() => countDial(this.db, this.id)).immediate();
  }

  /** Records the card's outcome; its claim ends with it. */
  log(call: Omit<OutcomeRequest, 'sessionId'>, now: Date): Recorded {
    return this.db.transaction(() => {
      const r = recordOutcome(this.db, { ...call, sessionId: this.id }, now);
      releaseClaims(this.db, this.id);
      return r;
    }).immediate();
  }

  /** Takes back one outcome of this session: the call touch `touchId` of the lead. */
  undo(leadId: number, touchId: number, now: Date): Undone {
    return undoOutcome(this.db, leadId, now, touchId);
  }

  note(leadId: number, text: string, now: Date): void {
    addNote(this.db, leadId, text, now);
  }

  /** Records a follow-up call's stage move: a call of the session, a person reached; its claim ends with it. */
  stage(leadId: number, to: Stage, now: Date, o: Omit<StageOptions, 'sessionId'>): StageResult {
    return this.db.transaction(() => {
      const r = moveStage(this.db, leadId, to, now, { ...o, sessionId: this.id });
      countCall(this.db, this.id, true, 1);
      releaseClaims(this.db, this.id);
      return r;
    }).immediate();
  }

  end(now: Date): SessionSummary {
    return this.db.transaction((): SessionSummary => {
      endSession(this.db, this.id, toIso(now));
      releaseClaims(this.db, this.id);
      return this.figures();
    }).immediate();
  }

  /** The session's figures as they stand, written nowhere (a full disk cannot record its end). */
  figures(): SessionSummary {
    const { db, id } = this;
    return { session: getSession(db, id)!, codes: sessionCodes(db, id), talk: sessionTalk(db, id) };
  }
}
