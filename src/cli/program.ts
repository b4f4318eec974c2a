// The commander root: the global flags and the list of commands. Each command defines itself
// in src/commands/<name>.def.ts; only the definition of the command being run is imported
// (all of them for help or an unknown command), and its code only when it runs, so
// `leads log` between two calls starts fast.
import { Command, Option } from './commander.js';
import { readFileSync } from 'node:fs';
import { visible } from './safe.js';
import type { AnyCommand } from './command.js';
import { createContext, type Deps, type GlobalOptions } from './context.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

type Define = () => Promise<{ default: AnyCommand }>;

/** A command, or a group of subcommands whose first is run when none is named. */
type Entry = { name: string; define: Define } | { name: string; description: string; subcommands: Define[] };

// In the order `leads --help` lists them.
const COMMANDS: Entry[] = [
  { name: 'add', define: () => import('../commands/add.def.js') },
  { name: 'show', define: () => import('../commands/show.def.js') },
  { name: 'list', define: () => import('../commands/list.def.js') },
  { name: 'find', define: () => import('../commands/find.def.js') },
  { name: 'edit', define: () => import('../commands/edit.def.js') },
  { name: 'note', define: () => import('../commands/note.def.js') },
  {
    // `list` is the default subcommand, so `--json` after `codes add ...` reaches `add`
    name: 'codes',
    description: 'the outcome codes: list (default), add, rename',
    subcommands: [
      () => import('../commands/codes.def.js'),
      () => import('../commands/codes-add.def.js'),
      () => import('../commands/codes-rename.def.js'),
    ],
  },
  {
    name: 'config',
    description: "settings: the sender for batches and the rules' numbers: list (default), get, set",
    subcommands: [
      () => import('../commands/config.def.js'),
      () => import('../commands/config-set.def.js'),
      () => import('../commands/config-get.def.js'),
    ],
  },
  { name: 'export', define: () => import('../commands/export.def.js') },
  { name: 'backup', define: () => import('../commands/backup.def.js') },
  { name: 'doctor', define: () => import('../commands/doctor.def.js') },
  { name: 'stage', define: () => import('../commands/stage.def.js') },
  { name: 'release', define: () => import('../commands/release.def.js') },
  { name: 'dnc', define: () => import('../commands/dnc.def.js') },
  { name: 'merge', define: () => import('../commands/merge.def.js') },
  { name: 'log', define: () => import('../commands/log.def.js') },
  { name: 'call', define: () => import('../commands/call.def.js') },
  { name: 'due', define: () => import('../commands/due.def.js') },
  { name: 'report', define: () => import('../commands/report.def.js') },
  { name: 'sort', define: () => import('../commands/sort.def.js') },
  { name: 'batches', define: () => import('../commands/batches.def.js') },
  { name: 'import', define: () => import('../commands/import.def.js') },
  {
    // `list` is the default subcommand, so `leads imports --json` lists
    name: 'imports',
    description: 'past imports: list (default), undo',
    subcommands: [() => import('../commands/imports.def.js'), () => import('../commands/imports-undo.def.js')],
  },
  { name: 'forget', define: () => import('../commands/forget.def.js') },
];

/** What is done with the command a command line names, once its options are read. */
type OnRun = (definition: AnyCommand, options: Record<string, unknown>, cmd: Command) => Promise<void>;

/** The command a command line names: its first word that is not a global flag or its value. */
function commandName(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--db') i++;
    else if (!argv[i].startsWith('-')) return argv[i];
  }
  return undefined;
}

/** An argument's key in the options object: `<postal-code...>` is `postalCode`. */
function argKey(name: string): string {
  return name.replace(/^[<[]|\.\.\.|[>\]]$/g, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

/** Adds one command to `parent` as its definition says: arguments, flags, and the action. */
function attach(parent: Command, definition: AnyCommand, onRun: OnRun, isDefault: boolean): void {
  const { spec } = definition;
  const cmd = parent.command(spec.name, isDefault ? { isDefault: true } : {}).description(spec.description);
  for (const [name, description] of spec.args ?? []) cmd.argument(name, description);
  for (const [flags, description, extra] of spec.flags ?? []) {
    const option = new Option(flags, description);
    if (extra?.choices) option.choices(extra.choices);
    if (extra?.default !== undefined) option.default(extra.default);
    if (extra?.repeat) option.argParser((v: string, acc: string[] = []) => [...acc, v]);
    if (extra?.required) option.makeOptionMandatory();
    cmd.addOption(option);
  }
  cmd.action(async (...params: unknown[]) => {
    const self = params[params.length - 1] as Command;
    // commander passes the arguments in order, then the flags and the command
    const args = (spec.args ?? []).map(([name], i) => [argKey(name), params[i] ?? (name.includes('...') ? [] : undefined)]);
    await onRun(definition, { ...Object.fromEntries(args), ...self.opts() }, self);
  });
}

/** The root with its global flags; output goes where `deps` says, errors throw. */
function root(deps: Pick<Deps, 'stdout' | 'stderr'>): Command {
  return new Command('leads')
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
}

/** The program for `argv`: only the command it names is defined, all of them when it names none known. */
async function program(deps: Pick<Deps, 'stdout' | 'stderr'>, argv: string[], onRun: OnRun): Promise<Command> {
  const leads = root(deps);
  const wanted = commandName(argv);
  const known = COMMANDS.some((e) => e.name === wanted);
  // the version alone needs no command; help and an unknown command need them all
  const versionOnly = wanted === undefined && argv.some((a) => a === '-V' || a === '--version');
  const entries = versionOnly ? [] : COMMANDS.filter((e) => !known || e.name === wanted);
  // imported together, attached in order: the order of help
  const loaded = await Promise.all(
    entries.map(async (e) =>
      'define' in e ? [(await e.define()).default] : Promise.all(e.subcommands.map(async (d) => (await d()).default)),
    ),
  );
  entries.forEach((e, i) => {
    if ('define' in e) return attach(leads, loaded[i][0], onRun, false);
    const group = leads.command(e.name).description(e.description);
    loaded[i].forEach((d, j) => attach(group, d, onRun, j === 0));
  });
  return leads;
}

/** What the error boundary learns of the run: how to end it, and where its database is. */
export interface RunState {
  close: () => void;
  dbPath?: string;
}

export async function buildProgram(deps: Deps, state: RunState, argv: string[] = []): Promise<Command> {
  return program(deps, argv, async (definition, options, cmd) => {
    const ctx = await createContext(deps, cmd.optsWithGlobals() as GlobalOptions);
    state.close = ctx.close;
    state.dbPath = ctx.dbPath;
    const run = (await definition.load()).default;
    // the options were read by the command's own spec: they are of its options type
    await run(ctx, options as never);
    await ctx.settle();
  });
}

/**
 * How a command line parses, without running anything: the command's name (`codes add`) and
 * the options object its run function would get. A usage error throws commander's error.
 */
export async function parseCommand(argv: string[]): Promise<{ name: string; options: Record<string, unknown> }> {
  let parsed: { name: string; options: Record<string, unknown> } | undefined;
  const silent = { write: () => true };
  const leads = await program({ stdout: silent, stderr: silent }, argv, async (_definition, options, cmd) => {
    const names: string[] = [];
    for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
    parsed = { name: names.join(' '), options };
  });
  await leads.parseAsync(argv, { from: 'user' });
  if (!parsed) throw new Error(`no command in ${argv.join(' ')}`);
  return parsed;
}
