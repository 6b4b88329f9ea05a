import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { expectedPodCount, scaledValue } from './expected-pods.js';
import { scaleFinder } from './scale-finder.js';

const owned = (name: string, kind: string, uid: string, apiVersion = 'apps/v1'): KubeObject => ({ metadata: { name, namespace: 'ns', ownerReferences: [{ apiVersion, kind, name: uid, uid, controller: true }] } });
const object = (name: string, replicas: number, owner?: { kind: string; uid: string }): KubeObject => ({
  metadata: { name, namespace: 'ns', uid: name, ...(owner && { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.uid, uid: owner.uid, controller: true }] }) },
  spec: { replicas },
});
const cache = (objects: KubeObject[]) => (namespace: string, name: string) => objects.find((o) => o.metadata?.name === name && o.metadata?.namespace === namespace);
const find = scaleFinder({
  getReplicaSet: cache([object('web-rs', 3, { kind: 'Deployment', uid: 'web' }), object('bare-rs', 2)]),
  getDeployment: cache([object('web', 7)]),
  getReplicationController: cache([object('rc', 5)]),
  getStatefulSet: cache([object('db', 3)]),
});
const pdb = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'p', namespace: 'ns' }, spec });

describe('expected pods', () => {
  it('rounds percentages up, as intstr.GetScaledValueFromIntOrPercent(roundUp)', () => {
    expect([scaledValue('50%', 5), scaledValue('34%', 3), scaledValue('100%', 4), scaledValue('0%', 4), scaledValue(2, 10), scaledValue('1%', 1)]).toEqual([3, 2, 4, 0, 2, 1]);
  });

  it('an integer minAvailable expects the pods there, whatever their controllers', () => {
    expect(expectedPodCount(pdb({ minAvailable: 3 }), [owned('a', 'Job', 'j', 'batch/v1'), { metadata: { name: 'bare' } }], find)).toEqual({ expectedCount: 2, desiredHealthy: 3, unmanagedPods: [] });
  });

  it('a percentage minAvailable or a maxUnavailable expects the controllers\' scale: the Deployment over its ReplicaSet, RCs, StatefulSets', () => {
    const deploymentPods = [owned('w1', 'ReplicaSet', 'web-rs'), owned('w2', 'ReplicaSet', 'web-rs')];
    expect(expectedPodCount(pdb({ minAvailable: '50%' }), deploymentPods, find)).toEqual({ expectedCount: 7, desiredHealthy: 4, unmanagedPods: [] });
    const mixed = [owned('r1', 'ReplicaSet', 'bare-rs'), owned('c1', 'ReplicationController', 'rc', 'v1'), owned('s1', 'StatefulSet', 'db'), { metadata: { name: 'bare' } }];
    expect(expectedPodCount(pdb({ maxUnavailable: '25%' }), mixed, find)).toEqual({ expectedCount: 10, desiredHealthy: 7, unmanagedPods: ['bare'] });
    expect(expectedPodCount(pdb({ maxUnavailable: 20 }), mixed, find)).toMatchObject({ expectedCount: 10, desiredHealthy: 0 });
    expect(expectedPodCount(pdb({}), mixed, find)).toEqual({ expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] });
  });

  it('fails when a pod\'s controller cannot be found (another kind, another uid, a group that is not apps)', () => {
    expect(() => expectedPodCount(pdb({ maxUnavailable: 1 }), [owned('j1', 'Job', 'j', 'batch/v1')], find)).toThrow('found no controllers for pod "j1"');
    expect(() => expectedPodCount(pdb({ minAvailable: '10%' }), [owned('x', 'StatefulSet', 'other')], find)).toThrow('found no controllers for pod "x"');
    expect(() => expectedPodCount(pdb({ minAvailable: '10%' }), [owned('y', 'ReplicaSet', 'web-rs', 'example.com/v1')], find)).toThrow('found no controllers for pod "y"');
  });
});
