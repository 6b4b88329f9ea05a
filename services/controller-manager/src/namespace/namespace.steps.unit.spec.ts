import type { KubeObject } from '@kubeledger/api';
import type { ResourceRef } from '@kubeledger/client';
import { describe, expect, it } from 'vitest';
import type { DiscoveredResource } from '../controller-utils/discover-resources.js';
import { reconcileNamespace, type ReconcileNamespaceDeps } from './namespace.reconcile-namespace.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const apiError = (code: number, reason: string) => Object.assign(new Error(reason), { code, reason });
const is = (code: number) => (err: unknown) => (err as { code?: number }).code === code;
const served = (group: string, resource: string, namespaced: boolean, verbs = ['list', 'deletecollection', 'delete']): DiscoveredResource => ({ group, version: 'v1', resource, namespaced, kind: resource, verbs });
const RESOURCES = [served('', 'pods', true), served('', 'configmaps', true), served('', 'nodes', false), served('apps', 'deployments', true), served('', 'bindings', true, ['create'])];

const namespace = (meta: Record<string, unknown> = {}, spec: Record<string, unknown> = { finalizers: ['kubernetes'] }, status: Record<string, unknown> = { phase: 'Terminating' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'team', uid: 'ns-uid', resourceVersion: '10', deletionTimestamp: '2026-03-01T11:59:00Z', ...meta },
  spec,
  status,
});

/** An in-memory cluster: one namespace and its content by resource; what the step wrote is recorded. */
function fakeCluster(ns: KubeObject | undefined, content: Record<string, KubeObject[]> = {}) {
  const writes: string[] = [];
  const state = { ns, content, conflictsOnFinalize: 0, failDeleteOf: '' as string, keepOnDelete: new Set<string>() };
  const key = (r: ResourceRef) => `${r.resource}.${r.group}`;
  const deps: ReconcileNamespaceDeps = {
    getNamespace: async () => state.ns && structuredClone(state.ns),
    updateStatus: async (next) => {
      writes.push(`status ${JSON.stringify(next['status'])}`);
      state.ns = next;
      return next;
    },
    finalize: async (next) => {
      if (state.conflictsOnFinalize-- > 0) throw apiError(409, 'Conflict');
      writes.push(`finalize ${JSON.stringify((next['spec'] as { finalizers: string[] }).finalizers)}`);
      state.ns = next;
      return next;
    },
    discover: async () => ({ resources: RESOURCES, failedGroups: [] }),
    deleteCollection: async (r, namespaceName) => {
      writes.push(`deletecollection ${key(r)} in ${namespaceName}`);
      if (state.failDeleteOf === key(r)) throw apiError(500, 'InternalError');
      if (!state.keepOnDelete.has(key(r))) state.content[key(r)] = (state.content[key(r)] ?? []).filter((o) => ((o.metadata?.['finalizers'] as string[] | undefined) ?? []).length > 0);
    },
    list: async (r) => state.content[key(r)] ?? [],
    cachedPods: () => state.content['pods.'] ?? [],
    isNotSupported: is(405),
    isConflict: is(409),
    isNotFound: is(404),
    now: () => NOW,
    log: () => {},
  };
  return { deps, writes, state };
}

const pod = (name: string, grace = 30): KubeObject => ({ metadata: { name, namespace: 'team' }, spec: { terminationGracePeriodSeconds: grace }, status: { phase: 'Running' } });

