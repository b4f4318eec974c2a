// Which certificates the mail and calendar clients trust: the system's, and those of
// NODE_EXTRA_CA_CERTS read from the command's own environment (a home server with its own
// certificate authority; Node reads that variable only from the process's environment, once,
// at start).
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

export function trustedCertificates(env: NodeJS.ProcessEnv): string[] | undefined {
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (!extra) return undefined;
  try {
    return [...rootCertificates, readFileSync(extra, 'utf8')];
  } catch {
    return undefined; // as Node does: an unreadable file adds nothing
  }
}
