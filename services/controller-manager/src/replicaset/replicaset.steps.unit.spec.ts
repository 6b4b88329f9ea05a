import { applyStrategicMergePatch, BUILTIN_TYPES, type KubeObject } from '@kubeledger/api';
import { WorkQueue } from '@kubeledger/client';
import { describe, expect, it, vi } from 'vitest';
import { controllerRefOf, ownerReferencesOf } from '../controller-utils/controller-ref.js';
import { ReplicaExpectations } from '../controller-utils/replica-expectations.js';
import { reconcileReplicaSet, type ReconcileReplicaSetDeps } from './replicaset.reconcile-replicaset.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const podType = BUILTIN_TYPES.kindOf('v1', 'Pod')!;
const apiError = (code: number, reason: string, message = reason) => Object.assign(new Error(message), { code, reason });
const is = (code: number) => (err: unknown) => (err as { code?: number }).code === code;

const replicaSet = (spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid', generation: 1, resourceVersion: '50', ...meta },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } }, ...spec },
  ...(status && { status }),
});
const OWNER = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true };

interface PodOptions {
  labels?: Record<string, string>;
  owner?: boolean;
  node?: string;
  phase?: string;
  readySince?: number;
  deleting?: boolean;
}
const pod = (name: string, o: PodOptions = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'ns',
    uid: `${name}-uid`,
    resourceVersion: '10',
    creationTimestamp: ago(600),
    labels: o.labels ?? { app: 'web' },
    ...(o.owner !== false && { ownerReferences: [OWNER] }),
    ...(o.deleting && { deletionTimestamp: ago(1) }),
  },
  spec: { ...(o.node && { nodeName: o.node }) },
  status: { phase: o.phase ?? 'Running', conditions: [{ type: 'Ready', status: o.readySince === undefined ? 'False' : 'True', ...(o.readySince !== undefined && { lastTransitionTime: ago(o.readySince) }) }] },
});

/**
 * The apiserver and the informers' caches, apart: writes land on the server at once; the caches
 * show them only after `catchUp()` (the informer lag the expectations guard against).
 */
function cluster(initial: { rs?: KubeObject[]; pods?: KubeObject[] }) {
  let revision = 100;
  let generated = 0;
  const server = { rs: new Map((initial.rs ?? [replicaSet()]).map((r) => [r.metadata?.name ?? '', r])), pods: new Map((initial.pods ?? []).map((p) => [p.metadata?.name ?? '', p])) };
  const cache = { rs: [...server.rs.values()], pods: [...server.pods.values()], revision };
  const stored = <T extends KubeObject>(o: T): T => ({ ...o, metadata: { ...o.metadata, resourceVersion: String(++revision) } });
  const deps = {
    getReplicaSet: (ns: string, name: string) => cache.rs.find((r) => r.metadata?.namespace === ns && r.metadata?.name === name),
    getPod: (_ns: string, name: string) => cache.pods.find((p) => p.metadata?.name === name),
    listOwnedPods: (_ns: string, uid: string) => cache.pods.filter((p) => controllerRefOf(p)?.uid === uid),
    listOrphanPods: () => cache.pods.filter((p) => !controllerRefOf(p)),
    podsRevision: () => cache.revision,
    relatedPods: () => [],
    expectations: new ReplicaExpectations(),
    createPod: vi.fn<ReconcileReplicaSetDeps['createPod']>(async (_ns, p) => {
      const name = `${p.metadata?.['generateName']}${String(++generated).padStart(5, '0')}`;
      const created = stored({ ...p, metadata: { ...p.metadata, name, uid: `${name}-uid`, creationTimestamp: NOW.toISOString() } });
      server.pods.set(name, created);
      return created;
    }),
    deletePod: vi.fn<ReconcileReplicaSetDeps['deletePod']>(async (_ns, name) => {
      if (!server.pods.delete(name)) throw apiError(404, 'NotFound');
      revision++;
    }),
    patchPod: vi.fn<ReconcileReplicaSetDeps['patchPod']>(async (_ns, name, patch) => {
      const current = server.pods.get(name);
      if (!current) throw apiError(404, 'NotFound');
      const patched = stored(applyStrategicMergePatch(current, patch, BUILTIN_TYPES, podType) as KubeObject);
      server.pods.set(name, patched);
      return patched;
    }),
    getFreshReplicaSet: vi.fn<ReconcileReplicaSetDeps['getFreshReplicaSet']>(async (_ns, name) => {
      const rs = server.rs.get(name);
      if (!rs) throw apiError(404, 'NotFound');
      return rs;
    }),
    updateStatus: vi.fn<ReconcileReplicaSetDeps['updateStatus']>(async (rs) => {
      const current = server.rs.get(rs.metadata?.name ?? '');
      if (current?.metadata?.resourceVersion !== rs.metadata?.resourceVersion) throw apiError(409, 'Conflict');
      const written = stored({ ...current, status: rs['status'] });
      server.rs.set(rs.metadata?.name ?? '', written);
      return written;
    }),
    event: vi.fn<ReconcileReplicaSetDeps['event']>(),
    isConflict: is(409),
    isNotFound: is(404),
    isInvalid: is(422),
    isNamespaceTerminating: () => false,
    burstReplicas: 500,
    now: () => NOW,
    log: () => undefined,
  } satisfies ReconcileReplicaSetDeps;
  return {
    deps,
    server,
    /** The informers deliver everything written so far (with `pods: false`, the ReplicaSet informer only). */
    catchUp(options: { pods?: boolean } = {}) {
      cache.rs = [...server.rs.values()];
      if (options.pods === false) return;
      cache.pods = [...server.pods.values()];
      cache.revision = revision;
    },
    podNames: () => [...server.pods.keys()].sort(),
    events: () => deps.event.mock.calls.map(([, type, reason, message]) => `${type} ${reason}: ${message}`),
    status: () => server.rs.get('web')?.['status'],
  };
}

