// leads doctor: integrity and consistency of the database, with counts.
import { defineCommand, type CommandSpec, type OptionsOf } from '../cli/command.js';

const spec = {
  name: 'doctor',
  description: 'integrity and consistency check of the database, with counts',
  flags: [['--json', 'the report as JSON']],
} as const satisfies CommandSpec;

export type DoctorOptions = OptionsOf<typeof spec>;

export default defineCommand(spec, () => import('./doctor.js'));
