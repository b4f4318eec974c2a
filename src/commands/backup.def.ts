// leads backup FILE: an online copy of the database into a new private file.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'backup',
  description: 'copy the database, while in use, into a new file (0600)',
  args: [['<file>', 'the new backup file (must not exist)']],
  flags: [['--json', 'print {path, bytes} as JSON']],
  examples: [
    ['leads backup ~/backups/leads-$(date +%F).db'],
  ],
  exits: [
    [1, 'FILE exists already, or the copy failed, was not whole, or stopped getting nearer its end for 10 s: nothing is left behind'],
  ],
  guide: 'data.md#backing-up-leads-backup-file',
} as const satisfies CommandSpec;

export type BackupOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./backup.js') } satisfies CommandDefinition<typeof spec>;
