// The commander root: the global flags and the list of commands. Each command defines itself
// in src/commands/<name>.def.ts; only the definition of the command being run is imported
// (all of them for help or an unknown command), and its code only when it runs, so
// `leads log` between two calls starts fast.
import { Command, Option } from './commander.js';
import { readFileSync } from 'node:fs';
import { visible } from './safe.js';
import { messageText } from './io.js';
import type { AnyCommand } from './command.js';
import { createContext, type Deps, type GlobalOptions } from './context.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

type Define = () => Promise<{ default: AnyCommand }>;

/**
 * A command (which may have subcommands of its own: `dnc ID`, `dnc import FILE`), or a group
 * of subcommands whose first is run when none is named.
 */
type Entry =
  | { name: string; define: Define; subcommands?: Define[] }
  | { name: string; description: string; subcommands: Define[] };

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
    description: "the outcome codes: list (default), add, rename, a retry code's rules",
    subcommands: [
      () => import('../commands/codes.def.js'),
      () => import('../commands/codes-add.def.js'),
      () => import('../commands/codes-rename.def.js'),
      () => import('../commands/codes-retry.def.js'),
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
  { name: 'dnc', define: () => import('../commands/dnc.def.js'), subcommands: [() => import('../commands/dnc-import.def.js')] },
  { name: 'merge', define: () => import('../commands/merge.def.js') },
  { name: 'log', define: () => import('../commands/log.def.js') },
  { name: 'call', define: () => import('../commands/call.def.js') },
  { name: 'due', define: () => import('../commands/due.def.js') },
  { name: 'away', define: () => import('../commands/away.def.js') },
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

/** Adds one command to `parent` as its definition says: arguments, flags, examples and the action. */
function attach(parent: Command, definition: AnyCommand, onRun: OnRun, isDefault: boolean): Command {
  const { spec } = definition;
  const cmd = parent.command(spec.name, isDefault ? { isDefault: true } : {}).description(spec.description);
  if (spec.examples?.length) cmd.addHelpText('after', `\nExamples:\n${spec.examples.map(([line]) => `  ${line}`).join('\n')}`);
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
    // a flag the command above also has (`dnc import FILE --json`) is read by commander into
    // that command, wherever it stands: it is this subcommand's
    const above = self.parent?.parent ? self.parent.opts() : {};
    const shared = Object.entries(above).filter(([key]) => self.options.some((o) => o.attributeName() === key));
    await onRun(definition, { ...Object.fromEntries(args), ...Object.fromEntries(shared), ...self.opts() }, self);
  });
  return cmd;
}

/**
 * Commander's usage error as one line: its suggestion (`\n(Did you mean list?)`) joined on,
 * and what was typed made visible.
 */
function usageLine(message: string): string {
  const [what, ...more] = message.replace(/^error: /, '').trimEnd().split('\n');
  const suggestion = /^\(Did you mean (.*)\?\)$/.exec(more.join(' ').trim());
  const rest = suggestion ? `: did you mean ${suggestion[1]}?` : more.length ? ` ${more.join(' ')}` : '';
  return visible(what + rest);
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
      outputError: (s, write) => write(messageText(`leads: ${usageLine(s)} (see \`leads --help\`)`, deps.stderr)),
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
  const loaded = await Promise.all(entries.map(load));
  entries.forEach((e, i) => {
    const { command, subcommands } = loaded[i];
    if ('description' in e) {
      const group = leads.command(e.name).description(e.description);
      subcommands.forEach((d, j) => attach(group, d, onRun, j === 0));
      return;
    }
    const cmd = attach(leads, command!, onRun, false);
    for (const d of subcommands) attach(cmd, d, onRun, false);
  });
  return leads;
}

/** An entry's definitions: the command's own (none for a group) and its subcommands'. */
async function load(e: Entry): Promise<{ command?: AnyCommand; subcommands: AnyCommand[] }> {
  const [command, subcommands] = await Promise.all([
    'define' in e ? e.define().then((m) => m.default) : undefined,
    Promise.all((e.subcommands ?? []).map(async (d) => (await d()).default)),
  ]);
  return { command, subcommands };
}

/**
 * A command line's first word as the reference lists it: a command with its subcommands, or a
 * group (no command of its own) whose first subcommand runs when it is named alone.
 */
export interface ListedEntry {
  readonly name: string;
  readonly description: string;
  readonly command?: AnyCommand;
  readonly subcommands: AnyCommand[];
}

/** Every command and group in the order of help, for the reference pages (never at start-up). */
export async function listCommands(): Promise<ListedEntry[]> {
  return Promise.all(
    COMMANDS.map(async (e) => {
      const { command, subcommands } = await load(e);
      const description = 'description' in e ? e.description : command!.spec.description;
      return { name: e.name, description, command, subcommands };
    }),
  );
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
