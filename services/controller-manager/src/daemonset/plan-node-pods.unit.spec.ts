import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { FailedPodsBackoff } from './failed-pods-backoff.js';
import { planNodePods } from './plan-node-pods.js';
import { podsByNode } from './pods-by-node.js';
import { daemonPod, daemonSet, node, NOW } from './testing/daemonset-objects.js';

const names = (pods: readonly KubeObject[]) => pods.map((p) => p.metadata?.name).sort();
const plan = (ds: KubeObject, nodes: KubeObject[], pods: KubeObject[], backoff = new FailedPodsBackoff(), now = NOW.getTime()) => planNodePods(ds, nodes, podsByNode(pods), 'new', backoff, now);

describe('planNodePods (manage)', () => {
  it('wants a pod on each eligible node without one and deletes pods on nodes that must not keep them', () => {
    const nodes = [node('a'), node('b'), node('c', { labels: { role: 'db' } }), node('d', { taints: [{ key: 'x', effect: 'NoExecute' }] })];
    const ds = daemonSet({ template: { metadata: { labels: { app: 'web' } }, spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'role', operator: 'DoesNotExist' }] }] } } } } } });
    const result = plan(ds, nodes, [daemonPod('on-a', 'a'), daemonPod('on-c', 'c'), daemonPod('on-d', 'd'), daemonPod('on-d-gone', 'd', { deleting: true })]);
    expect(result.nodesNeedingPods).toEqual(['b']);
    expect(names(result.podsToDelete)).toEqual(['on-c', 'on-d']);
  });

  it('a pod on a node with a NoSchedule taint stays; none is created there', () => {
    const result = plan(daemonSet(), [node('a', { taints: [{ key: 'x', effect: 'NoSchedule' }] }), node('b', { taints: [{ key: 'x', effect: 'NoSchedule' }] })], [daemonPod('on-a', 'a')]);
    expect(result).toEqual({ nodesNeedingPods: [], podsToDelete: [], failedPods: [] });
  });

  it('keeps the oldest of several running pods on a node; with surge the oldest new and the oldest old', () => {
    const pods = [daemonPod('young-new', 'a', { age: 10 }), daemonPod('old-old', 'a', { age: 900, hash: 'old' }), daemonPod('mid-new', 'a', { age: 300 }), daemonPod('mid-old', 'a', { age: 500, hash: 'old' })];
    expect(names(plan(daemonSet(), [node('a')], pods).podsToDelete)).toEqual(['mid-new', 'mid-old', 'young-new']);
    const surging = daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } });
    expect(names(plan(surging, [node('a')], pods).podsToDelete)).toEqual(['mid-old', 'young-new']);
  });

  it('deletes succeeded pods, and failed ones with a FailedDaemonPod record only once their node\'s backoff allows', () => {
    const backoff = new FailedPodsBackoff();
    const failed = daemonPod('crashed', 'a', { phase: 'Failed' });
    const first = plan(daemonSet(), [node('a'), node('b')], [failed, daemonPod('done', 'b', { phase: 'Succeeded' })], backoff);
    expect(names(first.podsToDelete)).toEqual(['crashed', 'done']);
    expect(first.failedPods).toEqual([{ pod: failed, node: 'a' }]);
    // Failed again at once: within the 1 s backoff nothing is deleted and a sync is asked for when it ends.
    const again = plan(daemonSet(), [node('a')], [daemonPod('crashed-2', 'a', { phase: 'Failed' })], backoff, NOW.getTime() + 500);
    expect(again).toEqual({ nodesNeedingPods: [], podsToDelete: [], failedPods: [], requeueAfterMs: 1000 });
    const later = plan(daemonSet(), [node('a')], [daemonPod('crashed-2', 'a', { phase: 'Failed' })], backoff, NOW.getTime() + 1500);
    expect(names(later.podsToDelete)).toEqual(['crashed-2']);
    expect(backoff.delayMs('ds-uid/a')).toBe(2000);
  });

  it('deletes unbound pods for nodes that no longer exist; bound ones are left to the pod GC', () => {
    const result = plan(daemonSet(), [node('a')], [daemonPod('on-a', 'a'), daemonPod('pending', 'gone', { bound: false }), daemonPod('bound', 'gone2')]);
    expect(names(result.podsToDelete)).toEqual(['pending']);
  });
});

describe('FailedPodsBackoff', () => {
  it('doubles up to the maximum and starts over after twice the maximum unused', () => {
    const backoff = new FailedPodsBackoff(1000, 4000);
    backoff.next('k', 0);
    backoff.next('k', 100);
    backoff.next('k', 200);
    backoff.next('k', 300);
    expect(backoff.delayMs('k')).toBe(4000);
    expect(backoff.inBackoff('k', 4299)).toBe(true);
    expect(backoff.inBackoff('k', 4300)).toBe(false);
    backoff.next('k', 300 + 8001);
    expect(backoff.delayMs('k')).toBe(1000);
    backoff.gc(300 + 8001 + 8001);
    expect(backoff.delayMs('k')).toBe(0);
  });
});
