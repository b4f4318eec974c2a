// Do-not-call is forever (SPEC "Contact rules"): a re-import of the same person (engineer C's
// `leads import`), before or after a merge, never brings a do-not-call lead back into the queue.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leads, tempWorkspace } from '../helpers/cli.js';
import { addLead, ok, queueIds, query, showLead } from '../helpers/cycle.js';

let ws: ReturnType<typeof tempWorkspace>;
let o: { db: string; env?: Record<string, string> };
beforeEach(() => {
  ws = tempWorkspace();
  o = { db: ws.db };
});
afterEach(() => ws.cleanup());

const on = (day: string) => ({ db: ws.db, env: { LEADS_TODAY: day } });
const later = () => on('2028-01-10'); // after every cool-off

describe('a do-not-call lead stays out of the queue after an import', () => {
  it('after a re-import of the same person (skip and update)', () => {
    const csv = join(ws.dir, 'list.csv');
    writeFileSync(csv, 'First Name,Last Name,Phone,Email\nAnn,Baker,(617) 555-0134,ann@baker.example\nBo,Cole,(617) 555-0188,\n');
    ok(['import', csv], o);
    const [{ id }] = query<{ id: number }>(ws.db, "SELECT id FROM leads WHERE last_name = 'Baker'");
    expect(queueIds(o)).toContain(id);
    ok(['dnc', String(id)], o);
    expect(queueIds(o)).not.toContain(id);
    // the same list again, a refreshed copy with another phone format, and an update import
    ok(['import', csv], on('2026-11-25'));
    writeFileSync(csv, 'First Name,Last Name,Phone,Email\nAnn,Baker,617.555.0134,ANN@baker.example\n');
    ok(['import', csv, '--on-duplicate', 'update'], on('2026-11-26'));
    expect(query(ws.db, "SELECT count(*) AS n FROM leads WHERE last_name = 'Baker'")).toEqual([{ n: 1 }]);
    expect(showLead(o, id).do_not_call).toBe(true);
    expect(queueIds(on('2026-11-26'))).not.toContain(id);
    expect(queueIds(later())).not.toContain(id);
  });

  it('after a merge, by the email of the merged-away lead', () => {
    const a = addLead(o, '--first', 'Di', '--last', 'Ek', '--phone', '(617) 555-0100');
    const b = addLead(o, '--first', 'Di', '--last', 'Ek', '--email', 'di@ek.example');
    ok(['dnc', String(b)], o);
    ok(['merge', String(a), String(b)], o);
    // the person imported again by the email of the merged-away lead: no new callable lead
    const csv = join(ws.dir, 'again.csv');
    writeFileSync(csv, 'First Name,Last Name,Email\nDi,Ek,di@ek.example\n');
    ok(['import', csv], on('2026-11-25'));
    expect(query(ws.db, "SELECT count(*) AS n FROM leads WHERE last_name = 'Ek' AND merged_into IS NULL")).toEqual([{ n: 1 }]);
    expect(queueIds(later())).toEqual([]);
  });

  it('after a merge, by a phone only the merged-away do-not-call lead had', () => {
    // the kept lead keeps its own phone; the other's differing phone stays on its merged row,
    // and an import finding that row must follow it to the kept lead, not make a new one
    const a = addLead(o, '--first', 'Ed', '--last', 'Fox', '--phone', '(617) 555-0100');
    const b = addLead(o, '--first', 'Ed', '--last', 'Fox', '--phone', '(617) 555-0199');
    ok(['dnc', String(b)], o);
    ok(['merge', String(a), String(b)], o);
    const csv = join(ws.dir, 'again.csv');
    writeFileSync(csv, 'First Name,Last Name,Phone\nEd,Fox,617-555-0199\n');
    ok(['import', csv], on('2026-11-25'));
    expect(query(ws.db, "SELECT count(*) AS n FROM leads WHERE last_name = 'Fox' AND merged_into IS NULL")).toEqual([{ n: 1 }]);
    expect(queueIds(later())).toEqual([]);
  });
});
