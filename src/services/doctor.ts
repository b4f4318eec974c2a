// The doctor's examination: every check runs even when another fails (a damaged page
// can break one query and not the next), then core names the problems.
import type { DB } from '../store/db.js';
import { connectionPragmas, counts, foreignKeyViolations, integrityErrors, orphanCounts } from '../store/doctor.js';
import { doctorProblems, type DoctorFacts } from '../core/doctor.js';

function attempt<T>(failed: Record<string, string>, name: string, run: () => T): T | null {
  try {
    return run();
  } catch (e) {
    failed[name] = (e as Error).message;
    return null;
  }
}

export function examine(db: DB, path: string) {
  const failed: Record<string, string> = {};
  const pragmas = attempt(failed, 'pragmas', () => connectionPragmas(db));
  const facts: DoctorFacts = {
    pragmas,
    integrity_errors: attempt(failed, 'integrity_check', () => integrityErrors(db)),
    foreign_key_violations: attempt(failed, 'foreign_key_check', () => foreignKeyViolations(db)),
    orphans: attempt(failed, 'orphans', () => orphanCounts(db)),
    failed,
    read_only: db.readonly,
  };
  const tally = attempt(failed, 'counts', () => counts(db));
  const problems = doctorProblems(facts);
  return {
    ok: problems.length === 0,
    problems,
    database: path,
    read_only: db.readonly,
    bytes: pragmas ? pragmas.page_size * pragmas.page_count : null,
    schema_version: pragmas?.user_version ?? null,
    pragmas: pragmas && {
      journal_mode: pragmas.journal_mode,
      synchronous: pragmas.synchronous,
      foreign_keys: pragmas.foreign_keys,
      busy_timeout: pragmas.busy_timeout,
    },
    integrity: facts.integrity_errors === null ? null : facts.integrity_errors.length ? facts.integrity_errors : 'ok',
    foreign_key_violations: facts.foreign_key_violations,
    orphans: facts.orphans,
    counts: tally,
  };
}
