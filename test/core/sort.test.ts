import { describe, expect, it } from 'vitest';
import {
  addressLines,
  isEmptyPlan,
  replacedByLaterCall,
  batchFolderName,
  followUpAt,
  missingAddress,
  missingSender,
  planRewrite,
  planSort,
  skipReason,
  type BatchKind,
  type BatchLead,
  type PendingItem,
} from '../../dist/core/sort.js';
import { parseTemplate, renderBody, renderSubject } from '../../dist/core/template.js';
import { DEFAULT_EMAIL, DEFAULT_LETTER } from '../../dist/batches/templates.js';
import { withDefaults } from '../../dist/core/settings.js';

const lead = (over: Partial<BatchLead> = {}): BatchLead => ({
  id: 1, first_name: 'Ann', last_name: 'Baker', company: 'Acme', title: null, phone: '555', email: 'ann@acme.example',
  street: '1 Main St', city: 'Boston', region: 'MA', postal_code: '02110', country: null, status: 'prospect', stage: null,
  next_contact_at: null, do_not_call: 0, do_not_email: 0, do_not_mail: 0, forgotten_at: null, merged_into: null,
  ...over,
});

let nextItem = 1;
const item = (kind: BatchKind, l: BatchLead, over: Partial<PendingItem> = {}): PendingItem => ({
  item_id: nextItem++, kind, prev_batch_id: null, prev_skipped: null, outcome_at: '2026-11-24T15:00:00.000Z', last_note: null, later_calls: [], lead: l, ...over,
});

describe('skipReason: who is left out of which batch', () => {
  const cases: [string, BatchKind, Partial<BatchLead>, string | null][] = [
    ['letter with an address', 'letter', {}, null],
    ['letter, postal code but no city', 'letter', { city: null }, null],
    ['letter, city but no postal code', 'letter', { postal_code: null }, null],
    ['letter without a street', 'letter', { street: null }, 'no address'],
    ['letter with a blank street', 'letter', { street: '  ' }, 'no address'],
    ['letter without city or postal code', 'letter', { city: null, postal_code: null }, 'no address'],
    ['letter, do not mail', 'letter', { do_not_mail: 1 }, 'do not mail'],
    ['do-not-mail wins over no address (never listed to fix)', 'letter', { do_not_mail: 1, street: null }, 'do not mail'],
    ['letter, do not email only', 'letter', { do_not_email: 1 }, null],
    ['letter, do not call only (mail still allowed)', 'letter', { do_not_call: 1 }, null],
    ['email with an address', 'email', {}, null],
    ['email without an address', 'email', { email: null }, 'no email'],
    ['email, do not email', 'email', { do_not_email: 1 }, 'do not email'],
    ['do-not-email wins over no email', 'email', { do_not_email: 1, email: null }, 'do not email'],
    ['email, do not mail only', 'email', { do_not_mail: 1 }, null],
    ['follow-up', 'follow_up', { email: null, street: null }, null],
    ['follow-up, do not call', 'follow_up', { do_not_call: 1 }, 'do not call'],
    ['disqualified since', 'letter', { status: 'disqualified' }, 'disqualified'],
    ['forgotten', 'email', { forgotten_at: '2026-11-24T00:00:00.000Z' }, 'forgotten'],
    ['merged into another lead', 'follow_up', { merged_into: 7 }, 'merged'],
  ];
  it.each(cases)('%s', (_name, kind, over, reason) => {
    expect(skipReason(kind, lead(over))).toBe(reason);
  });

  it('missingAddress names what is missing', () => {
    expect(missingAddress(lead())).toEqual([]);
    expect(missingAddress(lead({ street: null, city: null, postal_code: null }))).toEqual(['street', 'city or postal_code']);
  });
});

