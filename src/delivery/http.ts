// The fetch the CalDAV client is given: Node's https with the certificates of trust.ts
// (the global fetch cannot be told another certificate authority). Enough of fetch for
// WebDAV: a method, headers, a text body, the whole answer read.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const TIME_LIMIT_MS = 30_000;

export function fetchTrusting(ca: string[] | undefined): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const method = init.method ?? 'GET';
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, { method, headers, ca, timeout: TIME_LIMIT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 500;
          const empty = method === 'HEAD' || [204, 205, 304].includes(status);
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          resolve(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: h }));
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in 30 s'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(typeof init.body === 'string' ? init.body : undefined);
    });
}
