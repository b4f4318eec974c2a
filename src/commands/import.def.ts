// leads import FILE...: register prospects from CSV, Excel and vCard files.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';

const spec = {
  name: 'import',
  description:
    'register prospects from CSV, Excel (.xlsx) and vCard (.vcf) files: spreadsheets, Google, Outlook, LinkedIn, list brokers',
  args: [['<file...>', 'CSV, .xlsx or .vcf files, each imported in one transaction']],
  flags: [
    ['--source <source>', 'where these leads came from (kept on each new lead)'],
    ['--list <list>', 'the prospect list they belong to'],
    ['--cost <amount>', 'what the list cost (for cost per lead in leads report), e.g. 250 or 249.90'],
    [
      '--map <field=header>',
      'take FIELD from the column named HEADER (repeat for more; overrides the built-in names)',
      { repeat: true },
    ],
    ['--delimiter <c>', 'the delimiter: , ; | or tab (default: sniffed)'],
    ['--encoding <name>', 'utf-8, utf-16le, utf-16be, windows-1252, shift_jis or another (default: detected)'],
    ['--sheet <name>', 'the sheet of an Excel workbook to read (default: the first)'],
    ['--country <cc>', 'country of phone numbers written without one (default the rules.default_country setting)'],
    [
      '--on-duplicate <what>',
      'a row of a lead already there: fill its empty fields (skip) or overwrite its contact fields (update)',
      { choices: ['skip', 'update'], default: 'skip' },
    ],
    ['--dry-run', 'the counts and a preview; nothing written'],
    ['--rejects <file>', 'write the rejected rows to this new CSV file, with their line and reason'],
    ['--json', 'the counts as JSON'],
  ],
} as const satisfies CommandSpec;

export type ImportOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./import.js') } satisfies CommandDefinition<typeof spec>;
