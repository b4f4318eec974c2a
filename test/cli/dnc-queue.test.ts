// Do-not-call is forever (SPEC "Contact rules"): no release and no merge brings a
// do-not-call lead back into the call queue (re-imports: dnc-reimport.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../helpers/cli.js';
import { addLead, cycleLead, ok, queueIds, showLead, stage } from '../helpers/cycle.js';

let ws: ReturnType<typeof tempWorkspace>;
let o: { db: string; env?: Record<string, string> };
beforeEach(() => {
  ws = tempWorkspace();
  o = { db: ws.db };
});
afterEach(() => ws.cleanup());

const on = (day: string) => ({ db: ws.db, env: { LEADS_TODAY: day } });
const later = () => on('2028-01-10'); // after every cool-off

describe('a do-not-call lead stays out of the queue', () => {
  it('after a release', () => {
    const id = cycleLead(o, 'Cy', 'Dunn');
    const control = cycleLead(o, 'Ida', 'Control');
    ok(['dnc', String(id)], o);
    stage(o, id, 'thinking', '--next', '+1d');
    ok(['release', String(id), String(control)], o);
    expect(showLead(o, id)).toMatchObject({ status: 'prospect', stage: 'done', do_not_call: true });
    // after the cool-off the released lead that may be called is back; the other is not
    expect(queueIds(later())).toEqual([control]);
  });

  it('after a merge, whichever side was do-not-call', () => {
    const a = addLead(o, '--first', 'Di', '--last', 'Ek', '--phone', '(617) 555-0100');
    const b = addLead(o, '--first', 'Di', '--last', 'Ek', '--email', 'di@ek.example');
    const c = addLead(o, '--first', 'Ed', '--last', 'Fox', '--phone', '(617) 555-0199');
    const d = addLead(o, '--first', 'Ed', '--last', 'Fox');
    const e = addLead(o, '--first', 'Flo', '--last', 'Control');
    const f = addLead(o, '--first', 'Flo', '--last', 'Control');
    ok(['dnc', String(b)], o); // the one merged away is do-not-call
    ok(['dnc', String(c)], o); // the one kept is do-not-call
    ok(['merge', String(a), String(b)], o);
    ok(['merge', String(c), String(d)], o);
    ok(['merge', String(e), String(f)], o);
    expect(showLead(o, a).do_not_call).toBe(true);
    expect(showLead(o, c).do_not_call).toBe(true);
    // only the merged lead that may be called is in the queue, once
    for (const day of [o, later()]) expect(queueIds(day)).toEqual([e]);
  });
});
