import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { ReplicaExpectations } from './replica-expectations.js';

const pod = (name: string, rv: string, extra: Record<string, unknown> = {}): KubeObject => ({ metadata: { name, uid: `${name}-uid`, resourceVersion: rv, ...extra } });
const cache = (pods: KubeObject[], revision: number) => ({ getPod: (name: string) => pods.find((p) => p.metadata?.name === name), revision });

describe('ReplicaExpectations', () => {
  it('holds a ReplicaSet back until the cache shows the pods it created', () => {
    const e = new ReplicaExpectations();
    expect(e.satisfied('ns/web', cache([], 10), 0)).toBe(true);
    e.expectCreation('ns/web', pod('web-a', '11'), 0);
    e.expectCreation('ns/web', pod('web-b', '12'), 0);
    expect(e.satisfied('ns/web', cache([], 10), 1)).toBe(false);
    expect(e.satisfied('ns/web', cache([pod('web-a', '11')], 11), 1)).toBe(false);
    expect(e.satisfied('ns/web', cache([pod('web-a', '11'), pod('web-b', '12')], 12), 1)).toBe(true);
    expect(e.expiresInMs('ns/web', 1)).toBeUndefined(); // met expectations are dropped
  });

  it('counts a created pod the cache never held once the cache passed the create (created and deleted meanwhile)', () => {
    const e = new ReplicaExpectations();
    e.expectCreation('ns/web', pod('web-a', '11'), 0);
    expect(e.satisfied('ns/web', cache([], 10), 0)).toBe(false);
    expect(e.satisfied('ns/web', cache([], 14), 0)).toBe(true);
  });

  it('holds it back until the pods it deleted are gone or terminating; a failed delete is not waited for', () => {
    const e = new ReplicaExpectations();
    e.expectDeletion('ns/web', pod('web-a', '5'), 0);
    e.expectDeletion('ns/web', pod('web-b', '6'), 0);
    e.expectDeletion('ns/web', pod('web-c', '7'), 0);
    e.deletionFailed('ns/web', 'web-c');
    expect(e.satisfied('ns/web', cache([pod('web-a', '5'), pod('web-b', '6'), pod('web-c', '7')], 9), 0)).toBe(false);
    expect(e.satisfied('ns/web', cache([pod('web-b', '10', { deletionTimestamp: '2026-03-01T12:00:00Z' }), pod('web-c', '7')], 10), 0)).toBe(true);
  });

  it('gives up after the TTL, and forgets a deleted ReplicaSet', () => {
    const e = new ReplicaExpectations({ ttlMs: 1000 });
    e.expectCreation('ns/web', pod('web-a', '11'), 0);
    expect(e.expiresInMs('ns/web', 400)).toBe(600);
    expect(e.satisfied('ns/web', cache([], 10), 1000)).toBe(false);
    expect(e.satisfied('ns/web', cache([], 10), 1001)).toBe(true);
    e.expectCreation('ns/api', pod('api-a', '20'), 0);
    e.forget('ns/api');
    expect(e.satisfied('ns/api', cache([], 0), 0)).toBe(true);
  });
});
