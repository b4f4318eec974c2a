// commander through require(): Node 20 loads a CommonJS package several ms faster this way
// than through an ESM import, and every run of leads pays for it.
import { createRequire } from 'node:module';
import type * as Commander from 'commander';

const commander = createRequire(import.meta.url)('commander') as typeof Commander;
export const { Command, Option, CommanderError } = commander;
export type Command = Commander.Command;
