// The command reference, docs/reference/: a page per command and subcommand, written from the
// commands' own definitions (src/commands/*.def.ts) by `npm run docs`, and compared with the
// pages on disk by test/docs.test.ts. Never loaded by `leads` itself.
import { readFileSync } from 'node:fs';
import type { AnyCommand, ExitSpec, FlagExtra } from '../cli/command.js';
import { listCommands, type ListedEntry } from '../cli/program.js';
import { SETTINGS } from '../core/settings.js';

/** What each exit code means where a command says nothing more particular. */
const EXITS: Record<ExitSpec[0], string> = {
  0: 'success',
  1: 'a failure at run time: no database at the path, a database that cannot be read, nothing done',
  2: 'a usage error: an unknown flag, a missing or extra argument, a value the flag does not take',
  130: 'interrupted (Ctrl-C): what was already saved stays saved, and one line says what was kept',
};

const generated = (source: string): string => `<!-- written by \`npm run docs\` from ${source}: edit that, not this page -->`;
const GENERATED = generated('the command definitions in src/commands/');

/** A page's file name: `log.md`, `codes-add.md`. */
export const pageName = (words: readonly string[]): string => `${words.join('-')}.md`;

/** Text for a table cell: a `|` would end the cell. */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

function flagCell(flags: string, description: string, extra: FlagExtra | undefined): string {
  const notes = [
    extra?.choices ? `one of ${extra.choices.map((c) => `\`${c}\``).join(', ')}` : '',
    extra?.default !== undefined ? `default \`${extra.default}\`` : '',
    extra?.repeat ? 'may be given again' : '',
    extra?.required ? 'required' : '',
  ].filter(Boolean);
  return `| \`${flags}\` | ${cell(description)}${notes.length ? ` (${notes.join('; ')})` : ''} |`;
}

/** A guide's title, its first heading: `calling.md#leads-call` is "Calling". */
function guideTitle(guide: string): string {
  const text = readFileSync(new URL(`../../docs/${guide.replace(/#.*/, '')}`, import.meta.url), 'utf8');
  return /^# (.*)$/m.exec(text)?.[1] ?? guide;
}

/** The page of one command (`words`: `['log']`, `['codes', 'add']`). */
function commandPage(words: readonly string[], definition: AnyCommand, o: { isDefault?: boolean; subcommands?: AnyCommand[] } = {}): string {
  const { spec } = definition;
  const name = `leads ${words.join(' ')}`;
  const usage = [name, ...(spec.args ?? []).map(([arg]) => arg), ...(spec.flags?.length ? ['[flags]'] : [])].join(' ');
  const out = [GENERATED, '', `# ${name}`, '', `${spec.description[0].toUpperCase()}${spec.description.slice(1)}.`, '', '```', usage, '```', ''];
  if (o.isDefault) out.push(`\`leads ${words[0]}\` alone is \`${name}\`.`, '');
  if (spec.args?.length) {
    out.push('## Arguments', '', '| argument | what it is |', '|---|---|');
    for (const [arg, description] of spec.args) out.push(`| \`${arg}\` | ${cell(description)} |`);
    out.push('');
  }
  out.push('## Flags', '');
  if (spec.flags?.length) {
    out.push('| flag | what it does |', '|---|---|');
    for (const [flags, description, extra] of spec.flags) out.push(flagCell(flags, description, extra));
    out.push('');
  }
  out.push('Every command also takes `--db PATH`, `--no-color` and `--help`: see [How every command behaves](../conventions.md).', '');
  if (o.subcommands?.length) {
    out.push('## Subcommands', '', '| subcommand | what it does |', '|---|---|');
    for (const sub of o.subcommands) {
      out.push(`| [\`${name} ${sub.spec.name}\`](${pageName([...words, sub.spec.name])}) | ${cell(sub.spec.description)} |`);
    }
    out.push('');
  }
  if (spec.examples?.length) {
    out.push('## Examples', '', '```sh');
    for (const [line, what] of spec.examples) out.push(what ? `${line}    # ${what}` : line);
    out.push('```', '');
  }
  out.push('## Exit codes', '', '| code | when |', '|---|---|');
  const given = new Map(spec.exits ?? []);
  for (const code of [0, 1, 2, 130] as const) out.push(`| ${code} | ${cell(given.get(code) ?? EXITS[code])} |`);
  out.push('');
  if (spec.guide) out.push(`The whole story: [${guideTitle(spec.guide)}](../${spec.guide}).`, '');
  return out.join('\n');
}

