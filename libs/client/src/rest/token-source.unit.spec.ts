import { describe, expect, it } from 'vitest';
import { tokenSource } from './token-source.js';

describe('tokenSource', () => {
  it('gives the static token, or none', async () => {
    expect(await tokenSource({ token: 'abc' })()).toBe('abc');
    expect(await tokenSource({})()).toBeUndefined();
  });

  it('reads the token file, trimmed, and again once a minute has passed (it rotates)', async () => {
    let now = 0;
    let contents = 'first\n';
    const reads: string[] = [];
    const source = tokenSource({ token: 'ignored', tokenFile: '/var/run/token' }, () => now, async (p) => (reads.push(p), contents));
    expect(await source()).toBe('first');
    contents = 'second';
    now = 59_999;
    expect(await source()).toBe('first');
    now = 60_000;
    expect(await source()).toBe('second');
    expect(reads).toEqual(['/var/run/token', '/var/run/token']);
  });

  it('keeps the last token when the file cannot be read, and fails when it never could', async () => {
    let now = 0;
    let fail = false;
    const source = tokenSource({ tokenFile: '/t' }, () => now, async () => {
      if (fail) throw new Error('ENOENT');
      return 'kept';
    });
    expect(await source()).toBe('kept');
    fail = true;
    now = 120_000;
    expect(await source()).toBe('kept');
    await expect(tokenSource({ tokenFile: '/missing' }, () => 0, async () => Promise.reject(new Error('ENOENT')))()).rejects.toThrow('cannot read the bearer token file /missing: ENOENT');
    await expect(tokenSource({ tokenFile: '/empty' }, () => 0, async () => '  \n')()).rejects.toThrow('/empty is empty');
  });
});
