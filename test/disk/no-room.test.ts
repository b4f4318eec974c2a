// The words for a write refused for want of room: a full disk as a full disk, a used-up quota
// as a quota (the disk may have room, only not for this user), the same in every message.
import { describe, expect, it } from 'vitest';
import { noRoom, whyFileFailed } from '../../src/disk/files.js';
import { databaseFull } from '../../src/store/db.js';

const err = (code: string) => Object.assign(new Error(code), { code });

describe('a write refused for want of room', () => {
  it.each([
    ['ENOSPC', undefined, 'the disk is full'],
    ['EDQUOT', undefined, 'your disk quota is used up'],
    ['ENOSPC', 'backup.db', 'the disk holding backup.db is full'],
    ['EDQUOT', 'backup.db', 'your disk quota on the disk holding backup.db is used up'],
  ])('%s, of %s: %s', (code, what, words) => {
    expect(noRoom(err(code), what)).toBe(words);
  });

  it.each([
    ['ENOSPC', 'the disk is full'],
    ['EDQUOT', 'your disk quota is used up'],
  ])('a file that failed with %s: %s', (code, words) => {
    expect(whyFileFailed(err(code))).toBe(words);
  });

  it.each([
    [err('ENOSPC'), 'the disk holding the database is full'],
    [Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), 'the disk holding the database is full'],
    [err('EDQUOT'), 'your disk quota on the disk holding the database is used up'],
  ])('the database: %s', (e, words) => {
    expect(databaseFull(e)).toBe(words);
  });
});
