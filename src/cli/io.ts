// Where output goes and how it looks, decided once per run (clig.dev): tables and colour
// only on a TTY; colour off with NO_COLOR, TERM=dumb or --no-color.
import { terminalLine } from './safe.js';
import { breakItems, cellsAtMost } from './breaks.js';

export interface Writable {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
  /** what has gone out so far (Node's own streams count it too): a run stopped after some is cut short */
  bytesWritten?: number;
}

export interface Readable {
  isTTY?: boolean;
}

/** The few styles the program uses; identity functions when colour is off. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export interface IO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable & NodeJS.ReadableStream;
  /** stdout is a terminal: tables and relative dates instead of tab-separated text */
  isTTY: boolean;
  /** stdin and stdout are terminals: prompting is allowed */
  canPrompt: boolean;
  color: boolean;
  style: Style;
  out(line?: string): void;
  err(line?: string): void;
}

/**
 * A message for stderr: as it is when piped (one line to grep); on a terminal broken between
 * words at its width, never inside one, each line after the first indented under the text
 * after `leads: ` (else by two).
 */
export function messageText(text: string, stream: Writable): string {
  if (!stream.isTTY) return `${text}\n`;
  const width = stream.columns || 80;
  const indent = text.startsWith('leads: ') ? ' '.repeat(7) : '  ';
  const lines = terminalLine(text)
    .split('\n')
    .flatMap((line) => breakItems(line.split(' '), width, cellsAtMost, ' ', indent));
  return `${lines.join('\n')}\n`;
}

const plain = (s: string) => s;
const PLAIN: Style = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };

export function colorWanted(stream: Writable, env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  if (noColorFlag || !stream.isTTY) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

export async function createIO(
  streams: { stdout: Writable; stderr: Writable; stdin: Readable & NodeJS.ReadableStream },
  env: NodeJS.ProcessEnv,
  noColorFlag: boolean,
): Promise<IO> {
  const color = colorWanted(streams.stdout, env, noColorFlag);
  // chalk costs ~45 ms to load and ignores NO_COLOR itself: load it only when colour is on.
  let style = PLAIN;
  if (color) {
    const { Chalk } = await import('chalk');
    const c = new Chalk({ level: 1 });
    style = { bold: c.bold, dim: c.dim, red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan };
  }
  const isTTY = Boolean(streams.stdout.isTTY);
  return {
    stdout: streams.stdout,
    // process.stdin and process.stderr cost a few ms each to create: only runs that use them pay
    get stderr() {
      return streams.stderr;
    },
    get stdin() {
      return streams.stdin;
    },
    isTTY,
    canPrompt: isTTY && Boolean(streams.stdin.isTTY),
    color,
    style,
    // the last guard on a terminal: whatever data a line carries cannot drive it
    out: (line = '') => void streams.stdout.write((isTTY ? terminalLine(line) : line) + '\n'),
    err: (line = '') => void streams.stderr.write(messageText(line, streams.stderr)),
  };
}
