// leads doctor: integrity and consistency of the database, with counts.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'doctor',
  description: 'integrity and consistency check of the database, with counts; logs in to the mail and calendar servers set for delivery (sends nothing)',
  flags: [['--json', 'the report as JSON']],
  examples: [
    ['leads doctor'],
    ['leads doctor --json'],
  ],
  exits: [
    [0, 'the database is sound'],
    [1, 'something is wrong (the problems are named: a server of the delivery settings that refuses the login or has no Drafts folder included), or the file is damaged past reading'],
  ],
  guide: 'data.md#leads-doctor',
} as const satisfies CommandSpec;

export type DoctorOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./doctor.js') } satisfies CommandDefinition<typeof spec>;
