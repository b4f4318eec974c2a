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
} as const satisfies CommandSpec;

export type ExportOptions = OptionsOf<typeof spec>;

export default { spec, load: () => import('./export.js') } satisfies CommandDefinition<typeof spec>;
