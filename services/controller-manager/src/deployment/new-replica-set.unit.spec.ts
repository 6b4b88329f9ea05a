import { describe, expect, it } from 'vitest';
import { deploymentSpec } from './deployment-spec.js';
import { newReplicaSetFor, newReplicaSetReplicas } from './new-replica-set.js';
import { deploymentObject } from './testing/fake-cluster.js';
import { replicaSetObject as rs } from './testing/replica-set-object.js';

const rolling = (replicas: number, maxSurge: number | string) => deploymentSpec(deploymentObject({ replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable: 0 } } }));

describe('the new ReplicaSet (util.NewRSNewReplicas, getNewReplicaSet)', () => {
  it('grows by what maxSurge leaves room for across all ReplicaSets, never past spec.replicas; Recreate takes them all', () => {
    const newRS = rs('new', 0);
    expect(newReplicaSetReplicas(rolling(10, 3), [rs('old', 10), newRS], newRS)).toBe(3);
    expect(newReplicaSetReplicas(rolling(10, '25%'), [rs('old', 10), newRS], newRS)).toBe(3);
    expect(newReplicaSetReplicas(rolling(10, 3), [rs('old', 13), newRS], newRS)).toBe(0);
    const half = rs('new', 5);
    expect(newReplicaSetReplicas(rolling(10, 3), [rs('old', 2), half], half)).toBe(10);
    expect(newReplicaSetReplicas(rolling(10, 3), [rs('old', 7), half], half)).toBe(6);
    expect(newReplicaSetReplicas(rolling(3, 1), [newRS], newRS)).toBe(3);
    expect(newReplicaSetReplicas(deploymentSpec(deploymentObject({ replicas: 4, strategy: { type: 'Recreate' } })), [rs('old', 4), newRS], newRS)).toBe(4);
    expect(() => newReplicaSetReplicas(deploymentSpec(deploymentObject({ strategy: { type: 'Blue' } })), [], newRS)).toThrow(/isn't supported/);
  });

  it('is named after the hash, which labels it, its selector and its pods; owned by the Deployment; revision and replicas annotations set', () => {
    const d = { ...deploymentObject({ minReadySeconds: 5 }, { uid: 'd-uid', annotations: { 'kubernetes.io/change-cause': 'v1' } }) };
    const created = newReplicaSetFor(d, [], 'abc', 1);
    expect(created).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-abc',
        namespace: 'ns',
        labels: { app: 'web', 'pod-template-hash': 'abc' },
        annotations: { 'kubernetes.io/change-cause': 'v1', 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        replicas: 3,
        minReadySeconds: 5,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } },
        template: { metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
      },
    });
    // The Deployment's own objects are not touched.
    expect((d['spec'] as { template: { metadata: { labels: object } } }).template.metadata.labels).toEqual({ app: 'web' });
    expect(newReplicaSetFor(d, [rs('old', 3)], 'def', 2).spec).toMatchObject({ replicas: 1 });
  });
});
