// npm run docs: writes docs/reference/ from the command definitions, and removes the pages of
// commands that are gone.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { referencePages } from './reference.js';

const dir = fileURLToPath(new URL('../../docs/reference/', import.meta.url));
const pages = await referencePages();
mkdirSync(dir, { recursive: true });
for (const old of readdirSync(dir)) if (old.endsWith('.md') && !pages.has(old)) rmSync(join(dir, old));
for (const [name, text] of pages) writeFileSync(join(dir, name), text);
console.log(`${pages.size} pages in ${dir}`);
