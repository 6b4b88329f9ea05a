import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { serviceAccountLookup } from './service-account-lookup.js';

/** A lookup whose storage has the account from the `appearsAt`-th read on; counts reads and sleeps. */
function setup(appearsAt: number, cached?: KubeObject) {
  const calls = { live: 0, sleeps: [] as number[] };
  const account = { metadata: { name: 'x' } };
  const lookup = serviceAccountLookup({
    cached: () => cached,
    live: async () => (++calls.live >= appearsAt ? account : undefined),
    sleep: async (ms) => void calls.sleeps.push(ms),
    random: () => 0.5,
  });
  return { lookup, calls, account };
}

describe('serviceAccountLookup', () => {
  it('answers from the cache without reading storage', async () => {
    const cached = { metadata: { name: 'default' } };
    const { lookup, calls } = setup(1, cached);
    await expect(lookup('ns', 'default')).resolves.toBe(cached);
    expect(calls.live).toBe(0);
  });

  it('reads `default` from storage up to 10 times, 100–200 ms apart, as the controller creates it', async () => {
    const { lookup, calls, account } = setup(4);
    await expect(lookup('ns', 'default')).resolves.toBe(account);
    expect(calls.live).toBe(4);
    expect(calls.sleeps).toEqual([150, 150, 150]);
  });

  it('gives up on `default` after 10 reads', async () => {
    const { lookup, calls } = setup(99);
    await expect(lookup('ns', 'default')).resolves.toBeUndefined();
    expect(calls.live).toBe(10);
  });

  it('reads any other account once', async () => {
    const { lookup, calls } = setup(2);
    await expect(lookup('ns', 'builder')).resolves.toBeUndefined();
    expect(calls.live).toBe(1);
    expect(calls.sleeps).toEqual([]);
  });
});
