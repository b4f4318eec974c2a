// What `leads doctor` calls a problem, from the facts the store gathered. Each problem is
// one line naming the check and a count, never a person's data.

export interface DoctorFacts {
  integrity_errors: string[] | null;
  foreign_key_violations: Record<string, number> | null;
  orphans: { touches: number; batch_items: number; batch_items_crossed: number; aliases: number } | null;
  pragmas: { journal_mode: string; synchronous: number; foreign_keys: number } | null;
  /** checks that could not run, by name, with SQLite's reason */
  failed: Record<string, string>;
  /** opened read-only (a file this user cannot write): its journal mode is the file's, not set */
  read_only?: boolean;
  /** what the schema lacks, or has otherwise, against the migrations */
  schema?: { missing: { type: string; name: string }[]; differing: { type: string; name: string }[] } | null;
  /** leads whose erase has steps left, and why they could not be done */
  erase_unfinished?: { leads: number[]; why: string[] } | null;
  /** what is wrong with the key of the suppressions, if anything */
  suppression_key?: string | null;
}

/** The settings every connection of the program must have (SPEC "Storage"). */
export const EXPECTED_PRAGMAS = { journal_mode: 'wal', synchronous: 2, foreign_keys: 1 } as const;

export function doctorProblems(f: DoctorFacts): string[] {
  const out: string[] = [];
  for (const [check, reason] of Object.entries(f.failed)) out.push(`${check}: could not run (${reason})`);
  if (f.integrity_errors?.length) {
    out.push(`integrity_check: ${f.integrity_errors.length} error(s), first: ${f.integrity_errors[0]}`);
  }
  for (const [table, n] of Object.entries(f.foreign_key_violations ?? {})) {
    out.push(`foreign_key_check: ${n} row(s) of ${table} point to a row that does not exist`);
  }
  if (f.orphans) {
    const o = f.orphans;
    if (o.touches) out.push(`orphan touches: ${o.touches} touch(es) of a lead that does not exist`);
    if (o.batch_items) out.push(`orphan batch items: ${o.batch_items} item(s) whose lead, touch or batch does not exist`);
    if (o.batch_items_crossed) out.push(`crossed batch items: ${o.batch_items_crossed} item(s) whose touch belongs to another lead`);
    if (o.aliases) out.push(`orphan aliases: ${o.aliases} alias(es) of a lead that does not exist`);
  }
  for (const o of f.schema?.missing ?? []) out.push(`schema: the ${o.type} ${o.name} is missing (the migrations make it)`);
  for (const o of f.schema?.differing ?? []) out.push(`schema: the ${o.type} ${o.name} differs from what the migrations made`);
  if (f.erase_unfinished?.leads.length) {
    const e = f.erase_unfinished;
    out.push(`erase: the erase of lead(s) ${e.leads.join(', ')} is not finished${e.why.length ? `: ${e.why.join('; ')}` : ''}`);
  }
  if (f.suppression_key) out.push(`suppression key: ${f.suppression_key}`);
  if (f.pragmas) {
    for (const [name, want] of Object.entries(EXPECTED_PRAGMAS)) {
      const got = f.pragmas[name as keyof typeof EXPECTED_PRAGMAS];
      if (f.read_only && name === 'journal_mode') continue;
      if (got !== want) out.push(`pragma ${name}: ${got}, expected ${want}`);
    }
  }
  return out;
}
