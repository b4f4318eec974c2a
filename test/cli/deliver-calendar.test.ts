// The sort's follow-ups put on a real CalDAV calendar (Radicale on 127.0.0.1 over TLS): an
// event each, with its reminder, under a UID that a second delivery replaces, never repeats.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { tempWorkspace } from '../helpers/cli.js';
import { addLead, logCode } from '../helpers/batches.js';
import { freePort, makeCertificate, startRadicale, type CalDav } from '../helpers/servers.js';
import { configure, filesContaining, outputs, passwordFile, query, run } from '../helpers/delivery.js';

process.env.TZ = 'UTC';

const SECRET = 'cal-Pw-93-never-shown';
let servers: string;
let secrets: string;
let cal: CalDav;
let tlsCert: string;
const workspaces: string[] = [];

beforeAll(async () => {
  servers = mkdtempSync(join(tmpdir(), 'leads-cal-servers-'));
  secrets = mkdtempSync(join(tmpdir(), 'leads-cal-secrets-'));
  const tls = makeCertificate(servers);
  tlsCert = tls.cert;
  cal = await startRadicale(servers, tls, 'sam', SECRET);
});
afterAll(async () => {
  await cal?.stop();
  for (const d of [servers, secrets, ...workspaces]) rmSync(d, { recursive: true, force: true });
});

let ws: ReturnType<typeof tempWorkspace>;
let env: Record<string, string>;
beforeEach(() => {
  ws = tempWorkspace();
  env = { XDG_CONFIG_HOME: join(ws.dir, 'config'), NODE_EXTRA_CA_CERTS: tlsCert };
  workspaces.push(ws.dir);
});

async function calendar(o: { url?: string; secret?: string } = {}) {
  await configure(ws.db, env, {
    'calendar.url': o.url ?? cal.url,
    'calendar.user': 'sam',
    'calendar.password_command': passwordFile(secrets, `cal-${workspaces.length}`, o.secret ?? SECRET),
    'calendar.reminder_minutes': 30,
    'sort.out_dir': join(ws.dir, 'batches'),
  });
}

/** The events on the calendar for these UIDs, parsed. */
function events(uids: string[]) {
  return cal
    .events()
    .map((text) => new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!)
    .filter((e) => uids.includes(String(e.getFirstPropertyValue('uid'))));
}

const uids = () => query<{ key: string; state: string }>(ws.db, `SELECT key, state FROM deliveries WHERE channel = 'calendar' ORDER BY item_id`);

describe('follow-ups on the calendar', { timeout: 600_000 }, () => {
  it('one event per follow-up with its reminder; a second sort and a redelivery update it, never add one', async () => {
    await calendar();
    const ann = await addLead(ws.db, { first: 'Ann', last: 'Baker', company: 'Acme Inc.', phone: '(617) 555-0100' });
    const bo = await addLead(ws.db, { first: 'Bo', last: 'Chan', phone: '(303) 555-0101' });
    await logCode(ws.db, ann, 6, { day: '2026-11-24 10:00', note: 'quote by Friday' });
    await logCode(ws.db, bo, 6, { day: '2026-11-24 11:00' });
    const r = await run(['sort'], { db: ws.db, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('follow-ups: 2 on the calendar');
    const keys = uids();
    expect(keys.map((k) => k.state)).toEqual(['delivered', 'delivered']);
    const [a] = events([keys[0].key]);
    expect(a.getFirstPropertyValue('summary')).toBe('Follow up: Ann Baker (Acme Inc.)');
    expect(String(a.getFirstPropertyValue('description'))).toContain('Last note: quote by Friday');
    expect(a.getFirstPropertyValue('dtstart')!.toString()).toBe('2026-11-25T09:00:00Z'); // the next business day, 9:00
    const alarm = a.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('trigger')!.toString()).toBe('-PT30M');
    // the same UID as in the batch's .ics file
    expect(readFileSync(join(ws.dir, 'batches', '2026-11-24', 'follow-ups.ics'), 'utf8')).toContain(`UID:${keys[0].key}`);

    expect((await run(['sort'], { db: ws.db, env })).stdout).toContain('nothing to sort');
    // the follow-up moved: a redelivery moves the event
    expect((await run(['note', String(ann), 'moved', '--next', '2026-11-27 14:00'], { db: ws.db, env })).code).toBe(0);
    const again = await run(['batches', '1', '--deliver'], { db: ws.db, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('follow-ups: 2 on the calendar (2 updated)');
    const moved = events([keys[0].key]);
    expect(moved).toHaveLength(1);
    expect(moved[0].getFirstPropertyValue('dtstart')!.toString()).toBe('2026-11-27T14:00:00Z');
    expect(events(keys.map((k) => k.key))).toHaveLength(2);
  });

  it('a wrong password, a calendar that is not one, a server that is down: one line each, exit 1, the files kept', async () => {
    await calendar({ secret: 'not-it' });
    const ann = await addLead(ws.db, { first: 'Ann', last: 'Baker', phone: '(617) 555-0100' });
    await logCode(ws.db, ann, 6);
    const r = await run(['sort'], { db: ws.db, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`leads: ${cal.url} refused the user name or password (see calendar.password_command): 1 follow-up event waits`);
    expect(uids()[0].state).toBe('waiting');
    const wrong = `https://127.0.0.1:${cal.port}/sam/`;
    await calendar({ url: wrong });
    const notOne = await run(['batches', '1', '--deliver'], { db: ws.db, env });
    expect(notOne.code).toBe(1);
    expect(notOne.stderr).toContain(`leads: ${wrong} is not a calendar`);
    const down = `https://127.0.0.1:${await freePort()}/sam/follow-ups/`;
    await calendar({ url: down });
    const gone = await run(['batches', '1', '--deliver'], { db: ws.db, env });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`leads: ${down} did not answer (ECONNREFUSED): 1 follow-up event waits`);
    const doctor = await run(['doctor'], { db: ws.db, env });
    expect(doctor.code).toBe(1);
    await calendar();
    const fine = await run(['doctor'], { db: ws.db, env });
    expect(fine.stdout).toMatch(/^calendar +logged in as sam; found the calendar/m);
    expect((await run(['batches', '1', '--deliver'], { db: ws.db, env })).code).toBe(0);
    expect(events([uids()[0].key])).toHaveLength(1);
  });

  it('the password is in no output, no batch file, no database', () => {
    expect(outputs.filter((o) => o.includes(SECRET))).toEqual([]);
    for (const w of workspaces) expect(filesContaining(w, SECRET)).toEqual([]);
  });
});