describe('reconcileReplicaSet: scaling up', () => {
  it('creates exactly the missing pods from the template, owned by the ReplicaSet, with an event each; the status says what the cache shows', async () => {
    const c = cluster({ pods: [pod('web-old', { readySince: 60 })] });
    expect(await reconcileReplicaSet('ns/web', c.deps)).toEqual({ requeueAfterMs: 5 * 60_000 });
    expect(c.deps.createPod).toHaveBeenCalledTimes(2);
    const created = c.deps.createPod.mock.calls[0]![1];
    expect(created.metadata).toMatchObject({ generateName: 'web-', namespace: 'ns', labels: { app: 'web' }, ownerReferences: [OWNER] });
    expect(created['spec']).toEqual({ containers: [{ name: 'app', image: 'nginx' }] });
    expect(c.events()).toEqual(['Normal SuccessfulCreate: Created pod: web-00001', 'Normal SuccessfulCreate: Created pod: web-00002']);
    expect(c.status()).toEqual({ replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 });
  });

  it('creates none in a second sync before the informer shows its pods, nor once it does', async () => {
    const c = cluster({});
    await reconcileReplicaSet('ns/web', c.deps);
    expect(c.deps.createPod).toHaveBeenCalledTimes(3);
    c.catchUp({ pods: false }); // the ReplicaSet's status arrives; its pods are still on their way
    await reconcileReplicaSet('ns/web', c.deps);
    expect(c.deps.createPod).toHaveBeenCalledTimes(3);
    c.catchUp();
    expect(await reconcileReplicaSet('ns/web', c.deps)).toBe('continue');
    expect(c.deps.createPod).toHaveBeenCalledTimes(3);
    expect(c.podNames()).toEqual(['web-00001', 'web-00002', 'web-00003']);
    expect(c.status()).toMatchObject({ replicas: 3 });
  });

  it('replaces a pod that was created and deleted before the informer showed it, once the cache is past both', async () => {
    const c = cluster({ rs: [replicaSet({ replicas: 1 })] });
    await reconcileReplicaSet('ns/web', c.deps);
    c.server.pods.clear(); // deleted by someone else right away
    c.catchUp();
    await reconcileReplicaSet('ns/web', c.deps);
    expect(c.deps.createPod).toHaveBeenCalledTimes(2);
  });

  it('creates in slow-start batches and stops at the first failing batch: FailedCreate events, a ReplicaFailure condition, an error for the queue', async () => {
    const c = cluster({ rs: [replicaSet({ replicas: 10 })] });
    let calls = 0;
    const createPod = vi.fn<ReconcileReplicaSetDeps['createPod']>(async (ns, p) => {
      if (++calls >= 2) throw apiError(403, 'Forbidden', 'pods "web-" is forbidden: exceeded quota: q');
      return c.deps.createPod(ns, p);
    });
    await expect(reconcileReplicaSet('ns/web', { ...c.deps, createPod })).rejects.toThrow('exceeded quota');
    expect(createPod).toHaveBeenCalledTimes(3); // 1, then a batch of 2
    expect(c.events()).toEqual(['Normal SuccessfulCreate: Created pod: web-00001', 'Warning FailedCreate: Error creating: pods "web-" is forbidden: exceeded quota: q', 'Warning FailedCreate: Error creating: pods "web-" is forbidden: exceeded quota: q']);
    expect(c.status()).toMatchObject({ replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-" is forbidden: exceeded quota: q' }] });
  });

  it('creates at most the burst per sync', async () => {
    const c = cluster({ rs: [replicaSet({ replicas: 10 })] });
    await reconcileReplicaSet('ns/web', { ...c.deps, burstReplicas: 4 });
    expect(c.deps.createPod).toHaveBeenCalledTimes(4);
  });

  it('never creates twice for one ReplicaSet with many workers and a burst of events while its creates are in flight', async () => {
    const c = cluster({ rs: [replicaSet({ replicas: 5 })] });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const createPod = vi.fn<ReconcileReplicaSetDeps['createPod']>(async (ns, p) => {
      await gate;
      return c.deps.createPod(ns, p);
    });
    const queue = new WorkQueue((key) => reconcileReplicaSet(key, { ...c.deps, createPod }), { workers: 8 });
    queue.start();
    for (let i = 0; i < 20; i++) queue.add('ns/web');
    release();
    await queue.idle();
    await queue.stop();
    expect(createPod).toHaveBeenCalledTimes(5);
    expect(c.podNames()).toHaveLength(5);
  });
});

describe('reconcileReplicaSet: scaling down', () => {
  const pods = () => [
    pod('ready-old', { node: 'n1', readySince: 3000 }),
    pod('ready-new', { node: 'n1', readySince: 30 }),
    pod('pending', { node: 'n1', phase: 'Pending' }),
    pod('unscheduled', { phase: 'Pending' }),
    pod('finished', { node: 'n1', phase: 'Succeeded' }),
    pod('terminating', { node: 'n1', readySince: 30, deleting: true }),
  ];

  it('deletes the surplus active pods, unscheduled and pending first, with an event each, and waits for the cache before deleting more', async () => {
    const c = cluster({ rs: [replicaSet({ replicas: 2 })], pods: pods() });
    await reconcileReplicaSet('ns/web', c.deps);
    expect(c.deps.deletePod.mock.calls).toEqual([['ns', 'unscheduled', 'unscheduled-uid'], ['ns', 'pending', 'pending-uid']]);
    expect(c.events()).toEqual(['Normal SuccessfulDelete: Deleted pod: unscheduled', 'Normal SuccessfulDelete: Deleted pod: pending']);
    await reconcileReplicaSet('ns/web', c.deps); // the cache still holds both
    expect(c.deps.deletePod).toHaveBeenCalledTimes(2);
    c.catchUp();
    await reconcileReplicaSet('ns/web', c.deps);
    expect(c.deps.deletePod).toHaveBeenCalledTimes(2);
    expect(c.status()).toMatchObject({ replicas: 2, readyReplicas: 2 });
  });

  it('counts a pod already gone as deleted; another failure is a FailedDelete event, a ReplicaFailure condition and an error', async () => {
    const c = cluster({ rs: [replicaSet({ replicas: 2 })], pods: pods() });
    c.server.pods.delete('unscheduled');
    const deletePod = vi.fn<ReconcileReplicaSetDeps['deletePod']>(async (ns, name, uid) => {
      if (name === 'pending') throw apiError(500, 'InternalError', 'etcd is sad');
      return c.deps.deletePod(ns, name, uid);
    });
    await expect(reconcileReplicaSet('ns/web', { ...c.deps, deletePod })).rejects.toThrow('etcd is sad');
    expect(c.events()).toEqual(['Warning FailedDelete: Error deleting: etcd is sad']);
    expect(c.status()).toMatchObject({ conditions: [{ type: 'ReplicaFailure', reason: 'FailedDelete', message: 'etcd is sad' }] });
    // Neither delete is waited for: the next sync tries again.
    c.catchUp();
    await reconcileReplicaSet('ns/web', c.deps);
    expect(c.deps.deletePod.mock.calls.at(-1)).toEqual(['ns', 'pending', 'pending-uid']);
    expect(c.status()).not.toHaveProperty('conditions');
  });
});

describe('reconcileReplicaSet: claiming pods', () => {
  it('adopts a matching orphan (after checking the ReplicaSet afresh) instead of creating a pod; leaves other orphans alone', async () => {
    const c = cluster({ rs: [replicaSet({ replicas: 2 })], pods: [pod('mine', { readySince: 60 }), pod('orphan', { owner: false }), pod('stranger', { owner: false, labels: { app: 'db' } })] });
    await reconcileReplicaSet('ns/web', c.deps);
    expect(c.deps.getFreshReplicaSet).toHaveBeenCalledTimes(1);
    expect(c.deps.patchPod.mock.calls).toEqual([['ns', 'orphan', { metadata: { ownerReferences: [OWNER], uid: 'orphan-uid', resourceVersion: '10' } }]]);
    expect(controllerRefOf(c.server.pods.get('orphan')!)).toEqual(OWNER);
    expect(ownerReferencesOf(c.server.pods.get('stranger')!)).toEqual([]);
    expect(c.deps.createPod).not.toHaveBeenCalled();
    expect(c.status()).toMatchObject({ replicas: 2 });
  });

  it('releases an owned pod it no longer selects and replaces it', async () => {
    const c = cluster({ rs: [replicaSet({ replicas: 1 })], pods: [pod('relabelled', { labels: { app: 'debug' } })] });
    await reconcileReplicaSet('ns/web', c.deps);
    expect(c.deps.patchPod.mock.calls).toEqual([['ns', 'relabelled', { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'rs-uid' }], uid: 'relabelled-uid' } }]]);
    expect(ownerReferencesOf(c.server.pods.get('relabelled')!)).toEqual([]);
    expect(c.deps.createPod).toHaveBeenCalledTimes(1);
  });

  it('adopts nothing (and scales nothing) when the apiserver says the ReplicaSet was replaced or is being deleted', async () => {
    for (const fresh of [replicaSet({}, { uid: 'another-uid' }), replicaSet({}, { deletionTimestamp: ago(1) })]) {
      const c = cluster({ pods: [pod('orphan', { owner: false })] });
      c.server.rs.set('web', fresh);
      await expect(reconcileReplicaSet('ns/web', c.deps)).rejects.toThrow(/is gone|has just been deleted/);
      expect(c.deps.patchPod).not.toHaveBeenCalled();
      expect(c.deps.createPod).not.toHaveBeenCalled();
    }
  });

  it('neither adopts, releases nor scales a ReplicaSet being deleted, but keeps its status current', async () => {
    const c = cluster({ rs: [replicaSet({}, { deletionTimestamp: ago(1) })], pods: [pod('mine', { readySince: 60 }), pod('relabelled', { labels: { app: 'debug' } }), pod('orphan', { owner: false })] });
    expect(await reconcileReplicaSet('ns/web', c.deps)).toBe('continue');
    expect(c.deps.patchPod).not.toHaveBeenCalled();
    expect(c.deps.createPod).not.toHaveBeenCalled();
    expect(c.status()).toMatchObject({ replicas: 1 });
  });
});

