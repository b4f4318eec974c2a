// SQL of suppressions (keyed hashes of phones and emails kept out of the queue), the key
// they are hashed with, and the do-not-call registry's bookkeeping.
//
// The key is a file of its own beside the settings ($XDG_CONFIG_HOME/leads/suppression.key,
// 0600 in a 0700 folder), never in the database or its backups. The database keeps the key's
// id, so a different or missing key is told instead of matching nothing; a database that
// has no keyed hash yet needs no key, and reading never makes one.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Statement } from 'better-sqlite3';
import { suppressionKeyFileOf, type DB } from './db.js';
import type { LeadRow } from '../core/lead.js';
import { RunError } from '../core/errors.js';
import { KEYED, keyId, plainSuppressionHash, suppressionHash, type SuppressionKind } from '../core/suppress.js';
import { isNoSpace, NameTaken, noRoom, notRegular, partialPath, publish, whyFileFailed } from '../disk/files.js';

/** The key in a key file, or null when there is none. */
export function readKeyFile(file: string): Buffer | null {
  const kind = notRegular(file);
  if (kind) throw new RunError(`the suppression key ${file} is ${kind}, not a file`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RunError(`cannot read the suppression key ${file}: ${whyFileFailed(e)}`);
  }
  if (!/^[0-9a-f]{64}\s*$/.test(text)) throw new RunError(`the suppression key ${file} is not a key leads wrote (64 hex digits)`);
  return Buffer.from(text.trim(), 'hex');
}

/** A new random key in `file`, whole or not at all; a key another run made meanwhile is used instead. */
function makeKeyFile(file: string): Buffer {
  const key = randomBytes(32);
  const fresh = partialPath(file, 'new');
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(fresh, `${key.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    publish(fresh, file);
    return key;
  } catch (e) {
    if (e instanceof NameTaken) return readKeyFile(file)!;
    if (isNoSpace(e)) throw new RunError(`${noRoom(e, `the suppression key ${file}`)}: nothing was changed; free space and go on`);
    throw new RunError(`cannot make the suppression key ${file}: ${whyFileFailed(e)}; nothing was changed`);
  } finally {
    rmSync(fresh, { force: true });
  }
}

const KEY_ID = 'state.suppression_key_id';
const keys = new WeakMap<DB, Buffer>();

function recordedKeyId(db: DB): string | null {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(KEY_ID) as string | undefined) ?? null;
}

/**
 * The key of this database's suppressions: null when it holds no keyed hash and there is no
 * key yet (nothing keyed can match). With `make` (a hash is about to be written) a first key
 * is made and recorded. A database whose key is missing or another is refused by name:
 * matching nothing there would let an erased person or a registry number back in.
 */
export function suppressionKey(db: DB, make: boolean): Buffer | null {
  const held = keys.get(db);
  if (held) return held;
  const file = suppressionKeyFileOf(db);
  const recorded = recordedKeyId(db);
  let key = readKeyFile(file);
  if (recorded && (!key || keyId(key) !== recorded)) {
    throw new RunError(
      `this database's suppressions (people erased with \`leads forget\`, the do-not-call registry) were hashed with a key that is ` +
        `${key ? 'not the one in' : 'missing from'} ${file}: put that file back from your backup of ${dirname(file)}; ` +
        'without it those numbers cannot be checked, so nothing was done',
    );
  }
  if (!key && !make) return null;
  if (!key) key = makeKeyFile(file);
  // the first keyed hash is about to be written: the database learns which key it is
  if (!recorded && make) {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY_ID, keyId(key));
  }
  keys.set(db, key);
  return key;
}

/** The hashes a phone or email may be held under: keyed (when there is a key), and plain from before. */
function hashesOf(key: Buffer | null, kind: SuppressionKind, value: string): string[] {
  return key ? [suppressionHash(key, kind, value), plainSuppressionHash(kind, value)] : [plainSuppressionHash(kind, value)];
}

/**
 * Adds a suppression under the keyed hash; true when it is new (an existing one keeps its
 * first reason, `forget` excepted: it is the stronger, and also keeps the person from
 * batches). A plain hash of the same value from before becomes the keyed one.
 */
export function addSuppression(db: DB, kind: SuppressionKind, value: string, reason: 'forget' | 'registry', at: string): boolean {
  const key = suppressionKey(db, true)!;
  const keyed = suppressionHash(key, kind, value);
  const plain = db.prepare('DELETE FROM suppressions WHERE hash = ? RETURNING reason, created_at').get(plainSuppressionHash(kind, value)) as
    | { reason: string; created_at: string }
    | undefined;
  const first = plain ?? { reason, created_at: at };
  const added =
    db
      .prepare('INSERT INTO suppressions (hash, kind, reason, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING')
      .run(keyed, kind, first.reason, first.created_at).changes === 1;
  if (reason === 'forget') db.prepare("UPDATE suppressions SET reason = 'forget' WHERE hash = ?").run(keyed);
  return added && !plain;
}

const lookups = new WeakMap<DB, Statement>();

/** The reason a phone or email is held for (`registry`, `forget`; `forget` first), or undefined. */
export function suppressionOf(db: DB, kind: SuppressionKind, value: string): string | undefined {
  const [keyed, plain = keyed] = hashesOf(suppressionKey(db, false), kind, value);
  let lookup = lookups.get(db);
  if (!lookup) {
    lookup = db.prepare("SELECT reason FROM suppressions WHERE hash IN (?, ?) ORDER BY reason = 'forget' DESC LIMIT 1").pluck();
    lookups.set(db, lookup);
  }
  return lookup.get(keyed, plain) as string | undefined;
}

export function isSuppressed(db: DB, kind: SuppressionKind, value: string): boolean {
  return suppressionOf(db, kind, value) !== undefined;
}

/** How many suppressions are still plain hashes of before (a copy of the database gives their numbers back). */
export function plainSuppressions(db: DB): number {
  return db.prepare("SELECT count(*) FROM suppressions WHERE hash NOT LIKE ? || '%'").pluck().get(KEYED) as number;
}

/** Leads (not merged away) whose phone or mobile is this E.164 number. */
export function leadsWithPhone(db: DB, e164: string): LeadRow[] {
  return db
    .prepare('SELECT * FROM leads WHERE merged_into IS NULL AND (phone_e164 = @n OR mobile_e164 = @n) ORDER BY id')
    .all({ n: e164 }) as LeadRow[];
}

const REGISTRY_AT = 'state.dnc_registry_imported_at';

/** When a do-not-call registry was last loaded (ISO), or null: the call session warns after 31 days. */
export function registryImportedAt(db: DB): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(REGISTRY_AT) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setRegistryImportedAt(db: DB, at: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
    REGISTRY_AT,
    at,
  );
}