describe('namespace controller steps', () => {
  it('leaves a namespace that is not being deleted (or is gone) alone', async () => {
    const active = fakeCluster(namespace({ deletionTimestamp: undefined }, undefined, { phase: 'Active' }), { 'configmaps.': [{ metadata: { name: 'cm' } }] });
    expect(await reconcileNamespace('team', active.deps)).toBe('continue');
    expect(active.writes).toEqual([]);
    const gone = fakeCluster(undefined);
    expect(await reconcileNamespace('team', gone.deps)).toBe('continue');
  });

  it('deletes the content of every namespaced resource served with list and deletecollection, then finalizes', async () => {
    const c = fakeCluster(namespace({}, { finalizers: ['kubernetes', 'example.com/other'] }), { 'configmaps.': [{ metadata: { name: 'cm' } }], 'deployments.apps': [{ metadata: { name: 'web' } }] });
    expect(await reconcileNamespace('team', c.deps)).toBe('continue');
    expect(c.writes.filter((w) => w.startsWith('deletecollection')).sort()).toEqual(['deletecollection configmaps. in team', 'deletecollection deployments.apps in team', 'deletecollection pods. in team']);
    expect(c.writes.at(-1)).toBe('finalize ["example.com/other"]');
    const conditions = (c.state.ns!['status'] as { conditions: { type: string; status: string }[] }).conditions;
    expect(conditions.map((x) => `${x.type}=${x.status}`)).toEqual([
      'NamespaceDeletionDiscoveryFailure=False',
      'NamespaceDeletionGroupVersionParsingFailure=False',
      'NamespaceDeletionContentFailure=False',
      'NamespaceContentRemaining=False',
      'NamespaceFinalizersRemaining=False',
    ]);
  });

  it('marks the namespace Terminating first when its status does not say so yet', async () => {
    const c = fakeCluster(namespace({}, undefined, { phase: 'Active' }));
    await reconcileNamespace('team', c.deps);
    expect(c.writes[0]).toBe('status {"phase":"Terminating"}');
  });

  it('waits for pods still terminating, reporting them, and comes back after half their grace period', async () => {
    const c = fakeCluster(namespace(), { 'pods.': [pod('a'), pod('b'), pod('c', 10)] });
    c.state.keepOnDelete.add('pods.');
    expect(await reconcileNamespace('team', c.deps)).toEqual({ requeueAfterMs: 16_000 });
    expect(c.writes.some((w) => w.startsWith('finalize'))).toBe(false);
    const remaining = (c.state.ns!['status'] as { conditions: { type: string; status: string; reason: string; message: string }[] }).conditions.find((x) => x.type === 'NamespaceContentRemaining');
    expect(remaining).toMatchObject({ status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 3 resource instances' });

    // The pods went: the next sync finalizes.
    c.state.content['pods.'] = [];
    expect(await reconcileNamespace('team', c.deps)).toBe('continue');
    expect(c.writes.at(-1)).toBe('finalize []');
  });

  it('waits 15 s for content held by finalizers', async () => {
    const c = fakeCluster(namespace(), { 'configmaps.': [{ metadata: { name: 'held', finalizers: ['example.com/hold'] } }] });
    expect(await reconcileNamespace('team', c.deps)).toEqual({ requeueAfterMs: 8000 });
  });

  it('retries on failure without finalizing, and says why in a condition', async () => {
    const c = fakeCluster(namespace(), { 'configmaps.': [{ metadata: { name: 'cm' } }] });
    c.state.failDeleteOf = 'configmaps.';
    expect(await reconcileNamespace('team', c.deps)).toBe('requeue');
    expect(c.writes.some((w) => w.startsWith('finalize'))).toBe(false);
    const failure = (c.state.ns!['status'] as { conditions: { type: string; status: string; message: string }[] }).conditions.find((x) => x.type === 'NamespaceDeletionContentFailure');
    expect(failure).toMatchObject({ status: 'True', message: 'Failed to delete all resource types, 1 remaining: InternalError' });
  });

  it('finalizes again on a fresh read after a conflict', async () => {
    const c = fakeCluster(namespace());
    c.state.conflictsOnFinalize = 2;
    expect(await reconcileNamespace('team', c.deps)).toBe('continue');
    expect(c.writes.at(-1)).toBe('finalize []');
  });

  it('does nothing more for a namespace already finalized (other finalizers hold it)', async () => {
    const c = fakeCluster(namespace({ finalizers: ['example.com/hold'] }, { finalizers: [] }), { 'configmaps.': [{ metadata: { name: 'cm' } }] });
    expect(await reconcileNamespace('team', c.deps)).toBe('continue');
    expect(c.writes).toEqual([]);
  });
});