describe('reconcileReplicaSet: status', () => {
  it('writes the status only when it changed, and once more on the fresh ReplicaSet after a conflict', async () => {
    const settled = cluster({ rs: [replicaSet({ replicas: 1 }, {}, { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 })], pods: [pod('mine', { readySince: 60 })] });
    expect(await reconcileReplicaSet('ns/web', settled.deps)).toBe('continue');
    expect(settled.deps.updateStatus).not.toHaveBeenCalled();

    const stale = cluster({ rs: [replicaSet({ replicas: 1 })], pods: [pod('mine', { readySince: 60 })] });
    stale.server.rs.set('web', { ...replicaSet({ replicas: 1 }), metadata: { ...replicaSet().metadata, resourceVersion: '77' } });
    await reconcileReplicaSet('ns/web', stale.deps);
    expect(stale.deps.updateStatus).toHaveBeenCalledTimes(2);
    expect(stale.status()).toMatchObject({ replicas: 1, availableReplicas: 1 });
  });

  it('comes back when a ready pod passes minReadySeconds', async () => {
    const c = cluster({ rs: [replicaSet({ replicas: 1, minReadySeconds: 30 })], pods: [pod('mine', { readySince: 10 })] });
    expect(await reconcileReplicaSet('ns/web', c.deps)).toEqual({ requeueAfterMs: 21_000 });
    expect(c.status()).toMatchObject({ readyReplicas: 1 });
    expect(c.status()).not.toHaveProperty('availableReplicas');
  });

  it('forgets a ReplicaSet that is gone', async () => {
    const c = cluster({ rs: [] });
    c.deps.expectations.expectCreation('ns/web', pod('web-1'), NOW.getTime());
    expect(await reconcileReplicaSet('ns/web', c.deps)).toBe('continue');
    expect(c.deps.expectations.expiresInMs('ns/web', NOW.getTime())).toBeUndefined();
  });
});
