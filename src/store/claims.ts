// SQL of claims: the lead each calling session has on its screen (migration claims).
import type { DB } from './db.js';
import type { Claim } from '../core/claims.js';

export function claimOn(db: DB, leadId: number): Claim | undefined {
  return db.prepare('SELECT * FROM claims WHERE lead_id = ?').get(leadId) as Claim | undefined;
}

/** Every claim (held or lapsed: the caller judges). */
export function allClaims(db: DB): Claim[] {
  return db.prepare('SELECT * FROM claims').all() as Claim[];
}

export function dropClaim(db: DB, leadId: number): void {
  db.prepare('DELETE FROM claims WHERE lead_id = ?').run(leadId);
}

/** The claims of every session but `sessionId` (held or lapsed: the caller judges). */
export function claimsOfOthers(db: DB, sessionId: number): Claim[] {
  return db.prepare('SELECT * FROM claims WHERE session_id <> ?').all(sessionId) as Claim[];
}

/** The session's claim moves to `c.lead_id`: a session shows one card at a time. */
export function putClaim(db: DB, c: Claim): void {
  db.prepare('DELETE FROM claims WHERE session_id = ?').run(c.session_id);
  db.prepare(
    `INSERT INTO claims (lead_id, session_id, pid, claimed_at, expires_at) VALUES (@lead_id, @session_id, @pid, @claimed_at, @expires_at)
     ON CONFLICT (lead_id) DO UPDATE SET session_id = excluded.session_id, pid = excluded.pid,
       claimed_at = excluded.claimed_at, expires_at = excluded.expires_at`,
  ).run(c);
}

export function renewClaims(db: DB, sessionId: number, expiresAt: string): void {
  db.prepare('UPDATE claims SET expires_at = ? WHERE session_id = ?').run(expiresAt, sessionId);
}

export function dropClaims(db: DB, sessionId: number): void {
  db.prepare('DELETE FROM claims WHERE session_id = ?').run(sessionId);
}
