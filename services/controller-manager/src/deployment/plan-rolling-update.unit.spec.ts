import { describe, expect, it } from 'vitest';
import { deploymentSpec } from './deployment-spec.js';
import { newReplicaSetTarget, planOldReplicaSetsScaleDown } from './plan-rolling-update.js';
import { deploymentObject } from './testing/fake-cluster.js';
import { replicaSetObject as rs } from './testing/replica-set-object.js';

const spec = (replicas: number, maxSurge: number | string, maxUnavailable: number | string) =>
  deploymentSpec(deploymentObject({ replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } }));

describe('a rolling update step (reconcileNewReplicaSet, reconcileOldReplicaSets)', () => {
  it('grows the new ReplicaSet within maxSurge, shrinks one larger than spec.replicas, and leaves a full one alone', () => {
    const s = spec(10, 3, 2);
    expect(newReplicaSetTarget(s, [rs('old', 10), rs('new', 0)], rs('new', 0))).toBe(3);
    expect(newReplicaSetTarget(s, [rs('old', 10), rs('new', 3)], rs('new', 3))).toBeUndefined(); // at 13 already
    expect(newReplicaSetTarget(s, [rs('old', 5), rs('new', 3)], rs('new', 3))).toBe(8);
    expect(newReplicaSetTarget(s, [rs('new', 12)], rs('new', 12))).toBe(10);
    expect(newReplicaSetTarget(s, [rs('new', 10)], rs('new', 10))).toBeUndefined();
  });

  it("never counts the new ReplicaSet's unavailable pods as room to scale old ones down (upstream's case 1: a crashlooping rollout)", () => {
    const s = spec(10, 3, 2);
    // 13 pods: old 8 available, new 5 none available; nothing may go.
    expect(planOldReplicaSetsScaleDown(s, [rs('old', 8)], rs('new', 5, { available: 0 }))).toEqual([]);
    // A node fails: one old pod unavailable. Still 13 − 8 − 5 = 0.
    expect(planOldReplicaSetsScaleDown(s, [rs('old', 8, { available: 7 })], rs('new', 5, { available: 0 }))).toEqual([]);
  });

  it("rolls over a new template with old ones at full size (upstream's case 2): the old ReplicaSets shrink by 13 − 8", () => {
    const s = spec(10, 3, 2);
    const plan = planOldReplicaSetsScaleDown(s, [rs('first', 5, { created: 1 }), rs('second', 8, { created: 2 })], rs('new', 0));
    expect(plan).toEqual([{ name: 'first', replicas: 0 }]); // the oldest first; 8 old + the new one's 0 = minAvailable
  });

  it('takes unhealthy pods first (they cost no availability), oldest ReplicaSet first, then available ones down to minAvailable', () => {
    const s = spec(4, 1, 1); // minAvailable 3
    // Old 4 of which 2 unavailable, new 1 available: 5 − 3 − 0 = 2 may go; both unhealthy ones do.
    expect(planOldReplicaSetsScaleDown(s, [rs('old', 4, { available: 2 })], rs('new', 1))).toEqual([{ name: 'old', replicas: 2 }]);
    // All healthy: available 5 > 3, two go.
    expect(planOldReplicaSetsScaleDown(s, [rs('old', 4)], rs('new', 1))).toEqual([{ name: 'old', replicas: 2 }]);
    // The new pod not available yet: one may go.
    expect(planOldReplicaSetsScaleDown(s, [rs('old', 4)], rs('new', 1, { available: 0 }))).toEqual([{ name: 'old', replicas: 3 }]);
    // Two old ReplicaSets (minAvailable 4, 6 pods): the older one's unhealthy pod goes, then one available pod — the same
    // ReplicaSet is written twice — and the newer one is left: 5 available − 4 allowed only one.
    const two = planOldReplicaSetsScaleDown(spec(4, 2, 0), [rs('b', 2, { created: 2 }), rs('a', 2, { created: 1, available: 1 })], rs('new', 2));
    expect(two).toEqual([
      { name: 'a', replicas: 1 },
      { name: 'a', replicas: 0 },
    ]);
  });

  it('scales nothing down while an old ReplicaSet reports more available pods than it asks for, or with no old pods', () => {
    const s = spec(4, 1, 1);
    expect(planOldReplicaSetsScaleDown(s, [rs('old', 2, { available: 3 })], rs('new', 3))).toEqual([]);
    expect(planOldReplicaSetsScaleDown(s, [], rs('new', 4))).toEqual([]);
  });
});