describe('planSort', () => {
  it('sorts items by kind, lists letters without an address, and marks the rest with reasons', () => {
    const a = lead({ id: 1 });
    const b = lead({ id: 2, street: null });
    const c = lead({ id: 3, do_not_email: 1 });
    const items = [item('letter', a), item('letter', b), item('email', a), item('email', c), item('follow_up', a, { last_note: 'x' })];
    const p = planSort(items);
    expect(p.letters.map((e) => e.lead.id)).toEqual([1]);
    expect(p.needsAddress.map((e) => e.lead.id)).toEqual([2]);
    expect(p.emails.map((e) => e.lead.id)).toEqual([1]);
    expect(p.followUps.map((e) => e.lead.id)).toEqual([1]);
    expect(p.skipped.map((s) => [s.lead_id, s.kind, s.reason])).toEqual([[2, 'letter', 'no address'], [3, 'email', 'do not email']]);
  });

  it('one letter per lead: a second item of the same kind is a duplicate; other kinds are not', () => {
    const a = lead();
    const first = item('letter', a);
    const second = item('letter', a);
    const p = planSort([first, second, item('email', a)]);
    expect(p.letters).toHaveLength(1);
    expect(p.letters[0].item.item_id).toBe(first.item_id);
    expect(p.emails).toHaveLength(1);
    expect(p.skipped).toEqual([{ item_id: second.item_id, lead_id: a.id, kind: 'letter', reason: 'duplicate' }]);
  });

  it('a letter waiting for an address: listed again while it has none, sent once it has one, cancelled by do-not-mail', () => {
    const stillNone = item('letter', lead({ id: 1, street: null }), { prev_batch_id: 3, prev_skipped: 'no address' });
    const nowMailable = item('letter', lead({ id: 2 }), { prev_batch_id: 3, prev_skipped: 'no address' });
    const nowDoNotMail = item('letter', lead({ id: 4, do_not_mail: 1 }), { prev_batch_id: 3, prev_skipped: 'no address' });
    const p = planSort([stillNone, nowMailable, nowDoNotMail]);
    expect(p.letters.map((e) => e.lead.id)).toEqual([2]);
    expect(p.needsAddress.map((e) => e.lead.id)).toEqual([1]);
    expect(p.skipped.map((s) => [s.lead_id, s.reason])).toEqual([
      [1, 'no address'],
      [4, 'do not mail'],
    ]);
  });

  it('letters still waiting for an address make no batch by themselves', () => {
    const waiting = item('letter', lead({ id: 1, street: null }), { prev_batch_id: 3, prev_skipped: 'no address' });
    expect(isEmptyPlan(planSort([waiting]))).toBe(true);
    const p = planSort([waiting, item('email', lead({ id: 2 }))]);
    expect(p.needsAddress.map((e) => e.lead.id)).toEqual([1]);
    expect(p.emails.map((e) => e.lead.id)).toEqual([2]);
  });

  it.each([
    { later: { at: '2026-11-24T18:00:00.000Z', code: 5 }, replaced: true, why: 'a later outcome the same day' },
    { later: { at: '2026-11-24T18:00:00.000Z', code: 3 }, replaced: true, why: 'a later no-answer the same day' },
    { later: { at: '2026-11-26T18:00:00.000Z', code: 1 }, replaced: false, why: 'a later day' },
  ])('an item with $why after it: replaced $replaced', ({ later, replaced }) => {
    const letter = item('letter', lead({ id: 1 }), { later_calls: [later] });
    const p = planSort([letter]);
    expect(p.letters.length).toBe(replaced ? 0 : 1);
    expect(p.skipped.map((s) => s.reason)).toEqual(replaced ? ['replaced by a later call'] : []);
    expect(replacedByLaterCall(letter)).toBe(replaced);
  });

  it('an old no-address letter and a new letter for the same lead: one letter, the new item a duplicate', () => {
    const l = lead();
    const old = item('letter', l, { prev_batch_id: 1, prev_skipped: 'no address' });
    const fresh = item('letter', l);
    const p = planSort([old, fresh]);
    expect(p.letters.map((e) => e.item.item_id)).toEqual([old.item_id]);
    expect(p.skipped).toEqual([expect.objectContaining({ item_id: fresh.item_id, reason: 'duplicate' })]);
  });

  it('planRewrite: served items sorted anew, needs-address listed while still without one', () => {
    const served = item('letter', lead({ id: 1, do_not_mail: 1 }), { prev_batch_id: 5 });
    const noAddr = item('letter', lead({ id: 2, street: null }), { prev_batch_id: 5, prev_skipped: 'no address' });
    const fixedSince = item('letter', lead({ id: 3 }), { prev_batch_id: 5, prev_skipped: 'no address' });
    const p = planRewrite([served, noAddr, fixedSince]);
    expect(p.letters).toEqual([]);
    expect(p.needsAddress.map((e) => e.lead.id)).toEqual([2]);
    expect(p.skipped.map((s) => s.reason)).toEqual(['do not mail']);
  });
});

