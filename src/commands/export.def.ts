// leads export: every lead or a filtered set as CSV or JSON; --lead ID: everything on one person.
import type { CommandDefinition, CommandSpec, OptionsOf } from '../cli/command.js';
import { LEAD_FILTER_FLAGS } from '../cli/flags.js';

const spec = {
  name: 'export',
  description: 'every lead, or a filtered set, as CSV, JSON or an Excel workbook; --lead ID: everything held on one person',
  flags: [
    ...LEAD_FILTER_FLAGS,
    [
      '--format <format>',
      'output format (default csv; json or xlsx for an --out file named so); xlsx keeps phones, postal codes and streets as text for a spreadsheet',
      { choices: ['csv', 'json', 'xlsx'] },
    ],
    ['--out <file>', 'write to a new file (0600; never over an existing one) instead of stdout'],
    ['--lead <id>', 'everything held on this one person, as JSON'],
  ],
  examples: [
    ['leads export --format csv --out leads.csv'],
    ['leads export --status cycle --format json'],
    ['leads export --lead 42 --out ann-baker.json', 'everything held on one person'],
  ],
  exits: [
    [1, 'the --out file exists already, or cannot be made; no such lead for --lead'],
    [2, 'a usage error: --lead with --format csv or with list filters'],
  ],
  guide: 'data.md#leads-export',
} as const satisfies CommandSpec;

export type ExportOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./export.js') } satisfies CommandDefinition<typeof spec>;
