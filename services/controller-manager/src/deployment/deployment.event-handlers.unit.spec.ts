import type { KubeObject } from '@kubeledger/api';
import { DeletedFinalStateUnknown } from '@kubeledger/client';
import { describe, expect, it } from 'vitest';
import { deploymentEventHandler, podEventHandler, replicaSetEventHandler } from './deployment.event-handlers.js';
import { deploymentObject } from './testing/fake-cluster.js';

const web = { ...deploymentObject(), metadata: { name: 'web', namespace: 'ns', uid: 'web-uid' } };
const api = { ...deploymentObject({ selector: { matchLabels: { app: 'api' } } }), metadata: { name: 'api', namespace: 'ns', uid: 'api-uid' } };
const recreate = { ...deploymentObject({ strategy: { type: 'Recreate' } }), metadata: { name: 'batch', namespace: 'ns', uid: 'batch-uid' } };
const deployments = [web, api, recreate];
const ownedBy = (d: KubeObject) => [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata?.name, uid: d.metadata?.uid, controller: true }];
const rs = (name: string, labels: Record<string, string>, ownerReferences: unknown[] = [], rv = '1'): KubeObject => ({ metadata: { name, namespace: 'ns', uid: `${name}-uid`, resourceVersion: rv, labels, ownerReferences } });

function harness() {
  const keys: string[] = [];
  const enqueue = (key: string) => keys.push(key);
  const getDeployment = (_ns: string, name: string) => deployments.find((d) => d.metadata?.name === name);
  const sets = [rs('web-1', { app: 'web' }, ownedBy(web)), rs('batch-1', { app: 'web' }, ownedBy(recreate))];
  return {
    keys,
    deployments: deploymentEventHandler(enqueue),
    replicaSets: replicaSetEventHandler({ getDeployment, listDeployments: () => deployments, enqueue }),
    pods: podEventHandler({ getReplicaSet: (_ns, name) => sets.find((s) => s.metadata?.name === name), getDeployment, enqueue }),
  };
}

describe('the event handlers', () => {
  it('queue a Deployment for its own changes, a tombstone included', () => {
    const h = harness();
    h.deployments.onAdd!(web, true);
    h.deployments.onUpdate!(web, web);
    h.deployments.onDelete!(new DeletedFinalStateUnknown('ns/api', api));
    expect(h.keys).toEqual(['ns/web', 'ns/web', 'ns/api']);
  });

  it("queue a ReplicaSet's controller (if it is that Deployment), or for an orphan every Deployment selecting it", () => {
    const h = harness();
    h.replicaSets.onAdd!(rs('a', { app: 'x' }, ownedBy(web)), false);
    h.replicaSets.onAdd!(rs('b', { app: 'x' }, [{ ...ownedBy(web)[0], uid: 'a-previous-web' }]), false);
    h.replicaSets.onAdd!(rs('orphan', { app: 'api' }), false);
    h.replicaSets.onDelete!(rs('c', {}, ownedBy(api)));
    expect(h.keys).toEqual(['ns/web', 'ns/api', 'ns/api']);
  });

  it('on a ReplicaSet update, queue the old and the new controller, orphans whose labels changed, and nothing for a resync', () => {
    const h = harness();
    const before = rs('a', { app: 'web' }, ownedBy(web), '1');
    h.replicaSets.onUpdate!(before, before);
    h.replicaSets.onUpdate!(before, rs('a', { app: 'web' }, ownedBy(web), '1'));
    expect(h.keys).toEqual([]);
    h.replicaSets.onUpdate!(before, rs('a', { app: 'web' }, ownedBy(api), '2'));
    expect(h.keys).toEqual(['ns/web', 'ns/api']);
    h.keys.length = 0;
    h.replicaSets.onUpdate!(rs('o', { app: 'web' }), rs('o', { app: 'api' }, [], '2'));
    h.replicaSets.onUpdate!(rs('o', { app: 'api' }, [], '2'), rs('o', { app: 'api' }, [], '3')); // orphan, nothing changed
    expect(h.keys).toEqual(['ns/api']);
  });

  it("queue a Recreate Deployment when one of its ReplicaSets' pods is deleted", () => {
    const h = harness();
    const pod = (rsName: string): KubeObject => ({ metadata: { name: 'p', namespace: 'ns', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: `${rsName}-uid`, controller: true }] } });
    h.pods.onDelete!(pod('web-1'));
    h.pods.onDelete!(pod('gone'));
    h.pods.onDelete!(new DeletedFinalStateUnknown('ns/p', pod('batch-1')));
    expect(h.keys).toEqual(['ns/batch']);
  });
});
