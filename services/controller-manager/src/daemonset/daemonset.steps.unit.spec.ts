import { applyStrategicMergePatch, BUILTIN_TYPES, type KubeObject } from '@kubeledger/api';
import { describe, expect, it, vi } from 'vitest';
import { controllerRefOf } from '../controller-utils/controller-ref.js';
import { ReplicaExpectations } from '../controller-utils/replica-expectations.js';
import { targetNodeName } from './daemon-pod.js';
import { reconcileDaemonSet, type ReconcileDaemonSetDeps } from './daemonset.reconcile-daemonset.js';
import { FailedPodsBackoff } from './failed-pods-backoff.js';
import { revisionHash } from './revisions.js';
import { daemonPod, daemonSet, node, NOW } from './testing/daemonset-objects.js';

const apiError = (code: number, reason: string, message = reason) => Object.assign(new Error(message), { code, reason });
const is = (code: number) => (err: unknown) => (err as { code?: number }).code === code;
const podType = BUILTIN_TYPES.kindOf('v1', 'Pod')!;
const KEY = 'ns/web';

/**
 * The apiserver and the informers' caches, apart: writes land on the server at once; the caches
 * show them only after `catchUp()` (the informer lag the expectations guard against).
 */
function cluster(initial: { ds?: KubeObject; nodes?: KubeObject[]; pods?: KubeObject[]; revisions?: KubeObject[] } = {}) {
  let rv = 100;
  let generated = 0;
  const server = {
    ds: initial.ds ?? daemonSet(),
    pods: new Map((initial.pods ?? []).map((p) => [p.metadata?.name ?? '', p])),
    revisions: new Map((initial.revisions ?? []).map((r) => [r.metadata?.name ?? '', r])),
  };
  const nodes = initial.nodes ?? [node('a'), node('b')];
  const cache = { ds: server.ds, pods: [...server.pods.values()], revisions: [...server.revisions.values()], revision: rv };
  const stored = <T extends KubeObject>(o: T): T => ({ ...o, metadata: { ...o.metadata, resourceVersion: String(++rv) } });
  const events: string[] = [];
  const deps: { -readonly [K in keyof ReconcileDaemonSetDeps]: ReconcileDaemonSetDeps[K] } = {
    getDaemonSet: (_ns, name) => (cache.ds.metadata?.name === name ? cache.ds : undefined),
    getPod: (_ns, name) => cache.pods.find((p) => p.metadata?.name === name),
    listNodes: () => nodes,
    listPods: (_ns, uid) => cache.pods.filter((p) => (controllerRefOf(p)?.uid ?? '') === uid),
    listRevisions: (_ns, uid) => cache.revisions.filter((r) => (controllerRefOf(r)?.uid ?? '') === uid),
    podsRevision: () => cache.revision,
    failedPodsBackoff: new FailedPodsBackoff(),
    expectations: new ReplicaExpectations(),
    createPod: vi.fn(async (_ns: string, p: KubeObject) => {
      const name = `${p.metadata?.['generateName']}${String(++generated).padStart(5, '0')}`;
      const created = stored({ ...p, metadata: { ...p.metadata, name, uid: `${name}-uid`, creationTimestamp: NOW.toISOString() } });
      server.pods.set(name, created);
      return created;
    }),
    deletePod: vi.fn(async (_ns: string, name: string) => {
      if (!server.pods.delete(name)) throw apiError(404, 'NotFound');
      rv++;
    }),
    patchPod: vi.fn(async (_ns: string, name: string, patch: Record<string, unknown>) => {
      const current = server.pods.get(name);
      if (!current) throw apiError(404, 'NotFound');
      const patched = stored(applyStrategicMergePatch(current, patch, BUILTIN_TYPES, podType) as KubeObject);
      server.pods.set(name, patched);
      return patched;
    }),
    patchRevision: vi.fn(async () => {
      throw apiError(500, 'InternalError', 'no adoption expected');
    }),
    createRevision: vi.fn(async (_ns: string, r: KubeObject) => {
      const name = r.metadata?.name ?? '';
      if (server.revisions.has(name)) throw apiError(409, 'AlreadyExists');
      const created = stored({ ...r, metadata: { ...r.metadata, uid: `${name}-uid` } });
      server.revisions.set(name, created);
      return created;
    }),
    updateRevision: vi.fn(async (r: KubeObject) => {
      const updated = stored(r);
      server.revisions.set(r.metadata?.name ?? '', updated);
      return updated;
    }),
    getRevision: vi.fn(async (_ns: string, name: string) => server.revisions.get(name) ?? Promise.reject(apiError(404, 'NotFound'))),
    deleteRevision: vi.fn(async (_ns: string, name: string) => {
      if (!server.revisions.delete(name)) throw apiError(404, 'NotFound');
    }),
    getFreshDaemonSet: vi.fn(async () => server.ds),
    updateDaemonSetStatus: vi.fn(async (ds: KubeObject) => (server.ds = stored({ ...server.ds, status: ds['status'] }))),
    event: (_ds, type, reason, message) => void events.push(`${type} ${reason} ${message}`),
    isAlreadyExists: is(409),
    isConflict: is(409),
    isNotFound: is(404),
    isInvalid: is(422),
    isNamespaceTerminating: () => false,
    burstReplicas: 250,
    now: () => NOW,
    log: () => {},
  };
  return {
    deps,
    server,
    events,
    /** The informers catch up with the server. */
    catchUp() {
      Object.assign(cache, { ds: server.ds, pods: [...server.pods.values()], revisions: [...server.revisions.values()], revision: rv });
    },
    /** The server's DaemonSet changes (a user's edit), and the cache sees it. */
    edit(change: (ds: KubeObject) => KubeObject) {
      server.ds = stored(change(server.ds));
      cache.ds = server.ds;
    },
    /** Every pod is bound to its node and ready (the scheduler and kubelets did their work). */
    runPods() {
      for (const [name, p] of server.pods) server.pods.set(name, stored({ ...p, spec: { ...(p['spec'] as object), nodeName: targetNodeName(p) }, status: daemonPod(name, '', { readySince: 60 })['status'] }));
    },
  };
}

