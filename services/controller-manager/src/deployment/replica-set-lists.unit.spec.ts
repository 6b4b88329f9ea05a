import { describe, expect, it } from 'vitest';
import { replicaSetObject as rs } from './testing/replica-set-object.js';
import { equalIgnoreHash, findActiveOrLatest, findNewReplicaSet, findOldReplicaSets, bySizeNewer, bySizeOlder } from './replica-set-lists.js';

const names = (list: ReadonlyArray<{ metadata?: { name?: string } } | undefined>) => list.map((o) => o?.metadata?.name);
const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } });

describe('the new and the old ReplicaSets of a Deployment', () => {
  it('compare templates ignoring the pod-template-hash label, key order and null members (util.EqualIgnoreHash)', () => {
    const withHash = { metadata: { creationTimestamp: null, labels: { 'pod-template-hash': 'abc', app: 'web' } }, spec: { containers: [{ image: 'web:1', name: 'web' }] } };
    expect(equalIgnoreHash(withHash, template('web:1'))).toBe(true);
    expect(equalIgnoreHash(withHash, template('web:2'))).toBe(false);
    expect(equalIgnoreHash({ metadata: { labels: { 'pod-template-hash': 'x' } } }, {})).toBe(true);
    expect(equalIgnoreHash({ metadata: { labels: { app: 'web' } } }, { metadata: { labels: { app: 'api' } } })).toBe(false);
  });

  it('find the new one by template — the oldest when two run it — and the rest as old (util.FindNewReplicaSet)', () => {
    const list = [rs('b', 1, { image: 'web:2', created: 20 }), rs('a', 1, { image: 'web:2', created: 10 }), rs('old', 2, { image: 'web:1', created: 5 })];
    const newRS = findNewReplicaSet(template('web:2'), list);
    expect(newRS?.metadata?.name).toBe('a');
    expect(names(findOldReplicaSets(newRS, list))).toEqual(['b', 'old']);
    expect(findNewReplicaSet(template('web:3'), list)).toBeUndefined();
    expect(names(findOldReplicaSets(undefined, list))).toEqual(['b', 'a', 'old']);
  });

  it('find the only active one, else the new or newest one, none when several are active (util.FindActiveOrLatest)', () => {
    const [older, newer, newRS] = [rs('older', 0, { created: 1 }), rs('newer', 0, { created: 2 }), rs('new', 0, { created: 3 })];
    expect(findActiveOrLatest(newRS, [older, newer])).toBe(newRS);
    expect(findActiveOrLatest(undefined, [older, newer])).toBe(newer);
    const active = rs('active', 2, { created: 1 });
    expect(findActiveOrLatest(newRS, [active, newer])).toBe(active);
    expect(findActiveOrLatest(rs('new', 1, { created: 3 }), [active])).toBeUndefined();
    expect(findActiveOrLatest(undefined, [])).toBeUndefined();
  });

  it('sort by size, breaking ties newest first for scale-ups and oldest first for scale-downs', () => {
    const list = [rs('small', 1, { created: 1 }), rs('x', 3, { created: 1 }), rs('y', 3, { created: 2 })];
    expect(names([...list].sort(bySizeNewer))).toEqual(['y', 'x', 'small']);
    expect(names([...list].sort(bySizeOlder))).toEqual(['x', 'y', 'small']);
  });
});
