// The import reader's view of the leads already held: its own read-only connection (the
// import's transaction has begun, so it sees what the import saw), with either every lead's
// keys up front (`scan`, a big import) or a look-up a row (`lookup`, a small one), and the
// suppressed phone and email hashes.
import type { Statement } from 'better-sqlite3';
import { setPageCache, useSuppressionKeyFile } from './db.js';
import Database from './sqlite.js';
import type { MatchFields } from '../core/import/row.js';
import { keyedByName, leadNameKey, type NameKeyFields } from '../core/import/names.js';
import type { SuppressionKind } from '../core/suppress.js';
import { suppressionOf } from './suppressions.js';

export class KnownLeads {
  private readonly db;
  private readonly lookup: Statement<unknown[]> | null;
  private readonly byName: Statement<unknown[]> | null;
  private readonly suppresses_: boolean;

  /** `keyFile`: the key of the database's suppressions. */
  constructor(dbPath: string, mode: 'scan' | 'lookup' | 'none', keyFile: string) {
    this.db = new Database(dbPath, { readonly: true, fileMustExist: true });
    useSuppressionKeyFile(this.db, keyFile);
    // a scan reads each page once and a look-up a few: a small cache keeps the reader's memory down
    setPageCache(this.db, 1024);
    const lookups = mode === 'lookup';
    this.lookup = lookups
      ? this.db
          .prepare(
            `SELECT id FROM leads WHERE phone_e164 = @p UNION SELECT id FROM leads WHERE mobile_e164 = @p
             UNION SELECT id FROM leads WHERE phone_e164 = @m UNION SELECT id FROM leads WHERE mobile_e164 = @m
             UNION SELECT id FROM leads WHERE email_norm = @e`,
          )
          .pluck()
      : null;
    this.byName = lookups ? this.db.prepare('SELECT id FROM leads WHERE name_key = ? AND name_key IS NOT NULL').pluck() : null;
    this.suppresses_ = this.db.prepare('SELECT 1 FROM suppressions LIMIT 1').get() !== undefined;
  }

  /** Every lead's matching fields, for a scan. */
  everyLeadKeys(): IterableIterator<MatchFields & { id: number }> {
    return this.db
      .prepare('SELECT id, first_name, last_name, company, phone_e164, phone_ext, mobile_e164, email_norm FROM leads')
      .iterate() as IterableIterator<MatchFields & { id: number }>;
  }

  /** Whether leads are looked up a row (else they were all scanned, or there are none). */
  get looksUp(): boolean {
    return this.lookup !== null;
  }

  /** Ids of the leads with one of the row's phones or its email; for a row with neither, of its folded names and company. */
  sharingKeys(row: NameKeyFields): number[] {
    if (!this.lookup || !this.byName) return [];
    if (keyedByName(row)) return this.byName.all(leadNameKey(row.first_name, row.last_name, row.company)) as number[];
    return this.lookup.all({ p: row.phone_e164, m: row.mobile_e164, e: row.email_norm }) as number[];
  }

  /** Whether any phone or email is suppressed at all (else no row needs asking). */
  get suppresses(): boolean {
    return this.suppresses_;
  }

  /** The reason a phone or email is held for (`registry`, `forget`), or undefined. */
  suppression(kind: SuppressionKind, value: string): string | undefined {
    return this.suppresses_ ? suppressionOf(this.db, kind, value) : undefined;
  }

  close(): void {
    this.db.close();
  }
}
