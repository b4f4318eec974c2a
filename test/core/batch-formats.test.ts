// The batch writers' pure formatting: RFC 5322/2047/2045 pieces of an email, WinAnsi for
// the PDF fonts, and the label grid.
import { describe, expect, it } from 'vitest';
import PostalMime from 'postal-mime';
import { buildEml, encodeWords, mailbox, quotedPrintable, rfc5322Date } from '../../dist/batches/eml.js';
import { labelOrigin, LABELS, winAnsi, WINDOW, ENVELOPE, INCH } from '../../dist/batches/pdf.js';
import { visualRuns } from '../../dist/batches/script.js';

describe('email formatting', () => {
  it('quoted-printable keeps lines at 76 and never splits an escape; decodes back to the text', async () => {
    const text = `${'Grüße aus Köln — '.repeat(12)}\nline with = sign and trailing space \nplain`;
    const qp = quotedPrintable(text);
    for (const line of qp.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).not.toMatch(/=[0-9A-F]$/); // never half an escape (a soft break is a lone "=")
    }
    expect(qp).toContain('=3D');
    expect(qp).toContain('space=20');
    const eml = `Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp}\r\n`;
    expect((await PostalMime.parse(eml)).text?.replace(/\r?\n$/, '')).toBe(text);
  });

  it('encoded words stay within 75 chars and whole UTF-8 characters', () => {
    const words = encodeWords('Ζωή Παπαδοπούλου-Γεωργίου και η εταιρεία της 😀'.repeat(2));
    for (const w of words) {
      expect(w.length).toBeLessThanOrEqual(75);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(w.slice(10, -2), 'base64'))).not.toThrow();
    }
  });

  it.each([
    ['Ann Baker', 'Ann Baker <a@x.example>'],
    ['Baker, Ann', '"Baker, Ann" <a@x.example>'],
    ['', '<a@x.example>'],
    ['José', '=?UTF-8?B?Sm9zw6k=?= <a@x.example>'],
    ['Evil\r\nBcc: x@y', '"Evil Bcc: x@y" <a@x.example>'],
    // a quote and a backslash in a name are kept, escaped in a quoted string; no double space
    ['Ann "The Closer" Baker', '"Ann \\"The Closer\\" Baker" <a@x.example>'],
    ['O\\Brien', '"O\\\\Brien" <a@x.example>'],
    ['Ann  Baker', 'Ann Baker <a@x.example>'],
  ])('mailbox %j', (name, expected) => {
    expect(mailbox(name, 'a@x.example')).toBe(expected);
  });

  it('encoded words end between words: a reader that shows each apart never cuts a word', () => {
    const name = 'Γιώργος Παπαδόπουλος-Κωνσταντινόπουλος Αλεξανδρόπουλος';
    const words = encodeWords(name);
    const pieces = words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8'));
    expect(pieces.join('')).toBe(name);
    expect(pieces).toEqual(['Γιώργος ', 'Παπαδόπουλος-', 'Κωνσταντινόπουλος ', 'Αλεξανδρόπουλος']);
    // a word too long for one encoded word is cut between letters, a letter with its accent kept whole
    const long = encodeWords('Ἀλεξανδροπουλοπαπαδοκωνσταντίνου').map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8'));
    expect(long.length).toBe(2);
    expect(long.join('')).toBe('Ἀλεξανδροπουλοπαπαδοκωνσταντίνου');
    for (const w of encodeWords('e\u0301'.repeat(20))) expect(Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).toMatch(/^(e\u0301)+$/);
  });

  it('an address cannot carry a header line', () => {
    expect(mailbox('Ann', 'a@x.example\r\nBcc: b@y.example')).toBe('Ann <a@x.exampleBcc:b@y.example>');
  });

  it('dates in RFC 5322 form, local time with its offset', () => {
    const d = new Date(2026, 10, 24, 9, 5, 3);
    const off = -d.getTimezoneOffset();
    const zone = `${off >= 0 ? '+' : '-'}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}${String(Math.abs(off) % 60).padStart(2, '0')}`;
    expect(rfc5322Date(d)).toBe(`Tue, 24 Nov 2026 09:05:03 ${zone}`);
  });

  it('picks 7bit, quoted-printable or base64 by the body, and a long non-ASCII subject folds and decodes', async () => {
    const msg = (body: string, subject = 'Hi') =>
      buildEml({ from: { name: 'Sam', email: 's@x.example' }, to: { name: 'Ann', email: 'a@y.example' }, subject, date: new Date('2026-11-24T12:00:00Z'), body }, '<id@x.example>');
    expect(msg('Hello\nthere\n')).toContain('Content-Transfer-Encoding: 7bit');
    expect(msg('Héllo there, a mostly English text\n')).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(msg('Привет, как дела? Всё хорошо.\n')).toContain('Content-Transfer-Encoding: base64');
    const subject = 'Información sobre nuestra conversación de hoy y los próximos pasos a seguir juntos';
    const raw = msg('Привет\n', subject);
    const head = raw.split('\r\n\r\n')[0];
    expect(head.split('\r\n').every((l) => l.length <= 78)).toBe(true);
    const parsed = await PostalMime.parse(raw);
    expect(parsed.subject).toBe(subject);
    expect(parsed.text).toBe('Привет\n');
    expect(parsed.headers.find((h) => h.key === 'x-unsent')?.value).toBe('1');
  });
});

