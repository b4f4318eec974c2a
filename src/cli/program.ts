// The commander root: global flags and every command's flags. Each command's code is
// imported only when that command runs, so `leads log` between two calls starts fast.
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { createContext, type Context, type Deps, type GlobalOptions } from './context.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** A command module: `export default async function run(ctx, args, opts)`. */
type Run = (ctx: Context, args: string[], opts: Record<string, unknown>) => Promise<void>;

export function buildProgram(deps: Deps, state: { close: () => void }): Command {
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
    .showHelpAfterError('(run `leads --help` for the commands)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
      outputError: (s, write) => write(`leads: ${s.replace(/^error: /, '')}`),
    });

  program
    .command('add')
    .description('register one prospect (prompts on a terminal when no fields are given)')
    .option('--first <name>', 'first name')
    .option('--last <name>', 'last name')
    .option('--company <name>', 'company')
    .option('--title <title>', 'job title')
    .option('--phone <phone>', 'phone, any format')
    .option('--mobile <phone>', 'mobile phone')
    .option('--email <email>', 'email address')
    .option('--street <street>', 'street address')
    .option('--city <city>', 'city')
    .option('--region <region>', 'state, province or region')
    .option('--postal-code <code>', 'postal or ZIP code')
    .option('--country <country>', 'country')
    .option('--source <source>', 'where the lead came from')
    .option('--list <list>', 'the prospect list it belongs to')
    .option('--note <text>', 'a first note')
    .option('--json', 'print the lead as JSON')
    .action(lazy('add'));

  program
    .command('show')
    .description('the lead card with its full touch history')
    .argument('<id>', 'lead id')
    .option('--json', 'JSON: the lead object with its touches')
    .action(lazy('show'));

  program
    .command('list')
    .description('leads as a table')
    .option('--code <code>', 'last outcome code')
    .option('--stage <stage>', 'cycle stage')
    .addOption(new Option('--status <status>', 'status').choices(['prospect', 'cycle', 'sold', 'disqualified']))
    .option('--source <source>', 'source')
    .option('--list <list>', 'prospect list')
    .option('--due [date]', 'next contact due by DATE (default today)')
    .option('--limit <n>', 'at most N leads')
    .addOption(
      new Option('--sort <field>', 'order').choices(['id', 'name', 'company', 'created', 'next', 'called', 'touches']),
    )
    .option('--duplicates', 'leads flagged as sharing a phone or email with another lead')
    .option('--json', 'JSON array of lead objects')
    .action(lazy('list'));

  // ---- F (issue 6): stage, release, dnc, merge ----
  program
    .command('stage')
    .description('move a finished lead (code 6) through the sales cycle')
    .argument('<id>', 'lead id')
    .argument('<stage>', 'quote, thinking, application, delivery, sold or done (release)')
    .option('--note <text>', 'a note with the move')
    .option('--next <date>', 'the next contact (follow-up): YYYY-MM-DD, tomorrow, +3d, ...')
    .option('--json', 'print the lead as JSON')
    .action(lazy('stage'));

  program
    .command('release')
    .description('release three-strike leads (or the IDs given, as Done) to the prospect list')
    .argument('[ids...]', 'release these leads in the cycle, whatever their count')
    .option('--dry-run', 'show what would be released; change nothing')
    .option('--yes', 'release without asking (needed when not on a terminal)')
    .option('--json', 'JSON: {dry_run, released: [lead objects]}')
    .action(lazy('release'));

  program
    .command('dnc')
    .description('record a do-not-contact request (default: do not call); each channel a touch')
    .argument('<id>', 'lead id')
    .option('--call', 'do not call')
    .option('--email', 'do not email')
    .option('--mail', 'do not mail')
    .option('--note <text>', 'how the request came')
    .option('--undo', 'lift the request (a mistake); asks, or takes --yes')
    .option('--yes', 'confirm --undo without asking')
    .option('--json', 'print the lead as JSON')
    .action(lazy('dnc'));

  program
    .command('merge')
    .description('one lead from two: KEEP takes OTHER\'s history, empty fields and do-not-contact flags')
    .argument('<keep>', 'the lead that stays')
    .argument('<other>', 'the lead merged into it (its id then shows KEEP)')
    .option('--dry-run', 'show what would change; change nothing')
    .option('--json', 'the merge as JSON')
    .action(lazy('merge'));

  return program;
}
