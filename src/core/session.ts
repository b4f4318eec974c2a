// The figures of a calling session, for its summary.

export interface SessionFigures {
  minutes: number;
  calls: number;
  reached: number;
  /** null when the session lasted under a minute (no honest rate) */
  callsPerHour: number | null;
}

export function sessionFigures(s: { started_at: string; ended_at: string | null; calls: number; reached: number }, now: Date): SessionFigures {
  const end = s.ended_at ? new Date(s.ended_at) : now;
  const minutes = Math.max(0, (end.getTime() - new Date(s.started_at).getTime()) / 60_000);
  return {
    minutes,
    calls: s.calls,
    reached: s.reached,
    callsPerHour: minutes >= 1 ? Math.round((s.calls / minutes) * 60 * 10) / 10 : null,
  };
}

export function formatMinutes(minutes: number): string {
  if (minutes < 1) return 'under a minute';
  const m = Math.floor(minutes);
  return m >= 60 ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
}
