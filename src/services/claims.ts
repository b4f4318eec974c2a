// One lead, one session: who has a lead on screen, for the commands that write to it
// outside a session (`leads log`), and the claims a calling session takes and lets go.
import type { DB } from '../store/db.js';
import { allClaims, claimOn, claimsOfOthers, dropClaim, dropClaims, putClaim, renewClaims } from '../store/claims.js';
import { processAlive } from '../disk/files.js';
import { claimExpiry, claimHolds, type Claim } from '../core/claims.js';

/** The live claim of a calling session on the lead, or null when no session has it on screen. */
export function liveClaimOn(db: DB, leadId: number, now = new Date()): Claim | null {
  const c = claimOn(db, leadId);
  return c && claimHolds(c, now, processAlive) ? c : null;
}

/** The leads other live sessions have on screen: this session skips them. */
export function leadsClaimedByOthers(db: DB, sessionId: number, now = new Date()): Set<number> {
  return new Set(claimsOfOthers(db, sessionId).filter((c) => claimHolds(c, now, processAlive)).map((c) => c.lead_id));
}

/**
 * Takes the lead for this session (its earlier claim ends), unless another live session
 * holds it: false then. One immediate transaction, so two sessions never both take it.
 */
export function takeLead(db: DB, leadId: number, sessionId: number, now = new Date()): boolean {
  return db
    .transaction(() => {
      const held = claimOn(db, leadId);
      if (held && held.session_id !== sessionId && claimHolds(held, now, processAlive)) return false;
      const at = now.toISOString();
      putClaim(db, { lead_id: leadId, session_id: sessionId, pid: process.pid, claimed_at: at, expires_at: claimExpiry(now) });
      return true;
    })
    .immediate();
}

/**
 * Pushes the session's claim forward. Never waits: while another command holds the write
 * lock (an import) this try is dropped and the next one renews; a claim is taken again
 * before each card in any case.
 */
export function renewClaim(db: DB, sessionId: number, now = new Date()): void {
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    renewClaims(db, sessionId, claimExpiry(now));
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
  } finally {
    db.pragma(`busy_timeout = ${wait}`);
  }
}

export function releaseClaims(db: DB, sessionId: number): void {
  db.transaction(() => dropClaims(db, sessionId)).immediate();
}

/** Clears the claims that no longer hold (a session killed, a machine restarted): no row is left behind for good. */
export function clearLapsedClaims(db: DB, now = new Date()): void {
  db.transaction(() => {
    for (const c of allClaims(db)) if (!claimHolds(c, now, processAlive)) dropClaim(db, c.lead_id);
  }).immediate();
}
