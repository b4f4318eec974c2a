// leads call: the queue (--json), and the session driven in-process with scripted answers.
process.env.TZ = 'UTC';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { leads, leadsInProcess, tempWorkspace } from '../helpers/cli.js';
import { Cancelled } from '../../dist/core/errors.js';
import { openDatabase } from '../../dist/store/db.js';
import { queueSql } from '../../dist/store/queue.js';
import { periodExtras } from '../../dist/store/report.js';
import type { Prompter } from '../../dist/cli/context.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => (ws = tempWorkspace()));
afterEach(() => ws.cleanup());

const CTRL_C = Symbol('Ctrl-C');
/** Answers prompts in order; CTRL_C rejects as Ctrl-C does; asking more than scripted fails. */
function answers(list: (string | typeof CTRL_C)[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = async (m: string) => {
    asked.push(m);
    if (!list.length) throw new Error(`unexpected prompt: ${m}`);
    const a = list.shift()!;
    if (a === CTRL_C) throw new Cancelled();
    return a;
  };
  return { asked, input: next, key: next, confirm: async (m) => (await next(m)) === 'y' };
}

// LEADS_TODAY 2026-11-24 15:00 UTC: 10:00 in New York, 7:00 in Seattle
const AT = '2026-11-24 15:00';
const run = (args: string[], env: Record<string, string> = {}) => leads(args, { db: ws.db, env: { LEADS_TODAY: AT, ...env } });
const session = (args: string[], p: Prompter, env: Record<string, string> = {}) =>
  leadsInProcess(['call', ...args], { db: ws.db, tty: true, prompter: p, env: { LEADS_TODAY: AT, NO_COLOR: '1', ...env } });

function sql(text: string, ...params: unknown[]) {
  const db = new Database(ws.db);
  try {
    return db.prepare(text).run(...params);
  } finally {
    db.close();
  }
}
function rows<T = Record<string, unknown>>(text: string, ...params: unknown[]): T[] {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare(text).all(...params) as T[];
  } finally {
    db.close();
  }
}
const queue = (args: string[] = [], env: Record<string, string> = {}) => {
  const r = run(['call', '--json', ...args], env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { id: number; queue_kind: string; held_back: boolean; local_time: string | null }[];
};
// registered before the calls back-filled with --at (a call cannot precede its lead)
const add = (...args: string[]) => {
  const r = run(['add', ...args], { LEADS_TODAY: '2026-11-01 09:00' });
  expect(r.code).toBe(0);
  return Number(r.stdout);
};

/** A queue of every kind, and of every kind that must stay out of it. */
function seedQueue() {
  const ids = {
    fresh: add('--first', 'Fresh', '--phone', '617-555-0101', '--list', 'spring', '--source', 'fair'),
    vip: add('--first', 'Vip', '--phone', '617-555-0102', '--list', 'spring'),
    retry: add('--first', 'Retry', '--phone', '312-555-0103', '--source', 'fair'),
    callback: add('--first', 'Callback', '--phone', '617-555-0104', '--region', 'MA'),
    overdue: add('--first', 'Overdue', '--phone', '617-555-0105'),
    cycle: add('--first', 'Cycle', '--phone', '617-555-0106', '--postal-code', '02139'),
    cooling: add('--first', 'Cooling', '--phone', '617-555-0107'),
    dnc: add('--first', 'Dnc', '--phone', '617-555-0108'),
    dq: add('--first', 'Dq', '--phone', '617-555-0109'),
    today: add('--first', 'Today', '--phone', '617-555-0110'),
    sold: add('--first', 'Sold', '--phone', '617-555-0111'),
    later: add('--first', 'Later', '--phone', '617-555-0112'),
    seattle: add('--first', 'Seattle', '--phone', '206-555-0113'),
  };
  sql('UPDATE leads SET priority = 5 WHERE id = ?', ids.vip);
  expect(run(['log', String(ids.retry), '3', '--at', 'yesterday 10:00']).code).toBe(0);
  expect(run(['log', String(ids.callback), '4', '--at', '2026-11-20 10:00', '--next', 'today 14:00']).code).toBe(0);
  expect(run(['log', String(ids.overdue), '4', '--at', '2026-11-18 10:00', '--next', '2026-11-21 09:00']).code).toBe(0);
  expect(run(['log', String(ids.cycle), '6', '--at', '2026-11-20 10:00', '--next', '2026-11-23 09:00']).code).toBe(0);
  expect(run(['log', String(ids.cooling), '1', '--at', '2026-11-20 10:00']).code).toBe(0);
  expect(run(['log', String(ids.dnc), '7', '--at', '2026-11-20 10:00']).code).toBe(0);
  expect(run(['log', String(ids.dq), '9', '--at', '2026-11-20 10:00']).code).toBe(0);
  expect(run(['log', String(ids.today), '3', '--at', 'today 09:00']).code).toBe(0);
  expect(run(['log', String(ids.later), '4', '--at', '2026-11-20 10:00', '--next', 'tomorrow 10:00']).code).toBe(0);
  sql("UPDATE leads SET status = 'sold' WHERE id = ?", ids.sold);
  return ids;
}

describe('the queue (leads call --json)', () => {
  it('orders due call-backs and follow-ups (overdue first), retries, new prospects by priority; leaves out the rest', () => {
    const ids = seedQueue();
    // the retry of "today" was called today; the sold, do-not-call, disqualified, cooling and later are out
    expect(queue(['--any-hour']).map((e) => [e.id, e.queue_kind])).toEqual([
      [ids.overdue, 'call_back'],
      [ids.cycle, 'follow_up'],
      [ids.callback, 'call_back'],
      [ids.retry, 'retry'],
      [ids.vip, 'new'],
      [ids.fresh, 'new'],
      [ids.seattle, 'new'],
    ]);
  });

  it('leads called today with a code that keeps their date never hide a callable lead behind them', async () => {
    const go = async (args: string[], today = AT) => {
      const r = await leadsInProcess(args, { db: ws.db, env: { LEADS_TODAY: today } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return r.stdout;
    };
    await go(['codes', 'add', '20', 'left with assistant', '--action', 'none']);
    const called: number[] = [];
    for (const n of [1, 2, 3]) {
      // registered before the calls back-filled on the 18th
      const id = Number(await go(['add', '--first', `Called${n}`, '--phone', `617-555-020${n}`], '2026-11-17'));
      await go(['log', String(id), '4', '--at', '2026-11-18 10:00', '--next', '2026-11-21 09:00']);
      await go(['log', String(id), '20', '--at', 'today 09:00']);
      called.push(id);
    }
    const waiting = Number(await go(['add', '--first', 'Waiting', '--phone', '617-555-0209'], '2026-11-17'));
    await go(['log', String(waiting), '4', '--at', '2026-11-18 10:00', '--next', '2026-11-22 09:00']);
    await go(['log', String(waiting), '20', '--at', 'yesterday 10:00']);
    // the three called today come first in their part of the read, past a limit of two
    const q = JSON.parse(await go(['call', '--json', '--any-hour', '--limit', '2'])) as { id: number; queue_kind: string }[];
    expect(q.map((e) => [e.id, e.queue_kind])).toEqual([[waiting, 'call_back']]);
  });

  it('a merged lead is never queued', () => {
    const ids = seedQueue();
    sql('UPDATE leads SET merged_into = ? WHERE id = ?', ids.vip, ids.fresh);
    expect(queue(['--any-hour']).map((e) => e.id)).not.toContain(ids.fresh);
  });

  it('marks leads outside 8:00-21:00 their time as held back, with their local time', () => {
    const ids = seedQueue();
    const q = queue();
    const seattle = q.find((e) => e.id === ids.seattle)!;
    expect(seattle).toMatchObject({ held_back: true, local_time: '07:00 PST' });
    expect(q.find((e) => e.id === ids.fresh)).toMatchObject({ held_back: false, local_time: '10:00 EST' });
    expect(queue(['--any-hour']).find((e) => e.id === ids.seattle)).toMatchObject({ held_back: false });
  });

  it('filters by source, list and territory; --limit cuts the list', () => {
    const ids = seedQueue();
    expect(queue(['--any-hour', '--source', 'fair']).map((e) => e.id)).toEqual([ids.retry, ids.fresh]);
    expect(queue(['--any-hour', '--list', 'spring']).map((e) => e.id)).toEqual([ids.vip, ids.fresh]);
    expect(queue(['--any-hour', '--territory', 'ma, 021']).map((e) => e.id)).toEqual([ids.cycle, ids.callback]);
    expect(queue(['--any-hour', '--limit', '2']).map((e) => e.id)).toEqual([ids.overdue, ids.cycle]);
  });

  it.each([
    [['--limit', '0'], 'leads: --limit must be at least 1\n'],
    [['--limit', 'x'], 'leads: --limit must be a whole number\n'],
    [['--territory', ' , '], 'leads: --territory takes states/regions or postal-code prefixes, e.g. MA,NH,021\n'],
  ])('refuses %j (exit 2)', (args, message) => {
    expect(run(['call', ...args])).toMatchObject({ code: 2, stdout: '', stderr: message });
  });

  it('the queue query reads indexes only: no scan of the leads table, no sort', () => {
    seedQueue();
    const db = openDatabase(ws.db);
    try {
      for (const f of [{}, { list: 'spring' }, { source: 'fair' }, { territory: ['MA'] }, { list: 'spring', territory: ['MA'] }]) {
        const { sql: text, params } = queueSql(db, f);
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all({ ...params, now: 'x', n: 5 }) as { detail: string }[]).map(
          (r) => r.detail,
        );
        const reads = plan.filter((d) => /\bleads\b/.test(d));
        expect(reads.length, JSON.stringify(f)).toBe(15);
        for (const d of reads) expect(d, JSON.stringify(f)).toMatch(/^(SEARCH|SCAN) leads USING INDEX leads_queue_/);
        expect(plan.join('\n')).not.toMatch(/SCAN leads$|TEMP B-TREE/m);
      }
    } finally {
      db.close();
    }
  });
});

describe('the session', () => {
  it('without a terminal: exit 2, pointing to leads log', () => {
    seedQueue();
    const r = run(['call']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('leads: leads call needs a terminal; record a call with `leads log ID CODE` (or see the queue: leads call --json)\n');
  });

  const three = () => ({
    ann: add('--first', 'Ann', '--last', 'Baker', '--phone', '617-555-0100'),
    bo: add('--first', 'Bo', '--last', 'Chan', '--phone', '312-555-0100'),
    cy: add('--first', 'Cy', '--last', 'Dunn', '--phone', '617-555-0199', '--email', 'cy@dunn.example'),
  });
  const calls = () => rows<{ lead_id: number; channel: string; code: number | null; result: string | null; note: string | null; session_id: number | null }>(
    "SELECT lead_id, channel, code, result, note, session_id FROM touches WHERE channel NOT IN ('edit') ORDER BY id",
  );

  it('logs outcomes one lead after another, undoes the last, and quits with a summary', async () => {
    const ids = three();
    // Ann has no postal address: the letter asks for one, and Enter leaves it waiting
    const p = answers(['2', '', 'sent the brochure', '3', 'a', '', 'u', 'q']);
    const r = await session([], p);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(p.asked).toEqual([
      'outcome>', 'Street for the letter (Enter to skip: it waits in needs-address.csv)', 'Note (Enter for none)',
      'outcome>', 'result: a no answer · v voicemail · b busy · o someone else (Enter: no answer)>', 'Note (Enter for none)',
      'outcome>', 'outcome>',
    ]);
    expect(r.stdout).toContain('#1 Ann Baker');
    expect(r.stdout).toContain('local time  10:00 EST (America/New_York, from phone area code)');
    expect(r.stdout).toContain("✓ #1 code 2 send letter (0:00); letter for tonight's sort; next contact 2026-12-24 (any time)");
    expect(r.stdout).toContain('✓ #2 code 3 not available (0:00); next contact 2026-11-25 (any time)');
    expect(r.stdout).toContain('undid code 3 for #2 Bo Chan');
    // after the undo, Bo's card shows again
    expect(r.stdout.split('#2 Bo Chan').length).toBe(4);
    expect(r.stdout).toMatch(/Session ended\nlength +under a minute\nleads shown +4\ncalls +1\nreached +1\non the phone +0 s \(0 s a call\)\ncalls per hour +—\n  code  2 send letter +1\n$/);
    expect(calls()).toEqual([
      { lead_id: ids.ann, channel: 'call', code: 2, result: null, note: 'sent the brochure', session_id: 1 },
      { lead_id: ids.bo, channel: 'undo', code: 3, result: null, note: 'undid the call with code 3', session_id: 1 },
    ]);
    expect(rows('SELECT lead_id, kind, batch_id FROM batch_items')).toEqual([{ lead_id: ids.ann, kind: 'letter', batch_id: null }]);
    expect(rows('SELECT calls, reached, ended_at IS NOT NULL AS ended FROM sessions')).toEqual([{ calls: 1, reached: 1, ended: 1 }]);
    expect(rows('SELECT code, attempts, last_called_at, next_contact_at FROM leads WHERE id = ?', ids.bo)).toEqual([
      { code: null, attempts: 0, last_called_at: null, next_contact_at: null },
    ]);
  });

  it('Ctrl-C at the code prompt ends the session: exit 130, the outcome before it saved, the summary printed', async () => {
    const ids = three();
    const r = await session([], answers(['1', '', CTRL_C]));
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('leads: interrupted: the call logged in this session is saved\n');
    expect(r.stdout).toContain('Session ended (Ctrl-C)');
    expect(calls()).toEqual([{ lead_id: ids.ann, channel: 'call', code: 1, result: null, note: null, session_id: 1 }]);
    expect(rows('SELECT calls, ended_at IS NOT NULL AS ended FROM sessions')).toEqual([{ calls: 1, ended: 1 }]);
  });

  it('Ctrl-C at the note keeps the outcome already answered', async () => {
    const ids = three();
    const r = await session([], answers(['4', 'tomorrow 9:30', CTRL_C]));
    expect(r.code).toBe(130);
    expect(rows('SELECT code, next_contact_at FROM leads WHERE id = ?', ids.ann)).toEqual([
      { code: 4, next_contact_at: '2026-11-25T09:30:00.000Z' },
    ]);
  });

  it('Ctrl-C at a required question (the call-back date) logs nothing for that lead', async () => {
    three();
    const r = await session([], answers(['4', CTRL_C]));
    expect(r.code).toBe(130);
    expect(calls()).toEqual([]);
  });

  it('a call-back asks for the date until it is a date to come; Enter goes back to the code', async () => {
    const ids = three();
    const p = answers(['4', 'someday', 'yesterday', '', '4', 'tomorrow 14:00', 'wants the price list', 'q']);
    const r = await session([], p);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('not a date I know; use YYYY-MM-DD');
    expect(r.stdout).toContain('2026-11-23 09:00 has passed; give a later time');
    expect(r.stdout).toContain('(no outcome logged; choose again)');
    expect(rows('SELECT code, next_contact_at FROM leads WHERE id = ?', ids.ann)).toEqual([
      { code: 4, next_contact_at: '2026-11-25T14:00:00.000Z' },
    ]);
  });

  it('an email code asks for the address when the lead has none; a lead with one is not asked', async () => {
    const ids = three();
    const p = answers(['5', 'not-an-address', 'ann@baker.example', '', 's', '5', '', 'q']);
    const r = await session([], p);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('that does not look like an email address');
    expect(p.asked.filter((m) => m.startsWith('Email'))).toHaveLength(2);
    expect(rows('SELECT id, email FROM leads WHERE code = 5 ORDER BY id')).toEqual([
      { id: ids.ann, email: 'ann@baker.example' },
      { id: ids.cy, email: 'cy@dunn.example' },
    ]);
    expect(rows("SELECT lead_id, kind FROM batch_items ORDER BY id")).toEqual([
      { lead_id: ids.ann, kind: 'email' },
      { lead_id: ids.cy, kind: 'email' },
    ]);
  });

  it('a finished lead takes the next business day as its follow-up on Enter', async () => {
    const ids = three();
    const r = await session(['--limit', '1'], answers(['6', '', 'quote sent']));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 call made: the --limit is reached');
    expect(rows('SELECT status, stage, next_contact_at FROM leads WHERE id = ?', ids.ann)).toEqual([
      { status: 'cycle', stage: 'quote', next_contact_at: '2026-11-25T09:00:00.000Z' },
    ]);
  });

  it('the card shows its place among the leads callable now; past a thousand leads it says 1000+', async () => {
    const csv = join(ws.dir, 'big.csv');
    const rows = Array.from({ length: 1001 }, (_, i) => `Lead ${i},Co ${i},617-555-${String(1000 + i).padStart(4, '0')}`);
    writeFileSync(csv, ['name,company,phone', ...rows].join('\n') + '\n');
    expect(leads(['import', csv, '--list', 'big'], { db: ws.db }).code).toBe(0);
    const r = await session([], answers(['s', 'q']));
    expect(r.stdout).toContain('── call 1 of 1000+ now · new');
    expect(r.stdout).toContain('── call 2 of 1000+ now · new');
    const limited = await session(['--limit', '40'], answers(['s', 's', 'q']));
    expect(limited.stdout).toContain('── call 1 of 40 now · new');
    // --limit counts calls: each skip makes room for one more card, so the place never passes the total
    expect(limited.stdout).toContain('── call 2 of 41 now · new');
    expect(limited.stdout).toContain('── call 3 of 42 now · new');
  });

  it('dial.auto dials each new card once: a lead shown again after an undo is not dialled by itself', async () => {
    three();
    expect(leads(['config', 'set', 'dial.command', 'true {number}'], { db: ws.db }).code).toBe(0);
    expect(leads(['config', 'set', 'dial.auto', 'on'], { db: ws.db }).code).toBe(0);
    const r = await session([], answers(['1', '', 'u', 'd', 'q']));
    expect(r.code).toBe(0);
    const dials = r.stdout.split('\n').filter((l) => l.startsWith('dialling the phone'));
    // Ann as her card shows, Bo as his does; Ann again only by `d`
    expect(dials).toEqual(['dialling the phone +16175550100', 'dialling the phone +13125550100', 'dialling the phone +16175550100']);
    expect(r.stdout).toMatch(/dials +3/);
  });

  it('s skips a lead for the session, n adds a note and stays on the lead, u with nothing logged says so', async () => {
    const ids = three();
    const p = answers(['s', 'u', 'n', 'reception says after lunch', 'q']);
    const r = await session([], p);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`skipped #${ids.ann}`);
    expect(r.stdout).toContain('Nothing to undo in this session.');
    expect(r.stdout).toContain('note saved');
    expect(calls()).toEqual([{ lead_id: ids.bo, channel: 'note', code: null, result: null, note: 'reception says after lunch', session_id: null }]);
    expect(rows('SELECT calls FROM sessions')).toEqual([{ calls: 0 }]);
  });

  it('an empty queue ends at once; leads held back by calling hours are counted', async () => {
    let r = await session([], answers([]));
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('Nothing more to call now: the queue is empty.');
    add('--first', 'Early', '--phone', '206-555-0100');
    r = await session([], answers([]));
    expect(r.stdout).toContain('Nothing more to call now: 1 lead is held back outside 8:00-21:00 their time (`leads call --any-hour` calls them).');
    const p = answers(['q']);
    r = await session(['--any-hour'], p);
    expect(r.stdout).toContain('local time  07:00 PST (America/Los_Angeles, from phone area code), outside calling hours');
  });

  it('on a colour terminal the card and the outcome are in colour; NO_COLOR turns it off', async () => {
    three();
    const colour = await session([], answers(['1', '', 'q']), { NO_COLOR: '', TERM: 'xterm' });
    expect(colour.stdout).toMatch(/\u001b\[32m✓ #1 code 1 not interested/);
    const plain = await session([], answers(['q']));
    expect(plain.stdout).not.toMatch(/\u001b\[/);
  });

  it('filters the session like the queue', async () => {
    const ids = seedQueue();
    const r = await session(['--list', 'spring', '--any-hour'], answers(['1', '', '1', '']));
    expect(r.code).toBe(0);
    expect(rows('SELECT id FROM leads WHERE code = 1 AND last_called_at >= ? ORDER BY id', '2026-11-24')).toEqual([
      { id: ids.fresh }, { id: ids.vip },
    ]);
    expect(rows('SELECT filters FROM sessions')).toEqual([
      { filters: JSON.stringify({ source: null, list: 'spring', territory: null, any_hour: true }) },
    ]);
  });
});

describe('the card on a narrow terminal', () => {
  const LEGEND = [
    '1 not interested · 2 send letter · 3 not available · 4 call back',
    '5 send permission email · 6 finished lead · 7 do not call · 9 disqualified',
    's skip · u undo · n note · d dial · m mobile · q quit',
  ];
  /** One call-back logged for a lead with a long name, company and title, 07:00 their time. */
  const card = (columns: number) => {
    add(
      '--first', 'Annabelle-Marguerite', '--last', 'Van der Berg-Houghton', '--phone', '206-555-0100',
      '--company', 'Lakeside Veterinary Clinic and Small Animal Hospital of Greater Springfield Ltd.', '--title', 'Director of Operations',
    );
    return leadsInProcess(['call', '--any-hour'], {
      db: ws.db, tty: true, columns, prompter: answers(['4', 'tomorrow 10:00', '', 'q']), env: { LEADS_TODAY: AT, NO_COLOR: '1' },
    });
  };
  // words as a wide terminal shows them; the clock of the call left out, as it may tick
  const words = (out: string) => out.split(/\s+/).filter((w) => w && !/^\(\d+:\d\d\);?$/.test(w));

  it.each([80, 50])('at %i columns every line fits and breaks only between items or words', async (columns) => {
    const r = await card(columns);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
    // a word cut in two (`permis` / `sion`) would be a word a wide terminal never shows
    ws.cleanup();
    ws = tempWorkspace();
    const wide = new Set(words((await card(300)).stdout));
    for (const w of words(r.stdout)) expect(wide.has(w), w).toBe(true);
    // the legend breaks between its items: each line is whole items
    const legendItems = LEGEND.join(' · ').split(' · ');
    const shown = lines.filter((l) => l.split(' · ').every((item) => /^(\d|[sundmq]) [a-z][a-z ]*$/.test(item)));
    expect(shown.join(' · ').split(' · ')).toEqual(legendItems);
    if (columns === 80) {
      expect(shown).toEqual(LEGEND);
      expect(r.stdout).toContain('local time  07:00 PST (America/Los_Angeles, from phone area code),\n            outside calling hours\n');
      expect(r.stdout).toContain('\n#1 Annabelle-Marguerite Van der Berg-Houghton\nLakeside Veterinary Clinic and Small Animal Hospital of Greater Springfield Ltd.\n(Director of Operations)\n');
    } else {
      // the outcome breaks between its parts: the date and its time on one line
      expect(r.stdout).toMatch(/\n✓ #1 code 4 call back \(\d+:\d\d\);\n {2}next contact 2026-11-25 10:00\n/);
    }
  });

  it('on a wide terminal the legend is one line, as before', async () => {
    const r = await card(200);
    expect(r.stdout).toContain(`\n${LEGEND[0]} · ${LEGEND[1]}  |  ${LEGEND[2]}\n`);
    expect(r.stdout).toMatch(/\n✓ #1 code 4 call back \(\d+:\d\d\); next contact 2026-11-25 10:00\n/);
  });
});

describe('a follow-up in the session moves the lead through the cycle', () => {
  it('t asks the stage, the next follow-up and a note; the stage touch belongs to the session', async () => {
    const ann = add('--first', 'Ann', '--last', 'Baker', '--phone', '617-555-0134');
    expect(run(['log', String(ann), '6', '--next', '2026-11-25 10:00', '--at', '2026-11-23 15:00']).code).toBe(0);
    // the follow-up is due the next day: the card offers t (stage)
    const p = answers(['t', 'thinking', '+1w', 'wants to ask his partner']);
    const r = await session([], p, { LEADS_TODAY: '2026-11-25 15:00' });
    expect(r.code).toBe(0);
    expect(p.asked).toEqual([
      'outcome>',
      'Stage: thinking, application, done (Enter to go back)',
      'Next follow-up (Enter: 2026-11-26 09:00)',
      'Note (Enter for none)',
    ]);
    expect(r.stdout).toContain('· t stage');
    expect(r.stdout).toContain('Nothing more to call now: the queue is empty.');
    expect(r.stdout).toContain(`✓ #${ann} quote → thinking (thinking ×1) (0:00)`);
    // the follow-up call is timed like any call: its length is on the stage touch
    expect(rows("SELECT channel, stage, note, session_id, duration_s FROM touches WHERE channel = 'stage'")).toEqual([
      { channel: 'stage', stage: 'thinking', note: 'wants to ask his partner', session_id: 1, duration_s: 0 },
    ]);
    expect(r.stdout).toMatch(/on the phone +0 s \(0 s a call\)/);
    // a follow-up call is a call, with a person reached: in the session's figures and the report's
    expect(r.stdout).toMatch(/\ncalls +1\nreached +1\n/);
    expect(rows('SELECT calls, reached FROM sessions')).toEqual([{ calls: 1, reached: 1 }]);
    const db = openDatabase(ws.db);
    try {
      expect(periodExtras(db, '2026-11-25T00:00:00.000Z', '2026-11-26T00:00:00.000Z')).toMatchObject({ session_calls: 1, timed_calls: 1 });
    } finally {
      db.close();
    }
    expect(rows('SELECT stage, thinking_count, next_contact_at FROM leads WHERE id = ?', ann)).toEqual([
      { stage: 'thinking', thinking_count: 1, next_contact_at: '2026-12-02T09:00:00.000Z' },
    ]);
  });

  it('a stage the lead cannot move to is refused on screen and nothing is recorded', async () => {
    const ann = add('--first', 'Ann', '--last', 'Baker', '--phone', '617-555-0134');
    expect(run(['log', String(ann), '6', '--next', '2026-11-25 10:00', '--at', '2026-11-23 15:00']).code).toBe(0);
    const p = answers(['t', 'delivery', 'q']);
    const r = await session([], p, { LEADS_TODAY: '2026-11-25 15:00' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('from quote it can move to: thinking, application, done');
    expect(p.asked).toEqual(['outcome>', 'Stage: thinking, application, done (Enter to go back)', 'outcome>']);
    expect(rows("SELECT count(*) AS n FROM touches WHERE channel = 'stage'")).toEqual([{ n: 0 }]);
  });
});
