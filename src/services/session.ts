// A calling session: opened with its filters, the next card of its queue, each answer
// recorded in a transaction of its own (src/services/outcome.ts counts outcomes in the
// outcome's own transaction, so a killed session keeps its figures), ended with its figures.
// The terminal side, prompts and keys, is src/cli/call-session.ts.
import { setBusyWait, type DB } from '../store/db.js';
import { countDial, endSession, getSession, sessionCodes, sessionTalk, startSession, type SessionRow } from '../store/calls.js';
import { listCodes } from '../store/codes.js';
import { getLead, touchesOf } from '../store/leads.js';
import { currentSettings } from '../store/settings.js';
import { toIso } from '../core/dates.js';
import type { LeadRow, TouchRow } from '../core/lead.js';
import type { CodeRow } from '../core/codes.js';
import type { Stage } from '../core/cycle.js';
import { mobileTargets, type DialTarget } from '../core/dial.js';
import { nextEntry, orderQueue, type QueueEntry } from '../core/queue.js';
import { countrySetting } from '../core/settings.js';
import { callQueue, callQueueSize, type QueueOptions } from './queue.js';
import { recordOutcome, undoOutcome, type OutcomeRequest, type Recorded, type Undone } from './outcome.js';
import { addNote } from './leads.js';
import { mayNotCall } from './registry.js';
import { moveStage, type StageOptions, type StageResult } from './cycle.js';

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
  }

  /** How many leads the queue holds now (capped): the "of N" of a card's place. */
  size(now: Date): number {
    return callQueueSize(this.db, now, this.filters);
  }

  /**
   * The next card: the lead an undo brought back, wherever it now stands, else the queue's
   * next lead not skipped. None: how many are held back by the hour.
   */
  next(now: Date, skipped: Set<number>, again?: number): { entry?: QueueEntry; heldBack: number } {
    const back = again !== undefined ? this.entryOf(again, now) : undefined;
    if (back) return { entry: back, heldBack: 0 };
    // the queue is read deeper until a callable lead shows or it is exhausted
    let depth = 50 + skipped.size;
    for (;;) {
      const entries = callQueue(this.db, now, { ...this.filters, depth });
      const entry = nextEntry(entries, skipped);
      if (entry || entries.length < depth || depth >= 20_000) {
        return { entry, heldBack: entries.filter((e) => e.heldBack).length };
      }
      depth *= 4;
    }
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

  /** A number on the do-not-call registry or a forgotten person's: never dialled. */
  mayNotDial(e164: string): boolean {
    return mayNotCall(this.db, e164);
  }

  dialled(): void {
    this.db.transaction(() => countDial(this.db, this.id)).immediate();
  }

  log(call: Omit<OutcomeRequest, 'sessionId'>, now: Date): Recorded {
    return recordOutcome(this.db, { ...call, sessionId: this.id }, now);
  }

  /** Takes back one outcome of this session: the call touch `touchId` of the lead. */
  undo(leadId: number, touchId: number, now: Date): Undone {
    return undoOutcome(this.db, leadId, now, touchId);
  }

  note(leadId: number, text: string, now: Date): void {
    addNote(this.db, leadId, text, now);
  }

  stage(leadId: number, to: Stage, now: Date, o: Omit<StageOptions, 'sessionId'>): StageResult {
    return moveStage(this.db, leadId, to, now, { ...o, sessionId: this.id });
  }

  end(now: Date): SessionSummary {
    const { db, id } = this;
    return db.transaction((): SessionSummary => {
      endSession(db, id, toIso(now));
      return { session: getSession(db, id)!, codes: sessionCodes(db, id), talk: sessionTalk(db, id) };
    }).immediate();
  }
}
