import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, neutraliseCell, quoteCell } from '../../dist/core/csv.js';

describe('neutraliseCell (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['=1+1', "'=1+1"],
    ['+1 555 100 2000', "'+1 555 100 2000"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', "'\r=cmd"],
    ['\n=cmd', "'\n=cmd"],
    // harmless text is left exactly as it is
    ['Acme Inc', 'Acme Inc'],
    ['(555) 100-2000', '(555) 100-2000'],
    ['a=b', 'a=b'],
    ['ann@example.com', 'ann@example.com'],
    ['02139', '02139'],
    ['', ''],
    [' =1', ' =1'],
    ["'quoted", "'quoted"],
  ])('%j becomes %j', (input, out) => {
    expect(neutraliseCell(input)).toBe(out);
  });
});

describe('quoteCell (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['Acme, Inc', '"Acme, Inc"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    [' padded ', '" padded "'],
    ['', ''],
  ])('%j becomes %j', (input, out) => {
    expect(quoteCell(input)).toBe(out);
  });
});

describe('csvCell and csvLine', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [0, '0'],
    [42, '42'],
    [true, 'true'],
    [false, 'false'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1 555, ext 2', `"'+1 555, ext 2"`],
    [{ a: 1 }, '"{""a"":1}"'],
  ])('%j is written %j', (value, out) => {
    expect(csvCell(value)).toBe(out);
  });

  it('joins cells with commas and ends the record with CRLF', () => {
    expect(csvLine([1, 'Ann', null, '=x', 'a,b'])).toBe(`1,Ann,,'=x,"a,b"\r\n`);
  });
});
