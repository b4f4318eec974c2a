// leads doctor: integrity and consistency of the database, with counts.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'doctor',
  description: 'integrity and consistency check of the database, with counts',
  flags: [['--json', 'the report as JSON']],
} as const satisfies CommandSpec;

export type DoctorOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./doctor.js') } satisfies CommandDefinition<typeof spec>;
