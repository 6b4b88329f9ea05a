import { describe, expect, it } from 'vitest';
import { newCondition, type DeploymentCondition } from './deployment-conditions.js';
import { deploymentSpec } from './deployment-spec.js';
import { statusOf, type DeploymentStatus } from './deployment-status.js';
import { progressCheckDelayMs, rolloutStatus } from './rollout-status.js';
import { deploymentObject } from './testing/fake-cluster.js';
import { replicaSetObject as rs } from './testing/replica-set-object.js';

const t0 = new Date('2025-01-01T00:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const spec = deploymentSpec(deploymentObject({ replicas: 3, progressDeadlineSeconds: 60 }));
const progressing = (reason: string, status: DeploymentCondition['status'] = 'True', when = t0) => newCondition('Progressing', status, reason, 'm', when);
const status = (counts: Partial<DeploymentStatus>, conditions: DeploymentCondition[] = []): DeploymentStatus => ({ ...statusOf({}), observedGeneration: 1, ...counts, conditions });
const progressOf = (s: DeploymentStatus) => s.conditions.find((c) => c.type === 'Progressing');

describe('the status after a rollout step (syncRolloutStatus)', () => {
  const newRS = (available: number, replicas = 3) => rs('web-new', replicas, { available });

  it('says NewReplicaSetAvailable once every replica is updated and available — what kubectl rollout status waits for', () => {
    const next = rolloutStatus({ name: 'web', spec, generation: 1, current: status({}, [progressing('NewReplicaSetCreated')]), allRSs: [newRS(3)], newRS: newRS(3), now: at(10) });
    expect(progressOf(next)).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-new" has successfully progressed.' });
    expect(next).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  });

  it('moves lastUpdateTime on progress (the deadline counts from there), keeping the transition time', () => {
    const current = status({ replicas: 3, updatedReplicas: 1 }, [progressing('ReplicaSetUpdated')]);
    const next = rolloutStatus({ name: 'web', spec, generation: 1, current, allRSs: [rs('old', 1), newRS(1, 2)], newRS: newRS(1, 2), now: at(30) });
    expect(progressOf(next)).toMatchObject({ reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-new" is progressing.', lastUpdateTime: '2025-01-01T00:00:30Z', lastTransitionTime: '2025-01-01T00:00:00Z' });
  });

  it('reports ProgressDeadlineExceeded when nothing moved for longer than the deadline, and asks to come back when it will pass', () => {
    const current = status({ replicas: 3, updatedReplicas: 1, availableReplicas: 2, readyReplicas: 2 }, [progressing('ReplicaSetUpdated')]);
    const input = { name: 'web', spec, generation: 1, current, allRSs: [rs('old', 2), newRS(0, 1)], newRS: newRS(0, 1) };
    const before = rolloutStatus({ ...input, now: at(59) });
    expect(progressOf(before)?.reason).toBe('ReplicaSetUpdated');
    expect(progressCheckDelayMs(spec, 1, before, at(20))).toBe(41_000); // 60 − 20 s, plus a second
    expect(progressCheckDelayMs(spec, 1, before, at(59.5))).toBe(0);
    const after = rolloutStatus({ ...input, now: at(61) });
    expect(progressOf(after)).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-new" has timed out progressing.' });
    expect(progressCheckDelayMs(spec, 1, after, at(61))).toBeUndefined();
  });

  it('estimates nothing once complete, drops Progressing without a deadline, and mirrors the ReplicaSets’ ReplicaFailure', () => {
    const done = status({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 }, [progressing('NewReplicaSetAvailable')]);
    const next = rolloutStatus({ name: 'web', spec, generation: 1, current: done, allRSs: [newRS(3)], newRS: newRS(3), now: at(1000) });
    expect(progressOf(next)).toEqual(progressing('NewReplicaSetAvailable'));
    expect(progressCheckDelayMs(spec, 1, next, at(1000))).toBeUndefined();

    const noDeadline = deploymentSpec(deploymentObject({ progressDeadlineSeconds: null }));
    expect(progressOf(rolloutStatus({ name: 'web', spec: noDeadline, generation: 1, current: done, allRSs: [newRS(3)], newRS: newRS(3), now: t0 }))).toBeUndefined();

    const failing = { ...newRS(0), status: { replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastTransitionTime: '2025-01-01T00:00:05Z' }] } };
    const withFailure = rolloutStatus({ name: 'web', spec, generation: 1, current: status({}), allRSs: [failing], newRS: failing, now: t0 });
    expect(withFailure.conditions.find((c) => c.type === 'ReplicaFailure')).toEqual({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastUpdateTime: '2025-01-01T00:00:05Z', lastTransitionTime: '2025-01-01T00:00:05Z' });
    const healed = rolloutStatus({ name: 'web', spec, generation: 1, current: withFailure, allRSs: [newRS(0)], newRS: newRS(0), now: t0 });
    expect(healed.conditions.find((c) => c.type === 'ReplicaFailure')).toBeUndefined();
  });
});
