// The commander root: global flags and every command's flags. Each command's code is
// imported only when that command runs, so `leads log` between two calls starts fast.
import { Command, Option } from './commander.js';
import { readFileSync } from 'node:fs';
import { withContactOptions } from './fields.js';
import { withLeadFilters } from './filters.js';
import { visible } from './safe.js';
import { createContext, type Context, type Deps, type GlobalOptions } from './context.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** A command module: `export default async function run(ctx, args, opts)`. */
type Run = (ctx: Context, args: string[], opts: Record<string, unknown>) => Promise<void>;

/** The command a command line names: its first word that is not a global flag or its value. */
function commandName(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--db') i++;
    else if (!argv[i].startsWith('-')) return argv[i];
  }
  return undefined;
}

export function buildProgram(deps: Deps, state: { close: () => void }, argv: string[] = []): Command {
  const program = new Command('leads');

  /** Runs `src/commands/<name>.ts` with a fresh context and the command's arguments. */
  const lazy =
    (name: string) =>
    async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const args = params
        .slice(0, -2)
        .flatMap((a) => (Array.isArray(a) ? a : a === undefined ? [] : [a])) as string[];
      const ctx = await createContext(deps, cmd.optsWithGlobals() as GlobalOptions);
      state.close = ctx.close;
      const mod = (await import(`../commands/${name}.js`)) as { default: Run };
      await mod.default(ctx, args, cmd.opts());
    };

  program
    .description('Phone prospecting for a solo salesperson: calls, codes, the nightly sort, the sales cycle.')
    .version(VERSION, '-V, --version')
    .option('--db <path>', 'database file (default $LEADS_DB, else $XDG_DATA_HOME/leads/leads.db)')
    .option('--no-color', 'no colour, even on a terminal')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
      // one line, the pointer to help on it; what was typed is quoted visibly
      outputError: (s, write) => write(`leads: ${visible(s.replace(/^error: /, '').trimEnd())} (see \`leads --help\`)\n`),
    });

  // Each command's definition; only the one being run is built (a few ms at every start),
  // all of them for help or an unknown command.
  const commands: Record<string, () => void> = {
    add: () => {
      withContactOptions(
        program.command('add').description('register one prospect (prompts on a terminal when no fields are given)'),
      )
        .option('--note <text>', 'a first note')
        .option('--json', 'print the lead as JSON')
        .action(lazy('add'));
    },
    show: () => {
      program
        .command('show')
        .description('the lead card with its full touch history')
        .argument('<id>', 'lead id')
        .option('--json', 'JSON: the lead object with its touches')
        .action(lazy('show'));
    },
    list: () => {
      withLeadFilters(program.command('list').description('leads as a table'))
        .option('--duplicates', 'leads flagged as sharing a phone or email with another lead')
        .option('--json', 'JSON array of lead objects')
        .action(lazy('list'));
    },
    find: () => {
      program
        .command('find')
        .description('search names, company, phone (any format), email and notes')
        .argument('<text...>', 'what to look for')
        .option('--limit <n>', 'at most N leads (default 50)')
        .option('--json', 'JSON array of lead objects')
        .action(lazy('find'));
    },
    edit: () => {
      withContactOptions(
        program
          .command('edit')
          .description('change contact fields (recorded as a touch); an empty value clears a field')
          .argument('<id>', 'lead id'),
      )
        .option('--json', 'print the lead as JSON')
        .action(lazy('edit'));
    },
    note: () => {
      program
        .command('note')
        .description('add a note to a lead, optionally setting its next contact date')
        .argument('<id>', 'lead id')
        .argument('<text...>', 'the note')
        .option('--next <date>', 'next contact: YYYY-MM-DD (9:00), "YYYY-MM-DD HH:mm", tomorrow, fri 2pm, +3d, +2w, june 2027')
        .option('--json', 'print the lead as JSON')
        .action(lazy('note'));
    },
    codes: () => {
      // `list` is the default subcommand, so `--json` after `codes add ...` reaches `add`
      const codes = program.command('codes').description('the outcome codes: list (default), add, rename');
      codes
        .command('list', { isDefault: true })
        .description('list the outcome codes and what each does')
        .option('--json', 'JSON array of codes')
        .action(lazy('codes'));
      codes
        .command('add')
        .description('add your own outcome code with an action')
        .argument('<code>', 'a number 0-99 not in use')
        .argument('<label>', 'what the code means')
        .requiredOption(
          '--action <action>',
          'what it does: rest, letter, retry, callback, email, finish, dnc, disqualify or none',
        )
        .option('--needs-date', 'asks for a date when logged')
        .option('--needs-email', 'needs the lead to have an email address')
        .option('--not-reached', 'no person was spoken to (not counted as reached)')
        .option('--json', 'print the code as JSON')
        .action(lazy('codes-add'));
      codes
        .command('rename')
        .description('give a code a new label (what it does stays)')
        .argument('<code>', 'the code')
        .argument('<label>', 'the new label')
        .option('--json', 'print the code as JSON')
        .action(lazy('codes-rename'));
    },
    config: () => {
      const config = program
        .command('config')
        .description('settings: the sender for batches and the rules\' numbers: list (default), get, set');
      config
        .command('list', { isDefault: true })
        .description('every setting with its value and default')
        .option('--json', 'JSON array of settings')
        .action(lazy('config'));
      config
        .command('set')
        .description('change a setting')
        .argument('<key>', 'e.g. sender.name or rules.cool_off_days')
        .argument('<value>', 'the new value')
        .action(lazy('config-set'));
      config
        .command('get')
        .description('print one setting (its default when never set)')
        .argument('<key>', 'the setting')
        .option('--json', 'the setting as JSON')
        .action(lazy('config-get'));
    },
    export: () => {
      withLeadFilters(program.command('export'))
        .description('every lead, or a filtered set, as CSV or JSON; --lead ID: everything held on one person')
        .addOption(new Option('--format <format>', 'output format (default csv; json for an --out file named *.json)').choices(['csv', 'json']))
        .option('--out <file>', 'write to a new file (0600; never over an existing one) instead of stdout')
        .option('--lead <id>', 'everything held on this one person, as JSON')
        .action(lazy('export'));
    },
    backup: () => {
      program
        .command('backup')
        .description('copy the database, while in use, into a new file (0600)')
        .argument('<file>', 'the new backup file (must not exist)')
        .option('--json', 'print {path, bytes} as JSON')
        .action(lazy('backup'));
    },
    doctor: () => {
      program
        .command('doctor')
        .description('integrity and consistency check of the database, with counts')
        .option('--json', 'the report as JSON')
        .action(lazy('doctor'));
    },
    stage: () => {
      program
        .command('stage')
        .description('move a finished lead (code 6) through the sales cycle')
        .argument('<id>', 'lead id')
        .argument('<stage>', 'quote, thinking, application, delivery, sold or done (release)')
        .option('--note <text>', 'a note with the move')
        .option('--next <date>', 'the next contact (follow-up): YYYY-MM-DD, tomorrow, +3d, ...')
        .option('--json', 'print the lead as JSON')
        .action(lazy('stage'));
    },
    release: () => {
      program
        .command('release')
        .description('release three-strike leads (or the IDs given, as Done) to the prospect list')
        .argument('[ids...]', 'release these leads in the cycle, whatever their count')
        .option('--dry-run', 'show what would be released; change nothing')
        .option('--yes', 'release without asking (needed when not on a terminal)')
        .option('--json', 'JSON: {dry_run, released: [lead objects]}')
        .action(lazy('release'));
    },
    dnc: () => {
      program
        .command('dnc')
        .description('record a do-not-contact request (default: do not call), or `leads dnc import FILE` a registry')
        .argument('<id>', 'lead id, or `import` to load a do-not-call registry')
        .argument('[file]', 'with import: the registry, a list of phone numbers in any format')
        .option('--call', 'do not call')
        .option('--email', 'do not email')
        .option('--mail', 'do not mail')
        .option('--note <text>', 'how the request came')
        .option('--undo', 'lift the request (a mistake); asks, or takes --yes')
        .option('--yes', 'confirm --undo without asking')
        .option('--dry-run', 'with import: count what would change; change nothing')
        .option('--json', 'print the lead (or the registry import) as JSON')
        .action(lazy('dnc'));
    },
    merge: () => {
      program
        .command('merge')
        .description('one lead from two: KEEP takes OTHER\'s history, empty fields and do-not-contact flags')
        .argument('<keep>', 'the lead that stays')
        .argument('<other>', 'the lead merged into it (its id then shows KEEP)')
        .option('--dry-run', 'show what would change; change nothing')
        .option('--json', 'the merge as JSON')
        .action(lazy('merge'));
    },
    log: () => {
      program
        .command('log')
        .description('record a call outcome without the session (or --undo the last one)')
        .argument('<id>', 'lead id')
        .argument('[code]', 'outcome code (see `leads codes`)')
        .option('--note <text>', 'what was said')
        .option('--next <date>', 'call-back or next contact: tomorrow, mon, +3d, "2026-12-01 14:00", ...')
        .option('--at <datetime>', 'when the call was made (default now)')
        .option('--result <result>', 'why nobody was reached (code 3): no_answer, voicemail, busy, someone_else')
        .option('--email <address>', 'the email address an email code needs, when the lead has none')
        .option('--duration <length>', 'how long the call took: 3m, 90s, 1m30s, 2:30')
        .option('--undo', "take back the lead's last call outcome")
        .option('--json', 'print the lead as JSON')
        .action(lazy('log'));
    },
    call: () => {
      program
        .command('call')
        .description('the calling session: one lead at a time, an outcome code each')
        .option('--source <source>', 'only leads from this source')
        .option('--list <list>', 'only leads of this prospect list')
        .option('--territory <regions>', 'only these states/regions or postal-code prefixes, comma-separated')
        .option('--limit <n>', 'stop after N calls')
        .option('--any-hour', 'also leads outside 8:00-21:00 their local time')
        .option('--json', 'print the queue as JSON instead of calling (no terminal needed)')
        .action(lazy('call'));
    },
    due: () => {
      program
        .command('due')
        .description('call-backs and follow-ups due, overdue first')
        .option('--date <date>', 'due by the end of this day (default today)')
        .option('--json', 'JSON array of leads with due_at and kind')
        .action(lazy('due'));
    },
    report: () => {
      program
        .command('report')
        .description('how am I doing: the period against the one before, with the change')
        .addOption(new Option('--period <period>', 'the day, week (from Monday) or month so far (default week)').choices(['day', 'week', 'month']))
        .option('--from <date>', 'first day: with --to (default today), those days; with --period, the period holding it')
        .option('--to <date>', 'last day of a --from report')
        .addOption(new Option('--by <what>', 'break down by outcome code, source, list or cycle stage').choices(['code', 'source', 'list', 'stage']))
        .option('--json', 'the figures as JSON')
        .option('--csv', 'the figures as CSV')
        .action(lazy('report'));
    },
    sort: () => {
      program
        .command('sort')
        .description('the end-of-day sort: letters, emails and follow-ups of every outcome not yet served')
        .option('--date <date>', 'the batch of this day: calls up to its end (default today)')
        .option('--out <dir>', 'write under DIR/YYYY-MM-DD/ (default the sort.out_dir setting, ./batches)')
        .option('--dry-run', 'show what would be written and change nothing')
        .option('--json', 'the summary as JSON: batch_id, letters, emails, follow_ups, skipped')
        .action(lazy('sort'));
    },
    batches: () => {
      program
        .command('batches')
        .description('past batches; one batch and what was in it; or its files written again')
        .argument('[id]', 'batch id')
        .option('--rewrite', 'write the batch\'s files again (from the leads as they are now)')
        .option('--out <dir>', 'with --rewrite: write under DIR (default the sort.out_dir setting)')
        .option('--json', 'JSON: the batches, or the batch with its items')
        .action(lazy('batches'));
    },
    import: () => {
      program
        .command('import')
        .description('register prospects from CSV, Excel (.xlsx) and vCard (.vcf) files: spreadsheets, Google, Outlook, LinkedIn, list brokers')
        .argument('<file...>', 'CSV, .xlsx or .vcf files, each imported in one transaction')
        .option('--source <source>', 'where these leads came from (kept on each new lead)')
        .option('--list <list>', 'the prospect list they belong to')
        .option('--cost <amount>', 'what the list cost (for cost per lead in leads report), e.g. 250 or 249.90')
        .option('--map <field=header>', 'take FIELD from the column named HEADER (repeat for more; overrides the built-in names)', (v: string, acc: string[] = []) => [...acc, v])
        .option('--delimiter <c>', 'the delimiter: , ; | or tab (default: sniffed)')
        .option('--encoding <name>', 'utf-8, utf-16le, utf-16be or windows-1252 (default: detected)')
        .option('--sheet <name>', 'the sheet of an Excel workbook to read (default: the first)')
        .option('--country <cc>', 'country of phone numbers written without one (default the rules.default_country setting)')
        .addOption(new Option('--on-duplicate <what>', 'a row of a lead already there: fill its empty fields (skip) or overwrite its contact fields (update)').choices(['skip', 'update']).default('skip'))
        .option('--dry-run', 'the counts and a preview; nothing written')
        .option('--rejects <file>', 'write the rejected rows to this new CSV file, with their line and reason')
        .option('--json', 'the counts as JSON')
        .action(lazy('import'));
    },
    imports: () => {
      // `list` is the default subcommand, so `leads imports --json` lists
      const imports = program.command('imports').description('past imports: list (default), undo');
      imports
        .command('list', { isDefault: true })
        .description('past imports: file, when, counts, source, list, cost; undone ones marked')
        .option('--limit <n>', 'the last N imports')
        .option('--json', 'JSON array of imports')
        .action(lazy('imports'));
      imports
        .command('undo')
        .description('take an import back: its untouched leads removed, the fields it changed put back')
        .argument('<id>', 'the import (see leads imports)')
        .option('--dry-run', 'show what would be removed, put back and kept; change nothing')
        .option('--yes', 'undo without asking')
        .option('--json', 'what was removed, put back and kept, as JSON')
        .action(lazy('imports-undo'));
    },
    forget: () => {
      program
        .command('forget')
        .description("erase a person's personal data; the anonymous outcomes and a hashed suppression stay")
        .argument('<id>', 'lead id (a lead merged into another: that lead, and the merged row too)')
        .option('--yes', 'erase without asking (needed when not on a terminal)')
        .option('--json', 'what was erased and kept, as JSON')
        .action(lazy('forget'));
    },
  };
  const wanted = commandName(argv);
  for (const [name, define] of Object.entries(commands)) {
    if (!wanted || !(wanted in commands) || name === wanted) define();
  }

  return program;
}
