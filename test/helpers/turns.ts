// vitest runs a file's tests one after another on promises alone: a file of synchronous
// tests never gives its thread back between them, and its stretches add up past the 60 s
// in which vitest's worker must read its runner's answers. Each test starts after a turn
// of the event loop that reads what has arrived (two check phases have a poll phase between
// them), so a thread is held at most for one test; a test of many runs awaits them.
import { beforeEach } from 'vitest';

beforeEach(() => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve))));
