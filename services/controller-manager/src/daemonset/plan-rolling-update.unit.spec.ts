import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { desiredNodeCounts, planRollingUpdate } from './plan-rolling-update.js';
import { podsByNode } from './pods-by-node.js';
import { daemonPod, daemonSet, node, NOW } from './testing/daemonset-objects.js';

const names = (pods: readonly KubeObject[]) => pods.map((p) => p.metadata?.name).sort();
const nodes = [node('a'), node('b'), node('c'), node('d')];
const rolling = (maxUnavailable: number | string, maxSurge: number | string = 0) => daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } } });
const step = (ds: KubeObject, pods: KubeObject[], on = nodes) => planRollingUpdate(ds, on, podsByNode(pods), 'new', NOW);
const old = (name: string, n: string, ready = true) => daemonPod(name, n, { hash: 'old', ...(ready && { readySince: 60 }) });
const fresh = (name: string, n: string, ready = true) => daemonPod(name, n, { ...(ready && { readySince: 60 }) });

describe('desiredNodeCounts (updatedDesiredNodeCounts)', () => {
  it('scales percentages on the eligible nodes, rounding up; both 0 means 1 unavailable', () => {
    expect(desiredNodeCounts(rolling('25%', '10%'), nodes)).toMatchObject({ maxUnavailable: 1, maxSurge: 1 });
    expect(desiredNodeCounts(rolling('50%'), nodes)).toMatchObject({ desired: ['a', 'b', 'c', 'd'], maxUnavailable: 2, maxSurge: 0 });
    expect(desiredNodeCounts(rolling(0, 0), nodes)).toMatchObject({ maxUnavailable: 1, maxSurge: 0 });
    expect(desiredNodeCounts(daemonSet({ updateStrategy: { type: 'OnDelete' } }), nodes)).toMatchObject({ maxUnavailable: 1, maxSurge: 0 });
  });
});

describe('planRollingUpdate without surge', () => {
  it('deletes one available old pod with maxUnavailable 1, two with 2', () => {
    const pods = [old('a1', 'a'), old('b1', 'b'), old('c1', 'c'), old('d1', 'd')];
    expect(step(rolling(1), pods).podsToDelete).toHaveLength(1);
    expect(step(rolling(2), pods).podsToDelete).toHaveLength(2);
    expect(step(rolling(1), pods).nodesNeedingPods).toEqual([]);
  });

  it('deletes nothing more while a node is without a pod or its new pod is not available yet', () => {
    expect(step(rolling(1), [old('b1', 'b'), old('c1', 'c'), old('d1', 'd')]).podsToDelete).toEqual([]);
    expect(step(rolling(1), [fresh('a2', 'a', false), old('b1', 'b'), old('c1', 'c'), old('d1', 'd')]).podsToDelete).toEqual([]);
    expect(step(rolling(1), [old('a1', 'a', true), { ...old('a0', 'a'), metadata: { ...old('a0', 'a').metadata, deletionTimestamp: 'x' } }, old('b1', 'b'), old('c1', 'c'), old('d1', 'd')]).podsToDelete).toHaveLength(1);
    expect(names(step(rolling(1), [fresh('a2', 'a'), old('b1', 'b'), fresh('c2', 'c'), fresh('d2', 'd')]).podsToDelete)).toEqual(['b1']);
  });

  it('replaces unavailable old pods at once, whatever maxUnavailable', () => {
    const pods = [old('a1', 'a', false), old('b1', 'b', false), old('c1', 'c'), old('d1', 'd')];
    expect(names(step(rolling(1), pods).podsToDelete)).toEqual(['a1', 'b1']);
  });
});

describe('planRollingUpdate with surge', () => {
  it('creates new pods beside up to maxSurge available old ones, at once beside unavailable ones, and deletes old ones whose new pod is available', () => {
    const ds = rolling(0, 1);
    expect(step(ds, [old('a1', 'a'), old('b1', 'b'), old('c1', 'c'), old('d1', 'd')]).nodesNeedingPods).toHaveLength(1);
    expect(step(ds, [old('a1', 'a', false), old('b1', 'b'), old('c1', 'c'), old('d1', 'd')]).nodesNeedingPods).toHaveLength(2);
    const surged = step(ds, [old('a1', 'a'), fresh('a2', 'a', false), old('b1', 'b'), old('c1', 'c'), old('d1', 'd')]);
    expect(surged).toEqual({ podsToDelete: [], nodesNeedingPods: [] });
    const ready = step(ds, [old('a1', 'a'), fresh('a2', 'a'), old('b1', 'b'), fresh('c2', 'c'), fresh('d2', 'd')]);
    expect(names(ready.podsToDelete)).toEqual(['a1']);
    expect(ready.nodesNeedingPods).toEqual(['b']);
  });
});