describe('followUpAt', () => {
  it("is the lead's next contact date, else the next business day at 9:00 after the call", () => {
    expect(followUpAt({ next_contact_at: '2026-12-01T15:00:00.000Z' }, '2026-11-24T15:00:00.000Z').toISOString()).toBe('2026-12-01T15:00:00.000Z');
    // a call on Friday 2026-11-27 → Monday 2026-11-30 9:00 local time
    expect(followUpAt({ next_contact_at: null }, new Date(2026, 10, 27, 15).toISOString())).toEqual(new Date(2026, 10, 30, 9));
  });
});

describe('missingSender', () => {
  const full = withDefaults({
    'sender.name': 'Sam', 'sender.street': '1 Market St', 'sender.city': 'Springfield', 'sender.postal_code': '62701', 'sender.email': 'sam@x.example',
    'sender.phone': '(217) 555-0199',
  });
  const withKinds = (kinds: BatchKind[]) => planSort(kinds.map((k, i) => item(k, lead({ id: i + 1 }))));
  it.each([
    ['letters, all set', ['letter'], {}, null],
    ['letters lack the street', ['letter'], { 'sender.street': '' }, 'the letters need sender.street; set it with `leads config set sender.street ...`'],
    ['letters do not need the email address', ['letter'], { 'sender.email': '' }, null],
    ['letters need the number they tell the lead to call', ['letter'], { 'sender.phone': '' }, 'the letters need sender.phone; set it with `leads config set sender.phone ...`'],
    ['emails need the From address', ['email'], { 'sender.email': ' ' }, 'the emails need sender.email; set it with `leads config set sender.email ...`'],
    ['both need the name', ['letter', 'email'], { 'sender.name': '' }, 'the letters and emails need sender.name; set it with `leads config set sender.name ...`'],
    ['follow-ups need nothing', ['follow_up'], { 'sender.name': '', 'sender.street': '' }, null],
  ] as [string, BatchKind[], Record<string, string>, string | null][])('%s', (_n, kinds, over, message) => {
    const r = missingSender(withKinds(kinds), { ...full, ...over });
    expect(r?.message ?? null).toBe(message);
  });

  it('names several settings in settings order', () => {
    const r = missingSender(withKinds(['letter']), withDefaults({}));
    expect(r?.missing).toEqual(['sender.name', 'sender.street', 'sender.city', 'sender.postal_code', 'sender.phone']);
  });
});

