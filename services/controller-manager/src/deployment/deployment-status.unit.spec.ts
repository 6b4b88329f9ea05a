import { describe, expect, it } from 'vitest';
import { newCondition, setCondition, withPausedCondition, type DeploymentCondition } from './deployment-conditions.js';
import { deploymentSpec } from './deployment-spec.js';
import { calculateStatus, renderStatus, sameStatus, statusOf, type DeploymentStatus } from './deployment-status.js';
import { deploymentObject } from './testing/fake-cluster.js';
import { replicaSetObject as rs } from './testing/replica-set-object.js';

const t0 = new Date('2025-01-01T00:00:00Z');
const t1 = new Date('2025-01-01T00:01:00Z');
const empty: DeploymentStatus = statusOf({});

describe('conditions (util.SetDeploymentCondition, checkPausedConditions)', () => {
  it('keep a condition with the same status and reason as it is, and the transition time when only the reason changes', () => {
    const first = newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'Created new replica set "web-a"', t0);
    const conditions = setCondition([], first);
    expect(setCondition(conditions, newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'other message', t1))).toBe(conditions);
    const updated = setCondition(conditions, newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'ReplicaSet "web-a" is progressing.', t1));
    expect(updated).toEqual([{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-a" is progressing.', lastUpdateTime: '2025-01-01T00:01:00Z', lastTransitionTime: '2025-01-01T00:00:00Z' }]);
    const failed = setCondition(updated, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', 'm', t1));
    expect(failed[0]?.lastTransitionTime).toBe('2025-01-01T00:01:00Z');
  });

  it('mark pausing and resuming as Progressing Unknown, but never over a reported deadline, and only with a deadline', () => {
    const paused = deploymentSpec(deploymentObject({ paused: true }));
    const resumed = deploymentSpec(deploymentObject());
    const onPause = withPausedCondition(paused, [], t0);
    expect(onPause).toMatchObject([{ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }]);
    expect(withPausedCondition(paused, onPause, t1)).toBe(onPause);
    expect(withPausedCondition(resumed, onPause, t1)).toMatchObject([{ status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' }]);
    const timedOut: DeploymentCondition[] = [newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', 'm', t0)];
    expect(withPausedCondition(paused, timedOut, t1)).toBe(timedOut);
    expect(withPausedCondition(deploymentSpec(deploymentObject({ paused: true, progressDeadlineSeconds: null })), [], t1)).toEqual([]);
  });
});

describe('the status (calculateStatus)', () => {
  it('sums the ReplicaSets: updated are the new one’s pods, unavailable what is asked for minus what is available', () => {
    const spec = deploymentSpec(deploymentObject({ replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    const status = calculateStatus(spec, 3, { ...empty, collisionCount: 1 }, [rs('old', 2, { running: 3, available: 2 }), rs('new', 3, { available: 1 })], rs('new', 3, { available: 1 }), t0);
    expect(status).toEqual({
      observedGeneration: 3,
      replicas: 6,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 2,
      collisionCount: 1,
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: '2025-01-01T00:00:00Z', lastTransitionTime: '2025-01-01T00:00:00Z' }],
    });
    const short = calculateStatus(spec, 3, empty, [rs('new', 4, { available: 2 })], rs('new', 4, { available: 2 }), t0);
    expect(short.conditions).toMatchObject([{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }]);
    // Recreate: maxUnavailable is 0, so Available needs every replica.
    const recreate = deploymentSpec(deploymentObject({ replicas: 2, strategy: { type: 'Recreate' } }));
    expect(calculateStatus(recreate, 1, empty, [rs('new', 2, { available: 1 })], undefined, t0).conditions[0]?.status).toBe('False');
  });

  it('is written as upstream serializes it (zero counts left out) and compared whatever the key order', () => {
    const status = { ...empty, observedGeneration: 2, replicas: 3 };
    expect(renderStatus(status)).toEqual({ observedGeneration: 2, replicas: 3 });
    expect(renderStatus({ ...empty, collisionCount: 0 })).toEqual({ collisionCount: 0 });
    expect(statusOf({ status: { replicas: 3, observedGeneration: 2 } })).toEqual(status);
    const c = newCondition('Available', 'True', 'MinimumReplicasAvailable', 'm', t0);
    const reordered = Object.fromEntries(Object.entries(c).reverse()) as unknown as DeploymentCondition;
    expect(sameStatus({ ...status, conditions: [c] }, { ...status, conditions: [reordered] })).toBe(true);
    expect(sameStatus(status, { ...status, replicas: 2 })).toBe(false);
  });
});
