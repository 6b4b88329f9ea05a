import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { calculateStatus, nextAvailabilityCheckMs, statusChanged } from './replicaset-status.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const rs = (spec: Record<string, unknown> = {}, status?: Record<string, unknown>, generation = 3): KubeObject => ({
  metadata: { name: 'web', namespace: 'ns', generation },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'front' } } }, ...spec },
  ...(status && { status }),
});
const pod = (labels: Record<string, string>, readySince?: number): KubeObject => ({
  metadata: { labels },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: readySince === undefined ? 'False' : 'True', ...(readySince !== undefined && { lastTransitionTime: ago(readySince) }) }] },
});

describe('calculateStatus', () => {
  const pods = [pod({ app: 'web', tier: 'front', extra: 'x' }, 60), pod({ app: 'web' }, 5), pod({ app: 'web', tier: 'front' })];

  it('counts the pods, the fully labelled, the ready and (after minReadySeconds) the available ones, and the generation observed', () => {
    expect(calculateStatus(rs({ minReadySeconds: 10 }), pods, undefined, NOW)).toEqual({ replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 3 });
    expect(calculateStatus(rs(), pods, undefined, NOW)).toMatchObject({ availableReplicas: 2 });
  });

  it('omits counts of 0 and keeps fields it does not compute', () => {
    expect(calculateStatus(rs({}, { replicas: 2, readyReplicas: 2, terminatingReplicas: 1 }), [], undefined, NOW)).toEqual({ replicas: 0, observedGeneration: 3, terminatingReplicas: 1 });
  });

  it('sets ReplicaFailure on an error (FailedCreate with too few pods, FailedDelete with too many), keeps it, and clears it after a clean sync', () => {
    const failed = calculateStatus(rs(), pods.slice(0, 1), new Error('pods "web-" is forbidden: exceeded quota'), NOW);
    expect(failed.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2026-03-01T12:00:00Z', reason: 'FailedCreate', message: 'pods "web-" is forbidden: exceeded quota' }]);
    const later = new Date(NOW.getTime() + 60_000);
    expect(calculateStatus(rs({ replicas: 0 }, failed), pods, new Error('other'), later).conditions).toEqual(failed.conditions);
    expect(calculateStatus(rs({ replicas: 0 }), pods, new Error('nope'), NOW).conditions?.[0]).toMatchObject({ reason: 'FailedDelete' });
    expect(calculateStatus(rs({}, failed), pods, undefined, NOW).conditions).toBeUndefined();
  });
});

describe('statusChanged', () => {
  it('is false when counts, conditions and the observed generation match the stored status (absent counts are 0)', () => {
    const stored = rs({}, { replicas: 1, readyReplicas: 1, availableReplicas: 1, fullyLabeledReplicas: 1, observedGeneration: 3 });
    const pods = [pod({ app: 'web', tier: 'front' }, 60)];
    expect(statusChanged(stored, calculateStatus(stored, pods, undefined, NOW))).toBe(false);
    expect(statusChanged(rs({}, { replicas: 0, observedGeneration: 3 }), calculateStatus(rs(), [], undefined, NOW))).toBe(false);
    expect(statusChanged(stored, calculateStatus(stored, [], undefined, NOW))).toBe(true);
    const newGeneration = rs({}, { replicas: 1, readyReplicas: 1, availableReplicas: 1, fullyLabeledReplicas: 1, observedGeneration: 2 });
    expect(statusChanged(newGeneration, calculateStatus(newGeneration, pods, undefined, NOW))).toBe(true);
  });
});

describe('nextAvailabilityCheckMs', () => {
  it('is when the first ready pod passes minReadySeconds, plus a second; none without minReadySeconds or such a pod', () => {
    const pods = [pod({ app: 'web' }, 3), pod({ app: 'web' }, 8), pod({ app: 'web' }, 60), pod({ app: 'web' })];
    expect(nextAvailabilityCheckMs(rs({ minReadySeconds: 10 }), pods, NOW)).toBe(3000);
    expect(nextAvailabilityCheckMs(rs({ minReadySeconds: 0 }), pods, NOW)).toBeUndefined();
    expect(nextAvailabilityCheckMs(rs({ minReadySeconds: 10 }), [pod({ app: 'web' }, 60)], NOW)).toBeUndefined();
  });
});
