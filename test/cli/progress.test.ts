// The import's progress bar: drawn on stderr only for a big file, cleared at the end.
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../dist/cli/progress.js';

const sink = () => {
  let text = '';
  return { write: (s: string) => void (text += s), isTTY: true, get text() { return text; } };
};

describe('progress bar', () => {
  it('draws percent and rows for a file over the size, and clears its line when done', () => {
    const s = sink();
    const bar = progressBar(s, 'list.csv', 1000);
    bar.start(4000);
    bar.update(1000, 12345);
    expect(s.text).toBe(`\rlist.csv [${'#'.repeat(8)}${'-'.repeat(22)}]  25%  12,345 rows`);
    bar.stop();
    expect(s.text.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('draws nothing for a small file', () => {
    const s = sink();
    const bar = progressBar(s, 'small.csv', 1000);
    bar.start(999);
    bar.update(500, 3);
    bar.stop();
    expect(s.text).toBe('');
  });
});
