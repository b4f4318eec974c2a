// The empty database every workspace copies (tempWorkspace() in test/helpers/cli.ts), made
// once a run by the program itself: making one runs every migration, and most tests make
// one. Made and removed in vitest's own process, which ends by itself; its test processes
// are ended by a signal, which runs no exit handler.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../dist/store/db.js';

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'leads-empty-'));
  const db = join(dir, 'leads.db');
  openDatabase(db).close();
  project.provide('emptyDatabase', db);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    emptyDatabase: string;
  }
}
