import type { KubeObject } from '@kubeledger/api';
import { DeletedFinalStateUnknown } from '@kubeledger/client';
import { describe, expect, it } from 'vitest';
import { podEventHandler, replicaSetEventHandler } from './replicaset.event-handlers.js';

const rs = (name: string, selector: Record<string, unknown> | undefined, uid = `${name}-uid`): KubeObject => ({ metadata: { name, namespace: 'ns', uid }, spec: { selector } });
const ref = (name: string, uid = `${name}-uid`, kind = 'ReplicaSet') => ({ apiVersion: 'apps/v1', kind, name, uid, controller: true });
const pod = (rv: string, labels: Record<string, string>, owner?: ReturnType<typeof ref>, extra: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'p-uid', resourceVersion: rv, labels, ...(owner && { ownerReferences: [owner] }), ...extra },
});

function handlers() {
  const keys: string[] = [];
  const forgotten: string[] = [];
  const replicaSets = [rs('web', { matchLabels: { app: 'web' } }), rs('web-too', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }), rs('everything', {}), rs('api', { matchLabels: { app: 'api' } })];
  const deps = {
    getReplicaSet: (_ns: string, name: string) => replicaSets.find((r) => r.metadata?.name === name),
    listReplicaSets: () => replicaSets,
    enqueue: (key: string) => keys.push(key),
  };
  return { keys, forgotten, pods: podEventHandler(deps), replicaSets: replicaSetEventHandler({ enqueue: deps.enqueue, forgetExpectations: (k) => forgotten.push(k) }) };
}

describe('ReplicaSet controller event handlers', () => {
  it('a ReplicaSet queues itself; a deleted or replaced one has its expectations dropped', () => {
    const h = handlers();
    h.replicaSets.onAdd!(rs('web', {}), true);
    h.replicaSets.onUpdate!(rs('web', {}), rs('web', {}, 'new-uid'));
    h.replicaSets.onDelete!(new DeletedFinalStateUnknown('ns/web', rs('web', {})));
    expect(h.keys).toEqual(['ns/web', 'ns/web', 'ns/web']);
    expect(h.forgotten).toEqual(['ns/web', 'ns/web']);
  });

  it('a pod with a controller queues that ReplicaSet only if it is the same one (uid, kind); an orphan queues every non-empty selector matching it', () => {
    const h = handlers();
    h.pods.onAdd!(pod('1', { app: 'web' }, ref('api')), false);
    h.pods.onAdd!(pod('1', { app: 'web' }, ref('web', 'stale-uid')), false);
    h.pods.onAdd!(pod('1', { app: 'web' }, ref('web', 'web-uid', 'Deployment')), false);
    expect(h.keys).toEqual(['ns/api']);
    h.keys.length = 0;
    h.pods.onAdd!(pod('1', { app: 'web' }), false);
    expect(h.keys).toEqual(['ns/web', 'ns/web-too']);
    h.keys.length = 0;
    h.pods.onAdd!(pod('1', { app: 'web' }, undefined, { deletionTimestamp: '2026-03-01T12:00:00Z' }), false);
    expect(h.keys).toEqual([]);
  });

  it('an update: nothing on a resync; both controllers when the reference changed; matching ReplicaSets for an orphan whose labels changed', () => {
    const h = handlers();
    const before = pod('1', { app: 'web' }, ref('web'));
    h.pods.onUpdate!(before, before);
    h.pods.onUpdate!(before, { ...before });
    expect(h.keys).toEqual([]);
    h.pods.onUpdate!(before, pod('2', { app: 'web' }, ref('api')));
    expect(h.keys).toEqual(['ns/web', 'ns/api']);
    h.keys.length = 0;
    h.pods.onUpdate!(pod('2', { app: 'db' }), pod('3', { app: 'api' }));
    expect(h.keys).toEqual(['ns/web-too', 'ns/api']);
    h.keys.length = 0;
    h.pods.onUpdate!(pod('3', { app: 'api' }), pod('4', { app: 'api' })); // orphan, nothing that matters changed
    expect(h.keys).toEqual([]);
  });

  it('a pod turning terminating or deleted queues its controller; a deleted orphan nothing', () => {
    const h = handlers();
    h.pods.onUpdate!(pod('1', { app: 'web' }, ref('web')), pod('2', { app: 'web' }, ref('web'), { deletionTimestamp: '2026-03-01T12:00:00Z' }));
    h.pods.onDelete!(new DeletedFinalStateUnknown('ns/p', pod('3', { app: 'api' }, ref('api'))));
    h.pods.onDelete!(pod('3', { app: 'web' }));
    expect(h.keys).toEqual(['ns/web', 'ns/api']);
  });
});
