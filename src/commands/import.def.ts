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
    ['--encoding <name>', 'utf-8, utf-16le, utf-16be or windows-1252 (default: detected)'],
    ['--sheet <name>', 'the sheet of an Excel workbook to read (default: the first)'],
    ['--country <cc>', 'country of phone numbers written without one (default the rules.default_country setting)'],
    [
      '--on-duplicate <what>',
      'a row of a lead already there: fill its empty fields (skip) or overwrite its contact fields (update)',
      { choices: ['skip', 'update'], default: 'skip' },
    ],
    ['--dry-run', 'the counts and a preview; nothing written'],
    ['--rejects <file>', 'write the rejected rows to this new CSV file, with their line and reason (removed again if the import fails)'],
    ['--json', 'the counts as JSON'],
  ],
  examples: [
    ['leads import examples/prospects.csv --source examples --list sample'],
    ['leads import export.csv --map phone="Business Phone" --dry-run'],
    ['leads import bought.xlsx --sheet "May list" --list may'],
    ['leads import contacts.vcf --source phone'],
    ['leads import list.csv --rejects rejected.csv --json'],
  ],
  exits: [
    [0, 'every file imported (rejected rows are counted and named, not a failure)'],
    [1, 'a file cannot be read or is not a regular file (a folder, a pipe, a device); an .xls, .ods, .numbers, other zip or PDF; NUL bytes; a header and no rows; every row rejected; a workbook over its caps; --rejects that cannot be written; a file not imported (the others are)'],
    [2, 'a usage error: no column is a name, company, phone or email (the headers found are listed: name them with --map); a bad --map, --encoding, --delimiter, --country or --cost; --rejects with several files, onto an existing file or onto a pipe or device'],
    [130, 'interrupted: nothing of the file being read is saved, files imported before it are kept'],
  ],
  guide: 'importing.md#leads-import-file',
} as const satisfies CommandSpec;

export type ImportOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./import.js') } satisfies CommandDefinition<typeof spec>;
