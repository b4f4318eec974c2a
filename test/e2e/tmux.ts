// A real pseudo-terminal for end-to-end tests: the program runs inside tmux (its own
// server socket per test), keys are typed with send-keys, the screen read with capture-pane.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

let count = 0;

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

export class Tmux {
  readonly socket = `leads-e2e-${process.pid}-${count++}`;

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  private tmux(...args: string[]) {
    const r = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { env: this.env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
    return r.stdout;
  }

  /** Runs a shell command line in a new terminal, 120×50 unless told. */
  start(command: string, width = 120, height = 50): void {
    // the pane stays after the program ends (its last screen is read), with all its history
    this.tmux(
      'start-server', ';',
      'set-option', '-g', 'remain-on-exit', 'on', ';',
      'set-option', '-g', 'history-limit', '10000', ';',
      'new-session', '-d', '-s', 'main', '-x', String(width), '-y', String(height), command,
    );
  }

  /** Keys by tmux name (`Enter`, `C-c`) or literal characters. */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'main', ...keys);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', 'main', '-l', text);
  }

  /** Everything the terminal has shown, wrapped lines joined. */
  screen(): string {
    try {
      return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'main');
    } catch {
      return ''; // the pane has closed
    }
  }

  panePid(): number {
    return Number(this.tmux('display-message', '-p', '-t', 'main', '#{pane_pid}').trim());
  }

  /** Resolves once the program in the pane has ended (tmux has seen it exit, killed or not). */
  async ended(ms = 120_000): Promise<void> {
    const end = Date.now() + ms;
    while (this.tmux('display-message', '-p', '-t', 'main', '#{pane_dead}').trim() !== '1') {
      if (Date.now() > end) throw new Error(`the program did not end; the screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until the screen satisfies `test`; fails with the screen after `ms`. */
  async waitFor(test: (screen: string) => boolean, what: string, ms = 120_000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const s = this.screen();
      if (test(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { env: this.env });
  }
}

/** How many times `needle` appears in `text`. */
export const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

/** The exit code a session wrote to `file` once it ended (`cmd; echo $? > file`); the screen is shown if it never does. */
export async function exitCodeOf(file: string, term: Tmux | undefined): Promise<number> {
  const end = Date.now() + 120_000;
  while (!existsSync(file) || !readFileSync(file, 'utf8').trim()) {
    if (Date.now() > end) throw new Error(`the session did not end; the screen:\n${term?.screen()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Number(readFileSync(file, 'utf8').trim());
}
