import { describe, expect, it } from 'vitest';
import { deploymentSpec } from './deployment-spec.js';
import { isSaturated, isScalingEvent, planScale } from './plan-proportional-scale.js';
import { deploymentObject } from './testing/fake-cluster.js';
import { replicaSetObject as rs } from './testing/replica-set-object.js';

const spec = (replicas: number, type = 'RollingUpdate') =>
  deploymentSpec(deploymentObject({ replicas, strategy: type === 'Recreate' ? { type } : { type, rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
const scaledFor = (desired: number, max: number) => ({ 'deployment.kubernetes.io/desired-replicas': String(desired), 'deployment.kubernetes.io/max-replicas': String(max) });

describe('scaling (upstream scale, isScalingEvent)', () => {
  it('is a scaling event when an active ReplicaSet was scaled for another spec.replicas', () => {
    expect(isScalingEvent(spec(20), rs('new', 3, { annotations: scaledFor(10, 13) }), [rs('old', 8, { annotations: scaledFor(10, 13) })])).toBe(true);
    expect(isScalingEvent(spec(10), rs('new', 3, { annotations: scaledFor(10, 13) }), [rs('old', 0, { annotations: scaledFor(5, 8) })])).toBe(false);
    expect(isScalingEvent(spec(10), undefined, [rs('old', 8)])).toBe(false); // no annotation: not known
  });

  it('gives the only active ReplicaSet (else the newest) all of spec.replicas', () => {
    expect(planScale(spec(5), 3, rs('new', 3, { created: 2 }), [rs('old', 0, { created: 1 })])).toEqual([{ name: 'new', replicas: 5 }]);
    expect(planScale(spec(5), 0, undefined, [rs('a', 0, { created: 1 }), rs('b', 0, { created: 2 })])).toEqual([{ name: 'b', replicas: 5 }]);
    expect(planScale(spec(3), 3, rs('new', 3), [rs('old', 0)])).toEqual([]);
  });

  it('scales the old ReplicaSets to 0 once the new one is saturated', () => {
    const newRS = rs('new', 10, { annotations: scaledFor(10, 13) });
    expect(isSaturated(spec(10), newRS)).toBe(true);
    expect(isSaturated(spec(10), rs('new', 10, { available: 9, annotations: scaledFor(10, 13) }))).toBe(false);
    expect(planScale(spec(10), 12, newRS, [rs('old', 2)])).toEqual([{ name: 'old', replicas: 0 }]);
  });

  it('spreads a scale-up over the active ReplicaSets by size, the leftover to the largest (10 → 20 mid-rollout)', () => {
    const old = rs('old', 8, { created: 1, annotations: scaledFor(10, 13) });
    const newRS = rs('new', 3, { created: 2, available: 0, annotations: scaledFor(10, 13) });
    // allowed 20 + 3 = 23, 12 to add: old round(8·23/13) − 8 = 6, new round(3·23/13) − 3 = 2, leftover 4 to old.
    expect(planScale(spec(20), 11, newRS, [old])).toEqual([
      { name: 'old', replicas: 18, proportional: 'up' },
      { name: 'new', replicas: 5, proportional: 'up' },
    ]);
  });

  it('spreads a scale-down the same way, older first among equals, and never below 0', () => {
    const a = rs('a', 6, { created: 1, annotations: scaledFor(10, 13) });
    const b = rs('b', 6, { created: 2, annotations: scaledFor(10, 13) });
    // allowed 5 + 3 = 8, 4 to remove: a round(6·8/13) − 6 = −2, b −2.
    expect(planScale(spec(5), 12, b, [a])).toEqual([
      { name: 'a', replicas: 4, proportional: 'down' },
      { name: 'b', replicas: 4, proportional: 'down' },
    ]);
    expect(planScale(spec(0), 12, b, [a])).toEqual([
      { name: 'a', replicas: 0, proportional: 'down' },
      { name: 'b', replicas: 0, proportional: 'down' },
    ]);
  });

  it('only refreshes the annotations when the sizes already add up, and leaves a Recreate Deployment with several active ReplicaSets alone', () => {
    expect(planScale(spec(10), 13, rs('new', 5, { created: 2 }), [rs('old', 8, { created: 1 })])).toEqual([
      { name: 'old', replicas: 8, proportional: '' },
      { name: 'new', replicas: 5, proportional: '' },
    ]);
    expect(planScale(spec(10, 'Recreate'), 13, rs('new', 5), [rs('old', 8)])).toEqual([]);
  });
});
