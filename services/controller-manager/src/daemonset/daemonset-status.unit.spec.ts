import { describe, expect, it } from 'vitest';
import { daemonSetCounts, nextAvailabilityCheckMs, nextDaemonSetStatus } from './daemonset-status.js';
import { podsByNode } from './pods-by-node.js';
import { daemonPod, daemonSet, node, NOW } from './testing/daemonset-objects.js';

const nodes = [node('a'), node('b'), node('c'), node('d', { labels: { role: 'db' } })];
const ds = (minReadySeconds = 0) =>
  daemonSet({
    minReadySeconds,
    template: { metadata: { labels: { app: 'web' } }, spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'role', operator: 'DoesNotExist' }] }] } } } } },
  });
const pods = [
  daemonPod('a-old', 'a', { hash: 'old', readySince: 5, age: 900 }),
  daemonPod('a-new', 'a', { readySince: 100, age: 10 }),
  daemonPod('b1', 'b', { readySince: 100 }),
  daemonPod('d1', 'd', { readySince: 100 }),
];

describe('daemonSetCounts', () => {
  it('counts desired, scheduled, misscheduled nodes, and by each node\'s oldest pod ready, available and updated', () => {
    expect(daemonSetCounts(ds(), nodes, podsByNode(pods), 'new', NOW)).toEqual({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 2,
      numberMisscheduled: 1,
      numberReady: 2,
      updatedNumberScheduled: 1,
      numberAvailable: 2,
      numberUnavailable: 1,
    });
    // a-old turned ready 5 s ago: with minReadySeconds 10 it is not available yet.
    const counts = daemonSetCounts(ds(10), nodes, podsByNode(pods), 'new', NOW);
    expect(counts).toMatchObject({ numberReady: 2, numberAvailable: 1, numberUnavailable: 2 });
    expect(nextAvailabilityCheckMs(ds(10), counts, pods, NOW)).toBe(6000);
  });
});

describe('nextDaemonSetStatus (storeDaemonSetStatus)', () => {
  const counts = { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1, numberUnavailable: 1 };
  it('writes the counts and the observed generation, leaving out zero optional counts and keeping collisionCount', () => {
    const stored = daemonSet({}, { generation: 2 }, { collisionCount: 1, desiredNumberScheduled: 2, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 });
    expect(nextDaemonSetStatus(stored, counts, true)).toEqual({ ...counts, collisionCount: 1, observedGeneration: 2 });
    expect(nextDaemonSetStatus(stored, { ...counts, numberAvailable: 0, numberUnavailable: 2 }, false)).toEqual({ ...counts, numberAvailable: undefined, numberUnavailable: 2, collisionCount: 1 });
  });
  it('writes nothing when the counts are there and the generation observed (or not to be observed)', () => {
    const current = daemonSet({}, { generation: 2 }, { ...counts, observedGeneration: 2 });
    expect(nextDaemonSetStatus(current, counts, true)).toBeUndefined();
    const behind = daemonSet({}, { generation: 3 }, { ...counts, observedGeneration: 2 });
    expect(nextDaemonSetStatus(behind, counts, true)).toMatchObject({ observedGeneration: 3 });
    expect(nextDaemonSetStatus(behind, counts, false)).toBeUndefined();
  });
});
