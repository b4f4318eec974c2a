// One lead's whole way through the method: imported, called and finished (6), its
// follow-up sorted and called, three "thinking about it" responses, released by the strike
// rule, out of the queue for the cool-off and back in it after — its touches at each step.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leads, tempWorkspace } from '../helpers/cli.js';
import { history, ok, queueIds, query, showLead } from '../helpers/cycle.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const on = (day: string) => ({ db: ws.db, env: { LEADS_TODAY: day } });

describe('a lead through the sales cycle and back', () => {
  it('import → 6 → follow-up → thinking ×3 → release → back in the queue after the cool-off', () => {
    const csv = join(ws.dir, 'prospects.csv');
    writeFileSync(csv, 'First Name,Last Name,Company,Phone\nAnn,Baker,Baker & Sons,(617) 555-0134\nBo,Cole,Cole Inc,(617) 555-0188\n');

    // Monday 2026-11-23: the list comes in
    const mon = on('2026-11-23 08:30');
    ok(['import', csv, '--source', 'fair', '--list', 'nov'], mon);
    const [{ id }] = query<{ id: number }>(ws.db, "SELECT id FROM leads WHERE last_name = 'Baker'");
    expect(history(mon, id)).toEqual(['import']);
    expect(queueIds(mon)).toContain(id);

    // the call: a finished lead (6) enters the cycle at quote, a follow-up waits for the sort
    const call = on('2026-11-23 10:00');
    ok(['log', String(id), '6', '--note', 'wants a quote for the fleet'], call);
    expect(showLead(call, id)).toMatchObject({ status: 'cycle', stage: 'quote', thinking_count: 0, touch_count: 1, code: 6 });
    expect(history(call, id)).toEqual(['import', 'call 6']);
    expect(queueIds(call)).not.toContain(id); // called today

    // the evening sort puts it into the follow-up batch (a calendar event, no touch)
    const evening = on('2026-11-23 18:00');
    ok(['sort', '--out', join(ws.dir, 'batches')], evening);
    expect(readFileSync(join(ws.dir, 'batches', '2026-11-23', 'follow-ups.csv'), 'utf8')).toContain('Baker');
    expect(query(ws.db, "SELECT batch_id IS NOT NULL AS served FROM batch_items WHERE lead_id = ? AND kind = 'follow_up'", id)).toEqual([{ served: 1 }]);
    expect(history(evening, id)).toEqual(['import', 'call 6']);

    // Tuesday: the follow-up is due; the quote went out and they are thinking about it
    const tue = on('2026-11-24 09:30');
    expect(queueIds(tue)[0]).toBe(id);
    ok(['stage', String(id), 'thinking', '--note', 'talking to the partner', '--next', '+1w'], tue);
    expect(showLead(tue, id)).toMatchObject({ stage: 'thinking', thinking_count: 1, next_contact_at: '2026-12-01T09:00:00.000Z' });
    expect(queueIds(tue)).not.toContain(id);

    // two more weeks, two more "thinking about it"
    ok(['stage', String(id), 'thinking', '--next', '+1w'], on('2026-12-01 09:30'));
    const third = leads(['stage', String(id), 'thinking', '--next', '+1w'], on('2026-12-08 09:30'));
    expect(third.stderr).toBe(`lead ${id} has 3 thinking responses: \`leads release\` lets it go\n`);
    expect(history(on('2026-12-08'), id)).toEqual(['import', 'call 6', 'stage thinking', 'stage thinking', 'stage thinking']);

    // three strikes: released to the prospect list, whole history kept
    const rel = on('2026-12-08 17:00');
    const dry = leads(['release', '--dry-run', '--json'], rel);
    expect(JSON.parse(dry.stdout).released.map((l: { id: number }) => l.id)).toEqual([id]);
    const r = leads(['release', '--yes'], rel);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('released 1 lead to the prospect list; callable again from 2027-06-06 17:00\n');
    expect(showLead(rel, id)).toMatchObject({
      status: 'prospect', stage: 'done', thinking_count: 0, touch_count: 1, next_contact_at: '2027-06-06T17:00:00.000Z',
    });
    expect(history(rel, id)).toEqual(['import', 'call 6', 'stage thinking', 'stage thinking', 'stage thinking', 'release done']);
    expect(showLead(rel, id).touches.map((t) => t.note)).toEqual([null, 'wants a quote for the fleet', 'talking to the partner', null, null, null]);
    expect(leads(['list', '--status', 'cycle', '--json'], rel).stdout.trim()).toBe('[]');

    // out of the queue for the cool-off ...
    expect(queueIds(on('2026-12-09 10:00'))).not.toContain(id);
    expect(queueIds(on('2027-06-05 10:00'))).not.toContain(id);
    // ... and back in it after, as a recall of an old lead
    const back = on('2027-06-07 10:00');
    expect(queueIds(back)).toContain(id);
    const entry = JSON.parse(leads(['call', '--json', '--any-hour'], back).stdout).find(
      (e: { id: number }) => e.id === id,
    );
    expect(entry.queue_kind).toBe('recall');
    expect(history(back, id)).toHaveLength(6);
  });
});