/** The page of a group that only holds subcommands (`leads codes`), the first run by default. */
function groupPage(entry: ListedEntry): string {
  const out = [GENERATED, '', `# leads ${entry.name}`, '', `${entry.description[0].toUpperCase()}${entry.description.slice(1)}.`, ''];
  out.push('| subcommand | what it does |', '|---|---|');
  entry.subcommands.forEach((sub, i) => {
    const link = `[\`leads ${entry.name} ${sub.spec.name}\`](${pageName([entry.name, sub.spec.name])})`;
    out.push(`| ${link}${i === 0 ? ' (also `leads ' + entry.name + '` alone)' : ''} | ${cell(sub.spec.description)} |`);
  });
  out.push('');
  return out.join('\n');
}

function indexPage(entries: ListedEntry[]): string {
  const out = [GENERATED, '', '# Command reference', ''];
  out.push(
    'A page per command: its arguments, flags, examples and exit codes. What every command shares',
    '(`--db`, `--json`, output, dates, exit codes, the environment) is in',
    '[How every command behaves](../conventions.md); every setting is in [Settings](settings.md).',
    '',
    '| command | what it does |',
    '|---|---|',
  );
  for (const e of entries) {
    out.push(`| [\`leads ${e.name}\`](${pageName([e.name])}) | ${cell(e.description)} |`);
    for (const sub of e.subcommands) {
      out.push(`| [\`leads ${e.name} ${sub.spec.name}\`](${pageName([e.name, sub.spec.name])}) | ${cell(sub.spec.description)} |`);
    }
  }
  out.push('');
  return out.join('\n');
}

/** What a setting of each kind takes, beside its range. */
const TAKES: Record<(typeof SETTINGS)[string]['kind'], string> = {
  text: 'text',
  int: 'a whole number',
  country: 'a two-letter country code',
  email: 'an email address',
  switch: '`on` or `off`',
  choice: 'one of',
  host: 'a host name',
  url: 'an https:// address',
};

function settingsPage(): string {
  const out = [generated('SETTINGS in src/core/settings.ts'), '', '# Settings', ''];
  out.push(
    'Every setting `leads config set KEY VALUE` takes, with its default and the values it takes. A value',
    'out of range is refused when set (exit 2). See [Settings](../settings.md) for how they are used.',
    '',
    '| setting | default | takes | what it is |',
    '|---|---|---|---|',
  );
  for (const [key, spec] of Object.entries(SETTINGS)) {
    const takes =
      spec.min !== undefined
        ? `${TAKES[spec.kind]}, ${spec.min}-${spec.max}`
        : spec.choices
          ? `${TAKES[spec.kind]} ${spec.choices.map((c) => `\`${c}\``).join(', ')}`
          : TAKES[spec.kind];
    out.push(`| \`${key}\` | ${spec.default ? `\`${spec.default}\`` : '(empty)'} | ${takes} | ${cell(spec.description)} |`);
  }
  out.push('');
  return out.join('\n');
}

/** Every page of docs/reference/ by file name, as `npm run docs` writes it. */
export async function referencePages(): Promise<Map<string, string>> {
  const entries = await listCommands();
  const pages = new Map<string, string>([
    ['README.md', indexPage(entries)],
    ['settings.md', settingsPage()],
  ]);
  for (const e of entries) {
    if (e.command) pages.set(pageName([e.name]), commandPage([e.name], e.command, { subcommands: e.subcommands }));
    else pages.set(pageName([e.name]), groupPage(e));
    e.subcommands.forEach((sub, i) => {
      pages.set(pageName([e.name, sub.spec.name]), commandPage([e.name, sub.spec.name], sub, { isDefault: !e.command && i === 0 }));
    });
  }
  return pages;
}
