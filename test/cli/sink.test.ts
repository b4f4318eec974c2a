import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { streamSink } from '../../dist/cli/sink.js';

/** A pipe that is always full: every write asks the writer to wait for 'drain'. */
function fullPipe() {
  const e = new EventEmitter();
  const chunks: string[] = [];
  return Object.assign(e, {
    chunks,
    write(text: string) {
      chunks.push(text);
      setImmediate(() => e.emit('drain'));
      return false;
    },
  });
}

describe('streamSink', () => {
  it('waits for drain between chunks and leaves no listeners behind', async () => {
    const pipe = fullPipe();
    const sink = streamSink(pipe);
    const line = 'x'.repeat(1023) + '\n';
    for (let i = 0; i < 64 * 30; i++) await sink.write(line);
    await sink.close(true);
    expect(pipe.chunks.join('')).toBe(line.repeat(64 * 30));
    expect(pipe.chunks.length).toBeGreaterThanOrEqual(29);
    expect(pipe.listenerCount('drain')).toBe(0);
    expect(pipe.listenerCount('close')).toBe(0);
  });

  it('stops quietly when the reader has gone (EPIPE), and fails on other write errors', async () => {
    const gone = fullPipe();
    const sink = streamSink(gone);
    gone.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(sink.gone).toBe(true);
    const broken = fullPipe();
    const sink2 = streamSink(broken);
    broken.emit('error', Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    await expect(sink2.write('x'.repeat(70_000))).rejects.toThrow('cannot write the output: the disk is full');
  });
});
