// The README keeps up with the program and the contract: every command the built binary
// registers (and every subcommand) and every command of the SPEC's Commands table appears
// in README.md as `leads NAME`.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { leadsProcess, leadsInProcess, ROOT, tempWorkspace } from './helpers/cli.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ws = tempWorkspace();
afterAll(() => ws.cleanup());

/** The names listed under "Commands:" in commander's help, without `help` itself. */
function commandsInHelp(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1];
  if (!section) return [];
  const names: string[] = [];
  for (const line of section.split('\n')) {
    if (/^\S/.test(line)) break; // the next section
    const m = /^ {2}([a-z][\w-]*)/.exec(line); // deeper indents are wrapped descriptions
    if (m && m[1] !== 'help') names.push(m[1]);
  }
  return names;
}

/** `leads NAME` phrases in the SPEC's Commands table: `leads dnc import FILE` gives `dnc import`. */
function commandsInSpec(spec: string): string[] {
  const section = spec.split(/^## Commands$/m)[1]?.split(/^## /m)[0] ?? '';
  const rows = section.split('\n').filter((l) => l.startsWith('| `leads '));
  const names = new Set<string>();
  for (const row of rows) {
    for (const m of row.matchAll(/`leads ([a-z][a-z-]*(?: [a-z][a-z-]*)*)/g)) names.add(m[1]);
  }
  return [...names];
}

const inReadme = (phrase: string) => new RegExp(`\\bleads ${phrase.replace(/[-]/g, '\\-')}\\b`).test(README);

// The SPEC sits beside the repository (../shared/SPEC.md) in the work tree and in CI.
const SPEC_PATH = [process.env.LEADS_SPEC, join(ROOT, '..', 'shared', 'SPEC.md')].find((p) => p && existsSync(p));

describe('README', () => {
  // the built binary, end to end: bin/leads.js through commander's help
  const help = leadsProcess(['--help'], { db: ws.db });
  const registered = commandsInHelp(help.stdout);

  it('the built binary lists its commands', () => {
    expect(help.code).toBe(0);
    // add, show and list are the foundation's; the parse must find at least those
    expect(registered).toEqual(expect.arrayContaining(['add', 'show', 'list']));
  });

  it('documents every registered command as `leads NAME`', () => {
    const missing = registered.filter((name) => !inReadme(name));
    expect(missing, 'commands missing from README.md').toEqual([]);
  });

  it('documents every registered subcommand as `leads NAME SUB`', async () => {
    const missing: string[] = [];
    for (const name of registered) {
      const r = await leadsInProcess([name, '--help'], { db: ws.db });
      expect(r.code, `leads ${name} --help`).toBe(0);
      for (const sub of commandsInHelp(r.stdout)) if (!inReadme(`${name} ${sub}`)) missing.push(`${name} ${sub}`);
    }
    expect(missing, 'subcommands missing from README.md').toEqual([]);
  });

  it.skipIf(!SPEC_PATH)('documents every command of the SPEC Commands table', () => {
    const wanted = commandsInSpec(readFileSync(SPEC_PATH!, 'utf8'));
    // the table has some two dozen commands: a parse that finds few is broken, not passing
    expect(wanted.length).toBeGreaterThanOrEqual(20);
    expect(wanted).toEqual(expect.arrayContaining(['import', 'backup', 'doctor', 'dnc import', 'config']));
    const missing = wanted.filter((name) => !inReadme(name));
    expect(missing, 'SPEC commands missing from README.md').toEqual([]);
  });
});

describe('the parsers of this test', () => {
  it('reads command names from commander help, skipping wrapped lines and help', () => {
    const help = [
      'Usage: leads [options] [command]',
      '',
      'Commands:',
      '  add [options]        register one prospect (prompts on a terminal when no',
      '                       fields are given)',
      '  show [options] <id>  the lead card',
      '  help [command]       display help for command',
      '',
    ].join('\n');
    expect(commandsInHelp(help)).toEqual(['add', 'show']);
    expect(commandsInHelp('Usage: leads show [options] <id>\n')).toEqual([]);
  });

  it('reads `leads NAME` phrases from the SPEC table rows only', () => {
    const spec = [
      '## Commands',
      'Global: `leads --help` is not a command.',
      '| command | does |',
      '| `leads import FILE...` | register |',
      '| `leads backup FILE` / `leads doctor` | backup; check |',
      '| `leads dnc ID [--call]` | record; `leads dnc import FILE` loads a registry |',
      '## Import',
      '| `leads bogus` | outside the section |',
    ].join('\n');
    expect(commandsInSpec(spec).sort()).toEqual(['backup', 'dnc', 'dnc import', 'doctor', 'import']);
  });

  it('matches whole command names in the README', () => {
    expect(inReadme('import')).toBe(true);
    expect(inReadme('impor')).toBe(false);
  });
});
