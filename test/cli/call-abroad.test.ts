// Calling hours abroad: a lead's zone from its country or its phone's country code, a
// country of several zones held to every one of them, the user's own zone when nothing
// tells; the card's count of leads callable now beside those held back by the hour.
// The user is in New York: the zone is the process's, set before any date is read.
process.env.TZ = 'America/New_York';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leads, leadsInProcess, scriptedPrompter, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const env = (at: string) => ({ TZ: 'America/New_York', LEADS_TODAY: at });
const run = (args: string[], at: string) => leads(args, { db: ws.db, env: env(at) });

function add(...args: string[]): number {
  const r = run(['add', ...args], '2026-11-01 09:00');
  expect(r.stderr).toBe('');
  return Number(r.stdout);
}

/** A Berlin, a London, a Sydney (no state), a Tokyo lead, and one with nothing that tells where it is. */
function seed() {
  return {
    berlin: add('--first', 'Berta', '--last', 'Berlin', '--phone', '+49 30 1234567', '--country', 'DE'),
    london: add('--first', 'Lou', '--last', 'London', '--phone', '+44 20 7946 0958'),
    sydney: add('--first', 'Syd', '--last', 'Sydney', '--city', 'Sydney', '--country', 'Australia'),
    tokyo: add('--first', 'Taro', '--last', 'Tokyo', '--phone', '+81 3-1234-5678', '--country', 'JP'),
    nowhere: add('--first', 'Nemo', '--last', 'Nowhere', '--email', 'nemo@example.com'),
  };
}

type Entry = { id: number; held_back: boolean; local_time: string; time_zone_used: string; time_zone_from: string };
function queue(at: string): Map<number, Entry> {
  const r = run(['call', '--json'], at);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  return new Map((JSON.parse(r.stdout) as Entry[]).map((e) => [e.id, e]));
}

describe('calling hours abroad', () => {
  it('Sunday 06:35 UTC: Berlin (07:35) and London (06:35) are held back, Tokyo and Sydney are not', () => {
    const ids = seed();
    // 01:35 in New York
    const q = queue('2026-11-22 01:35');
    expect(q.get(ids.berlin)).toMatchObject({ held_back: true, local_time: '07:35 GMT+1', time_zone_used: 'Europe/Berlin', time_zone_from: 'country' });
    expect(q.get(ids.london)).toMatchObject({ held_back: true, local_time: '06:35 GMT', time_zone_used: 'Europe/London', time_zone_from: 'phone_country' });
    expect(q.get(ids.tokyo)).toMatchObject({ held_back: false, local_time: '15:35 GMT+9', time_zone_used: 'Asia/Tokyo', time_zone_from: 'country' });
    // no state: every zone of Australia, Perth to Lord Howe, must be within hours
    const sydney = q.get(ids.sydney)!;
    expect(sydney).toMatchObject({ held_back: false, local_time: '14:35 GMT+8 to 17:35 GMT+11', time_zone_from: 'country' });
    expect(sydney.time_zone_used.split(', ')).toEqual([
      'Australia/Perth', 'Australia/Eucla', 'Australia/Adelaide', 'Australia/Darwin', 'Australia/Brisbane', 'Australia/Sydney', 'Australia/Lord_Howe',
    ]);
    // nothing on the lead tells: the user's own clock (01:35 in New York)
    expect(q.get(ids.nowhere)).toMatchObject({ held_back: true, local_time: '01:35 EST', time_zone_used: 'America/New_York', time_zone_from: 'user' });
  });

  it('an hour that suits one zone of Australia but not another holds the Sydney lead back', () => {
    const ids = seed();
    // 16:30 in New York: 05:30 in Perth, 08:30 in Sydney
    expect(queue('2026-11-22 16:30').get(ids.sydney)).toMatchObject({ held_back: true, local_time: '05:30 GMT+8 to 08:30 GMT+11' });
    // 19:00 in New York: 08:00 in Perth, 11:00 in Sydney
    expect(queue('2026-11-22 19:00').get(ids.sydney)).toMatchObject({ held_back: false });
    // 05:00 in New York: 21:00 in Sydney, 18:00 in Perth
    expect(queue('2026-11-22 05:00').get(ids.sydney)).toMatchObject({ held_back: true, local_time: '18:00 GMT+8 to 21:00 GMT+11' });
  });

  it('the card counts the leads callable now, with those held back beside it, and says where each clock comes from', async () => {
    const ids = seed();
    const r = await leadsInProcess(['call'], {
      db: ws.db,
      tty: true,
      columns: 200,
      prompter: scriptedPrompter(['s', 's', 'q']),
      env: { ...env('2026-11-22 01:35'), NO_COLOR: '1' },
    });
    expect(r.code).toBe(0);
    // Sydney and Tokyo are callable; Berlin, London and the lead with no clue are held back
    expect(r.stdout).toContain('── call 1 of 2 now; 3 held back by the hour · new ──');
    expect(r.stdout).toContain(`#${ids.sydney} Syd Sydney`);
    expect(r.stdout).toContain('local time  14:35 GMT+8 to 17:35 GMT+11 (every zone of Australia, from country: no state/region tells which)');
    expect(r.stdout).toContain('── call 2 of 2 now; 3 held back by the hour · new ──');
    expect(r.stdout).toContain('local time  15:35 GMT+9 (Asia/Tokyo, from country)');
    expect(r.stdout).toContain('Nothing more to call now: 3 leads are held back outside 8:00-21:00 their time');
    // --any-hour: every lead is callable, and a lead with no clue says its clock is the user's own
    const any = await leadsInProcess(['call', '--any-hour'], {
      db: ws.db,
      tty: true,
      columns: 200,
      prompter: scriptedPrompter(['s', 's', 's', 's', 'q']),
      env: { ...env('2026-11-22 01:35'), NO_COLOR: '1' },
    });
    expect(any.stdout).toContain('── call 1 of 5 now · new ──');
    expect(any.stdout).toContain('local time  07:35 GMT+1 (Europe/Berlin, from country), outside calling hours');
    expect(any.stdout).toContain("local time  06:35 GMT (Europe/London, from phone's country code), outside calling hours");
    expect(any.stdout).toContain('local time  01:35 EST (your own time zone: nothing on the lead tells its own), outside calling hours');
  });

  it('leads due shows each lead their own time', () => {
    const ids = seed();
    for (const id of [ids.berlin, ids.tokyo]) expect(run(['log', String(id), '4', '--at', '2026-11-20 10:00', '--next', '2026-11-22 01:00'], '2026-11-22 01:35').code).toBe(0);
    const r = run(['due'], '2026-11-22 01:35');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0].split('\t')).toContain('their time');
    expect(lines.find((l) => l.includes('Berta Berlin'))).toMatch(/\t07:35 GMT\+1, outside hours(\t|$)/);
    expect(lines.find((l) => l.includes('Taro Tokyo'))).toMatch(/\t15:35 GMT\+9(\t|$)/);
    const json = JSON.parse(run(['due', '--json'], '2026-11-22 01:35').stdout) as Entry[];
    expect(json.find((e) => e.id === ids.tokyo)).toMatchObject({ local_time: '15:35 GMT+9', time_zone_used: 'Asia/Tokyo', time_zone_from: 'country' });
  });
});
