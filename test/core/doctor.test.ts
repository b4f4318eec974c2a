import { describe, expect, it } from 'vitest';
import { doctorProblems, type DoctorFacts } from '../../dist/core/doctor.js';

const healthy: DoctorFacts = {
  integrity_errors: [],
  foreign_key_violations: {},
  orphans: { touches: 0, batch_items: 0, batch_items_crossed: 0, aliases: 0 },
  pragmas: { journal_mode: 'wal', synchronous: 2, foreign_keys: 1 },
  failed: {},
};

describe('doctorProblems', () => {
  it.each<[string, Partial<DoctorFacts>, string[]]>([
    ['a healthy database', {}, []],
    ['integrity errors', { integrity_errors: ['row 3 missing from index leads_phone', 'x'] }, ['integrity_check: 2 error(s), first: row 3 missing from index leads_phone']],
    ['foreign keys', { foreign_key_violations: { touches: 2 } }, ['foreign_key_check: 2 row(s) of touches point to a row that does not exist']],
    ['orphan touches', { orphans: { touches: 1, batch_items: 0, batch_items_crossed: 0, aliases: 0 } }, ['orphan touches: 1 touch(es) of a lead that does not exist']],
    ['orphan batch items', { orphans: { touches: 0, batch_items: 2, batch_items_crossed: 1, aliases: 0 } }, [
      'orphan batch items: 2 item(s) whose lead, touch or batch does not exist',
      'crossed batch items: 1 item(s) whose touch belongs to another lead',
    ]],
    ['orphan aliases', { orphans: { touches: 0, batch_items: 0, batch_items_crossed: 0, aliases: 3 } }, ['orphan aliases: 3 alias(es) of a lead that does not exist']],
    ['pragmas', { pragmas: { journal_mode: 'delete', synchronous: 1, foreign_keys: 0 } }, [
      'pragma journal_mode: delete, expected wal',
      'pragma synchronous: 1, expected 2',
      'pragma foreign_keys: 0, expected 1',
    ]],
    ['a check that could not run', { integrity_errors: null, failed: { integrity_check: 'database disk image is malformed' } }, [
      'integrity_check: could not run (database disk image is malformed)',
    ]],
  ])('%s', (_name, facts, problems) => {
    expect(doctorProblems({ ...healthy, ...facts })).toEqual(problems);
  });
});
