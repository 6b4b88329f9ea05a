import { describe, expect, it } from 'vitest';
import { InMemoryLeaderLock, LockToken } from './in-memory-leader-lock.js';

describe('InMemoryLeaderLock', () => {
  it('lets one of two locks sharing a token lead, the other after release', async () => {
    const token = new LockToken();
    const a = new InMemoryLeaderLock(token);
    const b = new InMemoryLeaderLock(token);
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    expect(b.lost).toBeUndefined();
    await a.release();
    expect(a.lost).toBeUndefined();
    expect(await b.tryAcquire()).toBe(true);
  });

  it('resolves lost on revoke and frees the token', async () => {
    const token = new LockToken();
    const a = new InMemoryLeaderLock(token);
    const b = new InMemoryLeaderLock(token);
    await a.tryAcquire();
    const lost = a.lost!;
    let resolved = false;
    void lost.then(() => (resolved = true));
    a.revoke();
    await lost;
    expect(resolved).toBe(true);
    expect(a.held).toBe(false);
    expect(await b.tryAcquire()).toBe(true);
    await a.release(); // safe after a loss, and does not free b's hold
    expect(b.held).toBe(true);
  });

  it('never contends across tokens (forced split brain)', async () => {
    const a = new InMemoryLeaderLock();
    const b = new InMemoryLeaderLock();
    expect([await a.tryAcquire(), await b.tryAcquire()]).toEqual([true, true]);
  });
});
