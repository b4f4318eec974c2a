// The doctor's examination: every check runs even when another fails (a damaged page
// can break one query and not the next), then core names the problems. An erase an earlier
// forget left unfinished is finished first, where the database can be written.
import type { DB } from '../store/db.js';
import { connectionPragmas, counts, foreignKeyViolations, integrityErrors, orphanCounts, schemaGaps } from '../store/doctor.js';
import { unfinishedErase } from '../store/forget.js';
import { plainSuppressions, suppressionKey } from '../store/suppressions.js';
import { doctorProblems, type DoctorFacts } from '../core/doctor.js';
import { finishLeftErase, type EraseFinish, type EraseOptions } from './forget.js';

function attempt<T>(failed: Record<string, string>, name: string, run: () => T): T | null {
  try {
    return run();
  } catch (e) {
    failed[name] = (e as Error).message;
    return null;
  }
}

export async function examine(db: DB, o: EraseOptions) {
  const failed: Record<string, string> = {};
  let erase: EraseFinish | null = null;
  try {
    erase = await finishLeftErase(db, o);
  } catch (e) {
    failed.erase = (e as Error).message;
  }
  const pragmas = attempt(failed, 'pragmas', () => connectionPragmas(db));
  const left = attempt(failed, 'erase', () => unfinishedErase(db));
  const facts: DoctorFacts = {
    pragmas,
    integrity_errors: attempt(failed, 'integrity_check', () => integrityErrors(db)),
    foreign_key_violations: attempt(failed, 'foreign_key_check', () => foreignKeyViolations(db)),
    orphans: attempt(failed, 'orphans', () => orphanCounts(db)),
    schema: attempt(failed, 'schema', () => schemaGaps(db)),
    erase_unfinished: left && { leads: left, why: erase?.unfinished ?? [] },
    suppression_key: keyProblem(db),
    failed,
    read_only: db.readonly,
  };
  const tally = attempt(failed, 'counts', () => counts(db));
  const plain = attempt(failed, 'suppressions', () => plainSuppressions(db));
  const problems = doctorProblems(facts);
  return {
    ok: problems.length === 0,
    problems,
    database: o.dbPath,
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
    schema: facts.schema ?? null,
    foreign_key_violations: facts.foreign_key_violations,
    orphans: facts.orphans,
    /** an erase this run finished (an earlier forget could not) */
    erase_finished: erase && !erase.unfinished.length ? erase : null,
    /** suppressions still plain hashes from before the key: a copy of the database gives their numbers back */
    plain_suppressions: plain,
    counts: tally,
  };
}

/** What keeps the suppressions from being checked (their key missing, or another), or null. */
function keyProblem(db: DB): string | null {
  try {
    suppressionKey(db, false);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
