// The paths the user types are read against the folder the command runs in (the context's
// cwd), not the test runner's: each command in-process, in a temporary folder.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leadsInProcess, tempWorkspace } from '../helpers/cli.js';

let ws: ReturnType<typeof tempWorkspace>;
const run = (args: string[], env: Record<string, string> = {}) => leadsInProcess(args, { db: ws.db, cwd: ws.dir, env });

beforeEach(async () => {
  ws = tempWorkspace();
  await run(['add', '--first', 'Ann', '--last', 'Baker', '--phone', '(617) 555-0100']);
});
afterEach(() => ws.cleanup());

describe('paths typed by the user are in the command\'s folder', () => {
  it('export --out', async () => {
    const r = await run(['export', '--out', 'leads.csv']);
    expect(r).toMatchObject({ code: 0, stderr: 'exported 1 leads to leads.csv\n' });
    expect(existsSync(join(ws.dir, 'leads.csv'))).toBe(true);
    // named as typed when it is there already
    expect(await run(['export', '--out', 'leads.csv'])).toMatchObject({
      code: 1,
      stderr: 'leads: leads.csv exists already; give a new file name (nothing is overwritten)\n',
    });
  });

  it('backup FILE', async () => {
    const r = await run(['backup', 'copy.db']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^copy\.db\t\d+ bytes\n$/);
    expect(existsSync(join(ws.dir, 'copy.db'))).toBe(true);
  });

  it('dnc import FILE', async () => {
    writeFileSync(join(ws.dir, 'registry.txt'), '(617) 555-0100\n');
    const r = await run(['dnc', 'import', 'registry.txt', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: 'registry.txt', numbers: 1, marked: [1] });
    expect(await run(['dnc', 'import', 'missing.txt'])).toMatchObject({ code: 1, stderr: 'leads: cannot read missing.txt: no such file\n' });
  });

  it('import FILE and --rejects', async () => {
    // the second row's name is over the cap: rejected, its line written to --rejects
    writeFileSync(join(ws.dir, 'list.csv'), `First Name,Last Name,Phone\nCara,Diaz,(555) 300-4000\n${'E'.repeat(1001)},Ng,(555) 300-4001\n`);
    const r = await run(['import', 'list.csv', '--rejects', 'rejects.csv', '--json']);
    expect(r.code).toBe(0);
    // the file is named as typed, in the output and in the import's record
    expect(JSON.parse(r.stdout)).toMatchObject({ file: 'list.csv', inserted: 1, rejected: 1 });
    expect(readFileSync(join(ws.dir, 'rejects.csv'), 'utf8')).toContain('Ng');
    expect((await run(['imports', '--json'])).stdout).toContain('"file": "list.csv"');
    expect(await run(['import', 'missing.csv'])).toMatchObject({ code: 1, stderr: 'leads: cannot read missing.csv: no such file\n' });
  });

  it('sort --out', async () => {
    await run(['log', '1', '2']);
    const r = await run(['sort', '--out', 'batches', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).out_dir.startsWith(join(ws.dir, 'batches'))).toBe(true);
  });

  it('--db', async () => {
    mkdirSync(join(ws.dir, 'other'));
    const r = await run(['--db', 'other/leads.db', 'config', 'set', 'sender.name', 'Ann Baker']);
    expect(r.code).toBe(0);
    expect(existsSync(join(ws.dir, 'other', 'leads.db'))).toBe(true);
  });
});
