import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leads, leadsInProcess, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';
import { addLead, fileState, history, ok, showLead } from '../helpers/cycle.js';

let ws: ReturnType<typeof tempWorkspace>;
let o: { db: string };
beforeEach(() => {
  ws = tempWorkspace();
  o = { db: ws.db };
});
afterEach(() => ws.cleanup());

describe('leads dnc', () => {
  it('with no channel is do not call, recorded as a touch', () => {
    const id = addLead(o, '--first', 'Ann', '--phone', '617-555-0134');
    const r = leads(['dnc', String(id), '--note', 'asked by letter'], o);
    expect(r).toMatchObject({ code: 0, stdout: '#1: now do not call\n', stderr: '' });
    expect(showLead(o, id)).toMatchObject({ do_not_call: true, do_not_email: false, do_not_mail: false });
    expect(showLead(o, id).touches.at(-1)).toMatchObject({
      channel: 'dnc', note: 'asked by letter', data: { flag: 'do_not_call', to: true },
    });
  });

  it('each channel is its own touch', () => {
    const id = addLead(o, '--first', 'Bo');
    expect(leads(['dnc', String(id), '--email', '--mail'], o)).toMatchObject({ code: 0, stdout: '#1: now do not email, do not mail\n' });
    expect(showLead(o, id)).toMatchObject({ do_not_call: false, do_not_email: true, do_not_mail: true });
    expect(history(o, id)).toEqual(['edit', 'dnc', 'dnc']);
    expect(showLead(o, id).touches.slice(1).map((t) => t.data)).toEqual([
      { flag: 'do_not_email', to: true },
      { flag: 'do_not_mail', to: true },
    ]);
  });

  it('a flag already set is left as it is, said on stderr, and is no new touch', () => {
    const id = addLead(o, '--first', 'Cy');
    ok(['dnc', String(id), '--call'], o);
    const r = leads(['dnc', String(id), '--call', '--mail'], o);
    expect(r).toMatchObject({ code: 0, stdout: '#1: now do not mail\n', stderr: 'lead 1 was already do not call\n' });
    expect(history(o, id)).toEqual(['edit', 'dnc', 'dnc']);
  });

  it('--json gives the lead with what changed', () => {
    const id = addLead(o, '--first', 'Di');
    const j = JSON.parse(leads(['dnc', String(id), '--call', '--email', '--json'], o).stdout);
    expect(j).toMatchObject({ id, do_not_call: true, do_not_email: true, changed: ['call', 'email'], unchanged: [] });
  });

  it('--undo --yes lifts a request (a mistake), as a touch of its own', () => {
    const id = addLead(o, '--first', 'Ed');
    ok(['dnc', String(id), '--call', '--mail'], o);
    const r = leads(['dnc', String(id), '--call', '--undo', '--yes'], o);
    expect(r).toMatchObject({ code: 0, stdout: '#1: lifted do not call\n' });
    expect(showLead(o, id)).toMatchObject({ do_not_call: false, do_not_mail: true });
    expect(showLead(o, id).touches.at(-1)).toMatchObject({ channel: 'dnc', data: { flag: 'do_not_call', to: false } });
  });

  it('--undo without --yes and without a terminal is exit 2, and changes nothing', () => {
    const id = addLead(o, '--first', 'Flo');
    ok(['dnc', String(id)], o);
    const before = fileState(ws.db);
    const r = leads(['dnc', String(id), '--undo'], o);
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'leads: --undo lifts a do-not-contact request: add --yes to confirm it without a terminal\n',
    });
    expect(fileState(ws.db)).toEqual(before);
  });

  it('--undo on a terminal asks; no is exit 1 and changes nothing', async () => {
    const id = addLead(o, '--first', 'Gus');
    ok(['dnc', String(id)], o);
    const p = scriptedPrompter([false]);
    const r = await leadsInProcess(['dnc', String(id), '--undo'], { db: ws.db, tty: true, prompter: p });
    expect(r).toMatchObject({ code: 1, stderr: 'leads: nothing changed\n' });
    expect(p.asked).toEqual(['Lift "do not call" for lead 1? They asked for it.']);
    expect(showLead(o, id).do_not_call).toBe(true);
    const yes = await leadsInProcess(['dnc', String(id), '--undo'], { db: ws.db, tty: true, prompter: scriptedPrompter([true]) });
    expect(yes.code).toBe(0);
    expect(showLead(o, id).do_not_call).toBe(false);
  });

  it('no such lead is exit 1; a bad id is exit 2', () => {
    expect(leads(['dnc', '5'], o)).toMatchObject({ code: 1, stderr: 'leads: no lead 5\n' });
    expect(leads(['dnc', 'x'], o).code).toBe(2);
  });
});
