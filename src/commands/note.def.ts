// leads note ID TEXT [--next DATE]: a note in the lead's history, and maybe its next contact date.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'note',
  description: 'add a note to a lead, optionally setting its next contact date',
  args: [
    ['<id>', 'lead id'],
    ['<text...>', 'the note'],
  ],
  flags: [
    ['--next <date>', 'next contact: YYYY-MM-DD (9:00), "YYYY-MM-DD HH:mm", tomorrow, fri 2pm, +3d, +2w, june 2027'],
    ['--json', 'print the lead as JSON'],
  ],
  examples: [
    ['leads note 42 "Assistant says she is back Monday" --next mon'],
  ],
  exits: [
    [1, 'no such lead; an erased lead'],
    [2, 'a usage error: an empty note, a bad --next date or one more than five years ahead'],
  ],
  guide: 'calling.md#leads-note-id-text',
} as const satisfies CommandSpec;

export type NoteOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./note.js') } satisfies CommandDefinition<typeof spec>;
