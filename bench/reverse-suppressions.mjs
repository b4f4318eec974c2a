#!/usr/bin/env node
// Trying to reverse the suppression list as someone with a copy of the database would:
// a forgotten person's area code is known, so every number in it (ten million) is hashed
// and looked up. Without the key (plain SHA-256, as suppressions were kept before, or HMAC
// under a guessed key) nothing is found; with the key the same sweep finds the person,
// which shows the sweep works. Prints the time of each sweep and what it found.
// Usage: npm run build && node bench/reverse-suppressions.mjs [AREA=617]
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';

const area = process.argv[2] ?? '617';
const dir = mkdtempSync(join(tmpdir(), 'leads-reverse-'));
const db = join(dir, 'leads.db');
const env = { ...process.env, LEADS_DB: db, XDG_CONFIG_HOME: join(dir, 'config') };
const leads = (...args) => {
  const r = spawnSync(process.execPath, [new URL('../bin/leads.js', import.meta.url).pathname, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`leads ${args.join(' ')}: ${r.stderr}`);
};
writeFileSync(join(dir, 'list.csv'), `First Name,Last Name,Phone,Email\nZed,Zebrowski,(${area}) 555-0134,zed@zeb.example\n`);
leads('import', join(dir, 'list.csv'));
leads('forget', '1', '--yes');
const held = new Set(new Database(db, { readonly: true }).prepare('SELECT hash FROM suppressions').pluck().all());
const key = Buffer.from(readFileSync(join(dir, 'config', 'leads', 'suppression.key'), 'utf8').trim(), 'hex');
rmSync(dir, { recursive: true, force: true });

function sweep(label, hash) {
  const t0 = performance.now();
  const found = [];
  for (let n = 0; n < 10_000_000; n++) {
    const e164 = `+1${area}${String(n).padStart(7, '0')}`;
    if (held.has(hash(`phone:${e164}`))) found.push(e164);
  }
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`${label.padEnd(34)} 10,000,000 numbers in ${s.padStart(5)} s: ${found.length ? `found ${found.join(', ')}` : 'found nothing'}`);
}

console.log(`the suppressions of a forgotten person whose phone is in area code ${area}: ${held.size} hashes`);
sweep('plain SHA-256 (as before the key)', (v) => createHash('sha256').update(v).digest('hex'));
const guess = randomBytes(32);
sweep('HMAC-SHA-256 under a guessed key', (v) => `k1:${createHmac('sha256', guess).update(v).digest('hex')}`);
sweep('HMAC-SHA-256 under the key', (v) => `k1:${createHmac('sha256', key).update(v).digest('hex')}`);