const podsOnNodes = (pods: Map<string, KubeObject>) => [...pods.values()].map((p) => `${targetNodeName(p)}:${p.metadata?.labels?.['controller-revision-hash']}`).sort();

describe('reconcileDaemonSet', () => {
  it('creates the first revision and one pod per node, once, and reports the status', async () => {
    const c = cluster();
    const hash = revisionHash(c.server.ds);
    expect(await reconcileDaemonSet(KEY, c.deps)).toEqual({ requeueAfterMs: expect.any(Number) });
    expect([...c.server.revisions.values()].map((r) => [r.metadata?.name, r['revision']])).toEqual([[`web-${hash}`, 1]]);
    expect(podsOnNodes(c.server.pods)).toEqual([`a:${hash}`, `b:${hash}`]);
    expect(c.events).toEqual(['Normal SuccessfulCreate Created pod: web-00001', 'Normal SuccessfulCreate Created pod: web-00002']);
    expect(c.server.ds['status']).toEqual({ desiredNumberScheduled: 2, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, numberUnavailable: 2, observedGeneration: 1 });

    // The caches have not seen the pods yet: a second sync creates nothing.
    await reconcileDaemonSet(KEY, c.deps);
    expect(c.server.pods.size).toBe(2);
    c.catchUp();
    c.runPods();
    c.catchUp();
    expect(await reconcileDaemonSet(KEY, c.deps)).toBe('continue');
    expect(c.server.pods.size).toBe(2);
    expect(c.server.revisions.size).toBe(1);
    expect(c.server.ds['status']).toEqual({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0, numberReady: 2, updatedNumberScheduled: 2, numberAvailable: 2, observedGeneration: 1 });
  });

  it('rolls a new template out one node at a time with maxUnavailable 1, under a second revision', async () => {
    const c = cluster({ nodes: [node('a'), node('b'), node('c')] });
    const hash1 = revisionHash(c.server.ds);
    await reconcileDaemonSet(KEY, c.deps);
    c.runPods();
    c.catchUp();
    c.edit((ds) => ({ ...ds, metadata: { ...ds.metadata, generation: 2 }, spec: { ...(ds['spec'] as object), template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:2' }] } } } }));
    const hash2 = revisionHash(c.server.ds);
    await reconcileDaemonSet(KEY, c.deps);
    expect([...c.server.revisions.values()].map((r) => [r.metadata?.name, r['revision']]).sort((x, y) => Number(x[1]) - Number(y[1]))).toEqual([[`web-${hash1}`, 1], [`web-${hash2}`, 2]]);
    expect(c.server.pods.size).toBe(2);
    expect(c.events.filter((e) => e.includes('SuccessfulDelete'))).toHaveLength(1);
    expect(c.server.ds['status']).toMatchObject({ observedGeneration: 2 });
    expect(c.server.ds['status']).not.toHaveProperty('updatedNumberScheduled');

    for (let round = 0; round < 3; round++) {
      c.catchUp();
      await reconcileDaemonSet(KEY, c.deps); // the emptied node gets a new pod
      expect(c.server.pods.size).toBe(3);
      c.catchUp();
      await reconcileDaemonSet(KEY, c.deps); // not available yet: nothing else goes
      expect(c.server.pods.size).toBe(3);
      c.runPods();
      c.catchUp();
      await reconcileDaemonSet(KEY, c.deps); // available: the next old one goes
    }
    expect(podsOnNodes(c.server.pods)).toEqual([`a:${hash2}`, `b:${hash2}`, `c:${hash2}`]);
    expect(c.server.ds['status']).toMatchObject({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 2 });
  });

  it('OnDelete replaces nothing until a pod is deleted', async () => {
    const c = cluster({ ds: daemonSet({ updateStrategy: { type: 'OnDelete' } }) });
    await reconcileDaemonSet(KEY, c.deps);
    c.runPods();
    c.catchUp();
    c.edit((ds) => ({ ...ds, spec: { ...(ds['spec'] as object), template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:2' }] } } } }));
    await reconcileDaemonSet(KEY, c.deps);
    expect(c.deps.deletePod).not.toHaveBeenCalled();
    c.server.pods.delete('web-00001');
    c.catchUp();
    await reconcileDaemonSet(KEY, c.deps);
    expect(podsOnNodes(c.server.pods)).toEqual([`a:${revisionHash(c.server.ds)}`, `b:${revisionHash(daemonSet())}`].sort());
  });

  it('a DaemonSet selecting everything gets a SelectingAll warning and no pods', async () => {
    const c = cluster({ ds: daemonSet({ selector: {} }) });
    expect(await reconcileDaemonSet(KEY, c.deps)).toBe('continue');
    expect(c.events).toEqual(['Warning SelectingAll This daemon set is selecting all pods. A non-empty selector is required.']);
    expect(c.server.pods.size).toBe(0);
  });

  it('a revision name taken by another template bumps collisionCount and fails the sync; the next one uses the new hash', async () => {
    const c = cluster();
    const other = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: `web-${revisionHash(daemonSet())}`, namespace: 'ns', uid: 'x' }, data: { spec: { template: { spec: { containers: [] } } } }, revision: 1 };
    c.server.revisions.set(other.metadata.name, other);
    await expect(reconcileDaemonSet(KEY, c.deps)).rejects.toMatchObject({ code: 409 });
    expect(c.server.ds['status']).toMatchObject({ collisionCount: 1 });
    c.catchUp();
    await reconcileDaemonSet(KEY, c.deps);
    const hash = revisionHash(c.server.ds);
    expect(hash).not.toBe(revisionHash(daemonSet()));
    expect(c.server.revisions.get(`web-${hash}`)).toMatchObject({ revision: 1 });
    expect(podsOnNodes(c.server.pods)).toEqual([`a:${hash}`, `b:${hash}`]);
  });

  it('a failed create is an event and an error for the queue to retry', async () => {
    const c = cluster({ nodes: [node('a')] });
    c.deps.createPod = vi.fn(async () => {
      throw apiError(403, 'Forbidden', 'pods "web-" is forbidden: exceeded quota');
    });
    await expect(reconcileDaemonSet(KEY, c.deps)).rejects.toThrow('exceeded quota');
    expect(c.events).toEqual(['Warning FailedCreate Error creating: pods "web-" is forbidden: exceeded quota']);
  });
});