describe('addressLines', () => {
  it.each([
    ['a full US address', {}, 'US', ['Ann Baker', 'Acme', '1 Main St', 'Boston, MA 02110']],
    ['no company', { company: null }, 'US', ['Ann Baker', '1 Main St', 'Boston, MA 02110']],
    ['no person: the company leads', { first_name: null, last_name: null }, 'US', ['Acme', '1 Main St', 'Boston, MA 02110']],
    ['a street on two lines', { street: '1 Main St\nSuite 4' }, 'US', ['Ann Baker', 'Acme', '1 Main St', 'Suite 4', 'Boston, MA 02110']],
    ['the same country, spelt otherwise', { country: 'United States' }, 'US', ['Ann Baker', 'Acme', '1 Main St', 'Boston, MA 02110']],
    ['abroad: the country last, in capitals', { country: 'Canada', region: 'ON', city: 'Toronto', postal_code: 'M5V 2T6' }, 'US', ['Ann Baker', 'Acme', '1 Main St', 'Toronto, ON M5V 2T6', 'CANADA']],
    ['no region', { region: null }, 'US', ['Ann Baker', 'Acme', '1 Main St', 'Boston, 02110']],
    ['no country, a Canadian province', { region: 'ON', city: 'Toronto', postal_code: 'M5V 2T6' }, 'US', ['Ann Baker', 'Acme', '1 Main St', 'Toronto, ON M5V 2T6', 'CANADA']],
    ['no country, a province by name: written as Canada Post writes it', { region: 'Québec', city: 'Montréal', postal_code: null }, 'US', ['Ann Baker', 'Acme', '1 Main St', 'Montréal, QC', 'CANADA']],
    ['no country nor region, a Canadian postal code', { region: null, city: 'Halifax', postal_code: 'B3H 1A1' }, 'US', ['Ann Baker', 'Acme', '1 Main St', 'Halifax, B3H 1A1', 'CANADA']],
    ['a US state from a Canadian sender', {}, 'CA', ['Ann Baker', 'Acme', '1 Main St', 'Boston, MA 02110', 'UNITED STATES']],
    ['a Canadian province at home in Canada', { region: 'BC', city: 'Victoria', postal_code: 'V8W 1A1' }, 'Canada', ['Ann Baker', 'Acme', '1 Main St', 'Victoria, BC V8W 1A1']],
    ['a country code becomes its name; Germany writes the postal code first', { country: 'de', region: null, city: 'Berlin', postal_code: '10115' }, 'US', ['Ann Baker', 'Acme', '1 Main St', '10115 Berlin', 'GERMANY']],
    ['a country name at home as a code', { country: 'Germany', region: null, city: 'Berlin', postal_code: '10115' }, 'DE', ['Ann Baker', 'Acme', '1 Main St', '10115 Berlin']],
    ['a German sender\'s lead with no country is laid out as at home', { country: null, region: null, city: 'München', postal_code: '80331' }, 'DE', ['Ann Baker', 'Acme', '1 Main St', '80331 München']],
    ['France: the postal code first', { country: 'France', region: null, city: 'Paris', postal_code: '75002' }, 'US', ['Ann Baker', 'Acme', '1 Main St', '75002 Paris', 'FRANCE']],
    ['the United Kingdom: the postcode on its own line', { country: 'UK', region: null, city: 'London', postal_code: 'SW1A 1AA' }, 'US', ['Ann Baker', 'Acme', '1 Main St', 'London', 'SW1A 1AA', 'UNITED KINGDOM']],
    ['an Italian sender\'s lead in Palermo (PA) is not taken for Pennsylvania; Italy writes the province after the town', { country: null, region: 'PA', city: 'Palermo', postal_code: '90133' }, 'IT', ['Ann Baker', 'Acme', '1 Main St', '90133 Palermo PA']],
    ['Puerto Rico is mailed at home in the US', { region: 'PR', city: 'San Juan', postal_code: '00901' }, 'US', ['Ann Baker', 'Acme', '1 Main St', 'San Juan, PR 00901']],
    ['Turkey: the postal code before the town', { country: 'TR', region: null, city: 'Istanbul', postal_code: '34433', street: 'İstiklal Cad. 12' }, 'US', ['Ann Baker', 'Acme', 'İstiklal Cad. 12', '34433 Istanbul', 'TÜRKIYE']],
    ['a ZIP as stored, its leading zero kept', { postal_code: '02110' }, 'US', ['Ann Baker', 'Acme', '1 Main St', 'Boston, MA 02110']],
    ['Australia: the state and postcode after the town', { country: 'AU', region: 'NSW', city: 'Sydney', postal_code: '2000' }, 'US', ['Ann Baker', 'Acme', '1 Main St', 'Sydney NSW 2000', 'AUSTRALIA']],
    ['China: from the province down, the name last', { first_name: '伟', last_name: '王', company: null, country: 'CN', region: '北京市', city: '朝阳区', postal_code: '100022', street: '建国路88号' }, 'US', ['100022', '北京市', '朝阳区', '建国路88号', '王伟', 'CHINA']],
    ['Japan: a Japanese name family name first', { first_name: '太郎', last_name: '田中', company: null, country: 'Japan', region: '東京都', city: '千代田区', postal_code: '100-0001', street: '千代田1-1' }, 'US', ['田中太郎', '千代田1-1', '千代田区, 東京都 100-0001', 'JAPAN']],
    ['a Greek name and address', { first_name: 'Γιώργος', last_name: 'Παπαδόπουλος', company: null, country: 'GR', region: null, city: 'Αθήνα', postal_code: '105 63', street: 'Ερμού 25' }, 'US', ['Γιώργος Παπαδόπουλος', 'Ερμού 25', '105 63 Αθήνα', 'GREECE']],
  ] as [string, Partial<BatchLead>, string, string[]][])('%s', (_n, over, home, lines) => {
    expect(addressLines(lead(over), home)).toEqual(lines);
  });
});

