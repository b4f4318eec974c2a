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
    .option('--json', 'JSON array of lead objects')
    .action(lazy('list'));

  return program;
}
