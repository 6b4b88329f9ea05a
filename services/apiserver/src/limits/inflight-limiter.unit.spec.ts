import { describe, expect, it } from 'vitest';
import { InflightLimiter, requestKind } from './inflight-limiter.js';

describe('InflightLimiter', () => {
  it('refuses a kind at its limit, independently of the other kind, until a slot is released', () => {
    const limiter = new InflightLimiter({ readOnly: 2, mutating: 1 });
    expect(limiter.tryAcquire('readOnly')).toBe(true);
    expect(limiter.tryAcquire('readOnly')).toBe(true);
    expect(limiter.tryAcquire('readOnly')).toBe(false);
    expect(limiter.tryAcquire('mutating')).toBe(true);
    expect(limiter.tryAcquire('mutating')).toBe(false);
    limiter.release('readOnly');
    expect(limiter.tryAcquire('readOnly')).toBe(true);
    expect(limiter.inflight('readOnly')).toBe(2);
  });

  it('does not limit a kind whose limit is 0', () => {
    const limiter = new InflightLimiter({ readOnly: 0, mutating: 0 });
    for (let i = 0; i < 1000; i++) expect(limiter.tryAcquire('mutating')).toBe(true);
  });

  it('reports the most in flight since the previous report', () => {
    const limiter = new InflightLimiter({ readOnly: 0, mutating: 0 });
    limiter.tryAcquire('readOnly');
    limiter.tryAcquire('readOnly');
    limiter.tryAcquire('readOnly');
    limiter.release('readOnly');
    limiter.release('readOnly');
    expect(limiter.takeWatermark('readOnly')).toBe(3);
    expect(limiter.takeWatermark('readOnly')).toBe(1);
    expect(limiter.takeWatermark('mutating')).toBe(0);
  });

  it('classifies get, list and watch as read-only and everything else as mutating', () => {
    expect(['get', 'list', 'watch'].map(requestKind)).toEqual(['readOnly', 'readOnly', 'readOnly']);
    expect(['create', 'update', 'patch', 'delete', 'deletecollection', 'post'].map(requestKind)).toEqual(Array(6).fill('mutating'));
  });
});

describe('InflightLimiter.acquire (queueing)', () => {
  it('hands a freed slot to the first request waiting, in order', async () => {
    const limiter = new InflightLimiter({ readOnly: 0, mutating: 1 });
    expect(await limiter.acquire('mutating', 1000)).toBe(true);
    const order: string[] = [];
    const second = limiter.acquire('mutating', 1000).then((ok) => order.push(`second ${ok}`));
    expect(limiter.waiting('mutating')).toBe(1);
    limiter.release('mutating');
    await second;
    expect(order).toEqual(['second true']);
    expect(limiter.inflight('mutating')).toBe(1); // the slot went to the waiter
  });

  it('refuses when the wait runs out, the queue is full, no wait is allowed, or the client goes away', async () => {
    const limiter = new InflightLimiter({ readOnly: 1, mutating: 1 });
    expect(limiter.tryAcquire('readOnly')).toBe(true);
    expect(await limiter.acquire('readOnly', 0)).toBe(false);
    expect(await limiter.acquire('readOnly', 20)).toBe(false);
    const gone = new AbortController();
    const waiting = limiter.acquire('readOnly', 10_000, gone.signal);
    expect(await limiter.acquire('readOnly', 10_000)).toBe(false); // queue of the limit's size (1) is full
    gone.abort();
    expect(await waiting).toBe(false);
    expect(limiter.waiting('readOnly')).toBe(0);
    limiter.release('readOnly');
    expect(limiter.inflight('readOnly')).toBe(0);
  });
});
