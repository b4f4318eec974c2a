// leads away --until DAY [--from DAY] | --off: a holiday or a sick day. Without flags, where
// the user stands: away or not, and the retries that wait, by the day each share comes.
import type { Context } from '../cli/context.js';
import type { AwayOptions } from './away.def.js';
import { printJson } from '../cli/output.js';
import { awayLines, dayText } from '../cli/away-view.js';
import { parseBack } from '../core/away.js';
import { parseWhen, startOfLocalDay } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import { awayState, endAway, setAway, type AwayState } from '../services/away.js';

function stateJson(s: AwayState) {
  return {
    away: s.away ? { from: s.away.starts_at, until: s.away.ends_at, current: s.current } : null,
    retries_per_day: s.perDay,
    waiting: s.shares,
  };
}

export default async function away(ctx: Context, opts: AwayOptions): Promise<void> {
  const now = ctx.now();
  if (opts.off && (opts.until !== undefined || opts.from !== undefined)) throw new UsageError('--off ends a time away: give it alone, or --until DAY');
  if (opts.from !== undefined && opts.until === undefined) throw new UsageError('--from needs --until: the day you are back');
  const from = opts.from === undefined ? undefined : startOfLocalDay(parseWhen(opts.from, now, { defaultHour: 0 }));
  const back = opts.until === undefined ? undefined : parseBack(opts.until, now, from);
  const db = ctx.db();
  let state: AwayState;
  const said: string[] = [];
  if (back) {
    state = setAway(db, now, back, from);
  } else if (opts.off) {
    const ended = endAway(db, now);
    if (!ended) {
      said.push('You are not away.');
      state = awayState(db, now);
    } else {
      state = ended.state;
      said.push(ended.calledOff ? `The time away until ${dayText(new Date(ended.ended.ends_at), now)} is called off; its retries keep their own dates.` : 'Welcome back: the time away is over.');
    }
  } else {
    state = awayState(db, now);
    if (!state.away) said.push('You are not away.');
  }
  if (opts.json) return printJson(ctx.io, stateJson(state));
  for (const line of [...said, ...awayLines(state, now)]) ctx.io.out(line);
}