describe('PDF text and geometry', () => {
  it.each([
    ['Ann Baker', 'Ann Baker'],
    ['José Núñez', 'Jos\xe9 N\xfa\xf1ez'],
    ['“quotes” – €5', '\x93quotes\x94 \x96 \x805'],
    ['tab\there', 'tab here'],
    // beyond the standard fonts: drawn in Noto, never folded or turned into "?"
    ['Łukasz Ołówek', null],
    ['Nguyễn', null],
    ['王', null],
    ['Παπαδόπουλος', null],
  ])('winAnsi %j', (text, expected) => {
    expect(winAnsi(text)).toBe(expected);
  });

  it.each([
    // [line, reads right to left, runs left to right as seen: font file, text in logical order, right to left]
    ['Γιώργος', false, [['noto-sans-greek-400', 'Γιώργος', false]]],
    ['नमस्ते', false, [['noto-sans-devanagari-400', 'नमस्ते', false]]],
    ['王伟', false, [['noto-sans-sc-116-400', '王', false], ['noto-sans-sc-112-400', '伟', false]]],
    ['김민준', false, [['noto-sans-kr-116-400', '김민준', false]]],
    // the number of an Arabic street stands at its left end; the letters are laid out right to left
    ['شارع الملك فهد 12', true, [['noto-sans-latin-400', '12', false], ['noto-sans-arabic-arabic-400', 'شارع الملك فهد ', true]]],
    // a bracket in a right-to-left line is mirrored
    ['רחוב הרצל 12 (א)', true, [
      ['noto-sans-latin-400', '(', true], ['noto-sans-hebrew-hebrew-400', 'א', true], ['noto-sans-latin-400', ' )', true],
      ['noto-sans-latin-400', '12', false], ['noto-sans-hebrew-hebrew-400', 'רחוב הרצל ', true],
    ]],
    ['Dear محمد,', false, [['noto-sans-latin-400', 'Dear ', false], ['noto-sans-arabic-arabic-400', 'محمد', true], ['noto-sans-latin-400', ',', false]]],
    // what no font here has is kept, drawn as the font's empty box
    ['Ann 😀', false, [['noto-sans-latin-400', 'Ann 😀', false]]],
  ] as const)('visualRuns %j', (line, rtl, runs) => {
    const v = visualRuns(line, 400);
    expect(v.rtl).toBe(rtl);
    expect(v.runs.map((r) => [r.font.key, r.text, r.rtl])).toEqual(runs);
  });

  it('the #10 window: 4.5" x 1.125", 7/8" from the left, 1/2" from the bottom', () => {
    expect(ENVELOPE).toEqual([684, 297]);
    expect(WINDOW).toEqual({ x: 63, y: 297 - 36 - 81, w: 324, h: 81 });
  });

  it('Avery 5160: 30 labels a page, 3 across at a 2.75" pitch, 0.5" top and 0.1875" side margins', () => {
    expect(labelOrigin(0)).toEqual({ x: 0.1875 * INCH, y: 0.5 * INCH });
    expect(labelOrigin(1)).toEqual({ x: (0.1875 + 2.75) * INCH, y: 0.5 * INCH });
    expect(labelOrigin(3)).toEqual({ x: 0.1875 * INCH, y: 1.5 * INCH });
    expect(labelOrigin(29)).toEqual({ x: (0.1875 + 5.5) * INCH, y: 9.5 * INCH });
    expect(labelOrigin(30)).toEqual(labelOrigin(0));
    // the last column ends at the right margin and the last row at the bottom margin
    expect(labelOrigin(29).x + LABELS.w).toBe(8.5 * INCH - 0.1875 * INCH);
    expect(labelOrigin(29).y + LABELS.h).toBe(11 * INCH - 0.5 * INCH);
  });
});
