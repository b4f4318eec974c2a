// One lead, one session: when a calling session's claim on a lead still holds.

/** A claim lapses this long after it was last renewed (the session renews it each minute). */
export const CLAIM_MINUTES = 5;
/** How often an open session renews its claim. */
export const CLAIM_RENEW_MS = 60_000;

export interface Claim {
  lead_id: number;
  session_id: number;
  pid: number;
  claimed_at: string;
  expires_at: string;
}

/** A claim holds while its process lives and its expiry is ahead: a dead process or a lapsed claim leaves the lead free. */
export function claimHolds(c: Pick<Claim, 'pid' | 'expires_at'>, now: Date, alive: (pid: number) => boolean): boolean {
  return c.expires_at > now.toISOString() && alive(c.pid);
}

/** The expiry of a claim made or renewed at `now`. */
export function claimExpiry(now: Date): string {
  return new Date(now.getTime() + CLAIM_MINUTES * 60_000).toISOString();
}
