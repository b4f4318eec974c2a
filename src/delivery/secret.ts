// The password (or OAuth2 access token) of a mail or calendar account, from the command the
// user set (`pass show mail`, `secret-tool lookup ...`, an OAuth helper), the way mutt and
// mbsync take theirs. It runs without a shell; its first line is the secret. The secret lives
// in this process's memory only: never printed, logged, stored, or put in an error (what the
// command wrote on stderr is shown only when the secret is not in it).
import { spawn } from 'node:child_process';
import { splitCommandLine } from '../core/dial.js';

/** The command failed; the message says how, never with its output. */
export class SecretCommandError extends Error {}

const LIMIT = 64 * 1024;
/** An OAuth helper may open a browser and wait for the user. */
const TIME_LIMIT_MS = 120_000;

export async function secretFrom(line: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  const [program, ...args] = splitCommandLine(line);
  if (!program) throw new SecretCommandError('it is empty');
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], env, cwd, shell: false, timeout: TIME_LIMIT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (b: Buffer) => {
      size += b.length;
      if (size <= LIMIT) out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (Buffer.concat(err).length < 4096) err.push(b);
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(new SecretCommandError(e.code === 'ENOENT' ? `no program ${JSON.stringify(program)}` : (e.code ?? 'it could not start'))),
    );
    child.on('close', (code, signal) => {
      const secret = Buffer.concat(out).toString('utf8').split(/\r?\n/)[0];
      if (code === 0 && secret) return resolve(secret);
      const said = Buffer.concat(err).toString('utf8').trim().split(/\r?\n/)[0]?.slice(0, 200) ?? '';
      const shown = said && !(secret && said.includes(secret)) ? `: ${said}` : '';
      if (signal) reject(new SecretCommandError(`stopped by ${signal}${signal === 'SIGTERM' ? ' after 2 minutes' : ''}`));
      else if (code !== 0) reject(new SecretCommandError(`exit ${code}${shown}`));
      else reject(new SecretCommandError('it printed nothing'));
    });
  });
}
