// The sales cycle of a finished lead (code 6), as pure rules: its stages, the moves
// allowed between them, the "thinking about it" strikes, release, and the pipeline view.
import { RunError, UsageError } from './errors.js';
import { daysBetween } from './dates.js';
import type { LeadRow } from './lead.js';

/** Every stage a lead can be at, in the method's order; `done` is the release. */
export const STAGES = ['quote', 'thinking', 'application', 'delivery', 'sold', 'done'] as const;
export type Stage = (typeof STAGES)[number];

/** The stages a lead in the cycle is in (sold and done end it). */
export const OPEN_STAGES = ['quote', 'thinking', 'application', 'delivery'] as const satisfies readonly Stage[];

/**
 * Where each open stage may go. One step at a time along quote → thinking → application →
 * delivery → sold, with three exceptions a salesperson needs: a quote accepted at once goes
 * straight to application (no "thinking" strike for a yes); another "thinking about it" at
 * thinking (the strike being counted) or at application (cold feet); and `done` (release)
 * from anywhere.
 */
export const MOVES: Record<(typeof OPEN_STAGES)[number], readonly Stage[]> = {
  quote: ['thinking', 'application', 'done'],
  thinking: ['thinking', 'application', 'done'],
  application: ['thinking', 'delivery', 'done'],
  delivery: ['sold', 'done'],
};

export function isStage(text: string): text is Stage {
  return (STAGES as readonly string[]).includes(text);
}

/** The stage named on the command line, or a usage error (exit 2) listing the stages. */
export function parseStage(text: string | undefined): Stage {
  const t = (text ?? '').trim().toLowerCase();
  if (!isStage(t)) {
    throw new UsageError(`unknown stage ${JSON.stringify(text ?? '')}; the stages are: ${STAGES.join(', ')}`);
  }
  return t;
}

type CycleLead = Pick<LeadRow, 'id' | 'status' | 'stage' | 'thinking_count' | 'merged_into'>;

/** Refuses (exit 1) a lead that is not in the cycle: the message says where it is instead. */
export function requireInCycle(lead: CycleLead): (typeof OPEN_STAGES)[number] {
  if (lead.status !== 'cycle' || !lead.stage || !(OPEN_STAGES as readonly string[]).includes(lead.stage)) {
    const where =
      lead.status === 'sold'
        ? 'it is sold'
        : lead.stage === 'done'
          ? 'it was released (stage done)'
          : `its status is ${lead.status}`;
    throw new RunError(`lead ${lead.id} is not in the sales cycle (${where}); a call with code 6 puts a lead into it`);
  }
  return lead.stage as (typeof OPEN_STAGES)[number];
}

export interface StageMove {
  from: (typeof OPEN_STAGES)[number];
  to: Stage;
  /** thinking responses in this cycle after the move */
  thinkingCount: number;
  /** the lead has reached the strike count: `leads release` lets it go */
  struck: boolean;
}

/**
 * Checks a move and says what it does. A move the table does not allow is exit 1 (the
 * lead's state, not the command, is wrong) naming the stages it can go to.
 */
export function planMove(lead: CycleLead, to: Stage, strikes: number): StageMove {
  const from = requireInCycle(lead);
  if (!MOVES[from].includes(to)) {
    const why = from === to ? `is already at ${to}` : `is at ${from}`;
    throw new RunError(`lead ${lead.id} ${why}; from ${from} it can move to: ${MOVES[from].join(', ')}`);
  }
  const thinkingCount = to === 'thinking' ? lead.thinking_count + 1 : lead.thinking_count;
  return { from, to, thinkingCount, struck: to === 'thinking' && isStruck({ ...lead, thinking_count: thinkingCount }, strikes) };
}

/** Leads the strike rule releases: in the cycle with at least `strikes` thinking responses. */
export function isStruck(lead: CycleLead, strikes: number): boolean {
  return lead.status === 'cycle' && lead.merged_into === null && lead.thinking_count >= strikes;
}

/** The lead's columns after a release: back to the prospect list, resting for the cool-off. */
export function releasedColumns(now: Date, coolOffDays: number) {
  const next = new Date(now);
  next.setDate(next.getDate() + coolOffDays);
  return {
    status: 'prospect' as const,
    stage: 'done' as const,
    stage_at: now.toISOString(),
    thinking_count: 0,
    next_contact_at: next.toISOString(),
  };
}

/**
 * Stale cycle leads have no next contact, or one before this moment: the start of the day
 * `days` days ago (so a follow-up overdue by more than `days` whole days).
 */
export function staleCutoff(now: Date, days: number): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
}

export interface PipelineGroup<T> {
  stage: (typeof OPEN_STAGES)[number];
  leads: (T & { days_in_stage: number | null })[];
}

/** Cycle leads by stage in the method's order, longest in stage first. */
export function pipeline<T extends Pick<LeadRow, 'stage' | 'stage_at' | 'id'>>(leads: T[], now: Date): PipelineGroup<T>[] {
  return OPEN_STAGES.map((stage) => ({
    stage,
    leads: leads
      .filter((l) => l.stage === stage)
      .map((l) => ({ ...l, days_in_stage: l.stage_at ? daysBetween(new Date(l.stage_at), now) : null }))
      .sort((a, b) => (b.days_in_stage ?? -1) - (a.days_in_stage ?? -1) || a.id - b.id),
  }));
}
