// csvWithout: the records of erased leads taken out of a batch CSV, every other byte of the
// file kept as it was (line endings, quotes, the BOM), so the file reads the same and can be
// scrubbed again.
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvWithout } from '../../dist/batches/scrub.js';

const BOM = '\uFEFF';
const HEAD = 'lead_id,first_name,address_3';

describe('csvWithout', () => {
  it.each([
    ['\\r\\n, quoted cells', `${BOM}${HEAD}\r\n1,Ann,"Boston, MA 02134"\r\n2,Bo,"Salem, MA 01970"\r\n3,Cy,"Lynn, MA 01901"\r\n`, [2], `${BOM}${HEAD}\r\n1,Ann,"Boston, MA 02134"\r\n3,Cy,"Lynn, MA 01901"\r\n`],
    ['the last record', `${BOM}${HEAD}\r\n1,Ann,"Boston, MA 02134"\r\n2,Bo,x\r\n`, [2], `${BOM}${HEAD}\r\n1,Ann,"Boston, MA 02134"\r\n`],
    ['the first record', `${HEAD}\r\n1,Ann,x\r\n2,Bo,x\r\n`, [1], `${HEAD}\r\n2,Bo,x\r\n`],
    ['no line ending at the end', `${HEAD}\r\n1,Ann,x\r\n2,Bo,"a, b"`, [1], `${HEAD}\r\n2,Bo,"a, b"`],
    ['saved with \\n line endings', `${HEAD}\n1,Ann,"a, b"\n2,Bo,x\n`, [1], `${HEAD}\n2,Bo,x\n`],
    ['a line break inside a quoted cell', `${HEAD}\r\n1,Ann,"a\r\nb"\r\n2,Bo,"c\nd"\r\n`, [2], `${HEAD}\r\n1,Ann,"a\r\nb"\r\n`],
    ['several of them, and every record', `${HEAD}\r\n1,Ann,x\r\n2,Bo,"y, z"\r\n`, [1, 2], `${HEAD}\r\n`],
  ])('%s', (_name, text, ids, want) => {
    const out = csvWithout(text, new Set(ids));
    expect(out).toBe(want);
    // scrubbed again: the file still reads, and nothing more comes out
    expect(csvWithout(out!, new Set(ids))).toBeNull();
    expect(() => parse(out!, { bom: true })).not.toThrow();
  });

  it('scrubbed twice, one lead each time: the same as both at once', () => {
    const text = `${BOM}${HEAD}\r\n1,Ann,"Boston, MA 02134"\r\n2,Bo,"Salem, MA 01970"\r\n3,Cy,x\r\n`;
    expect(csvWithout(csvWithout(text, new Set([1]))!, new Set([3]))).toBe(csvWithout(text, new Set([1, 3])));
  });

  it.each([
    ['none of them is in it', `${HEAD}\r\n1,Ann,x\r\n`],
    ['only the header', `${HEAD}\r\n`],
    ['empty', ''],
  ])('null when %s', (_name, text) => {
    expect(csvWithout(text, new Set([2]))).toBeNull();
  });

  it('a file without a lead_id column is refused, not taken as clean', () => {
    expect(() => csvWithout('id,name\r\n2,Bo\r\n', new Set([2]))).toThrow('it has no lead_id column');
  });
});
