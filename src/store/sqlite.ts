// better-sqlite3 through require(): Node 20 loads a CommonJS package faster this way than
// through an ESM import (no CJS-to-ESM translation), and every command opens the store.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
export default Database;