describe('batchFolderName', () => {
  it.each([
    [[], '2026-11-24'],
    [['2026-11-24'], '2026-11-24-2'],
    [['2026-11-24', '2026-11-24-2'], '2026-11-24-3'],
    [['2026-11-23'], '2026-11-24'],
  ] as [string[], string][])('used %j → %s', (used, name) => {
    expect(batchFolderName('2026-11-24', new Set(used))).toBe(name);
  });
});

describe('templates', () => {
  it('merges fields, uses the fallback for an empty value, drops a line of empty fields only', () => {
    const t = parseTemplate('Dear {{first_name|Sir or Madam}},\n{{ company }}\nfrom {{sender.name}}\n{{title}}\n\nBye\n', 'letter.txt');
    expect(renderBody(t, { first_name: 'Ann', company: 'Acme', 'sender.name': 'Sam' })).toBe('Dear Ann,\nAcme\nfrom Sam\n\nBye\n');
    expect(renderBody(t, { first_name: ' ', company: null })).toBe('Dear Sir or Madam,\nfrom \n\nBye\n');
  });

  it('no doubled punctuation from data: a value ending in a stop takes the place of the one after it', () => {
    const t = parseTemplate('Subject: A note for {{company}}.\n\nabout {{company|your business}}. As promised,\n{{company}}, {{city}}.\n{{company}}...\n', 'email.txt', true);
    const body = (company: string) => renderBody(t, { company, city: 'Boston' });
    expect(body('Lakeside Veterinary Clinic Ltd.')).toBe(
      'about Lakeside Veterinary Clinic Ltd. As promised,\nLakeside Veterinary Clinic Ltd., Boston.\nLakeside Veterinary Clinic Ltd....\n',
    );
    expect(body('Yahoo!')).toContain('about Yahoo! As promised');
    expect(body('Acme')).toBe('about Acme. As promised,\nAcme, Boston.\nAcme...\n');
    expect(renderSubject(t, { company: 'Acme Inc.' })).toBe('A note for Acme Inc.');
    // the default letter and email, merged with data that ends in a stop, have no ".." anywhere
    for (const text of [DEFAULT_LETTER, DEFAULT_EMAIL.replace(/^/, '')]) {
      const tpl = parseTemplate(text, 'default', text.startsWith('Subject:'));
      const values = { first_name: 'Ann.', company: 'Lakeside Veterinary Clinic Ltd.', 'sender.company': 'Seller & Co.', 'sender.name': 'Pat S.', 'sender.phone': '555-0100.', 'sender.email': 'pat@seller.example' };
      expect(renderBody(tpl, values) + renderSubject(tpl, values)).not.toMatch(/\.\.|\.,\.|,,/);
    }
  });

  it('reads the subject of an email template and normalises CRLF and a BOM', () => {
    const t = parseTemplate('\uFEFFSubject: Hi {{name}}\r\n\r\n\r\nBody {{company}}\r\n', 'email.txt', true);
    expect(renderSubject(t, { name: 'Ann Baker' })).toBe('Hi Ann Baker');
    expect(renderBody(t, { company: 'Acme' })).toBe('Body Acme\n');
  });

  it.each([
    ['an unknown field', 'Hello\n\n{{colour}}\n', false, 'template t.txt line 3: unknown merge field {{colour}}'],
    ['an unknown field in the body after the subject', 'Subject: x\n\nok\n{{nope}}\n', true, 'template t.txt line 4: unknown merge field {{nope}}'],
    ['no subject line', 'Hello\n', true, 'template t.txt line 1: an email template starts with a "Subject: ..." line'],
    ['an empty subject', 'Subject:  \nHello\n', true, 'template t.txt line 1: an email template starts'],
  ] as [string, string, boolean, string][])('refuses %s', (_n, text, subject, message) => {
    expect(() => parseTemplate(text, 't.txt', subject)).toThrow(message);
  });
});
