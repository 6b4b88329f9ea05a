import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it, vi } from 'vitest';
import { AbsentOwnerCache } from './absent-owner-cache.js';
import { DependencyGraph, graphNodeOf } from './dependency-graph.js';
import { attemptToDelete, policyFromFinalizers } from './garbagecollector.attempt-to-delete.js';
import { attemptToOrphan } from './garbagecollector.attempt-to-orphan.js';
import type { GcDeps } from './garbagecollector.deps.js';
import { removeFinalizer } from './garbagecollector.remove-finalizer.js';
import type { GcResource } from './gc-resources.js';
import { servedGcResources } from './testing/served-resources.js';

const RESOURCES = servedGcResources();
const CONFIGMAPS = RESOURCES.forKind('v1', 'ConfigMap')!;
const NODES = RESOURCES.forKind('v1', 'Node')!;

interface Ref {
  readonly uid: string;
  readonly name?: string;
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly block?: boolean;
}
interface Spec {
  readonly uid?: string;
  readonly owners?: ReadonlyArray<string | Ref>;
  readonly finalizers?: string[];
  readonly deleting?: boolean;
  readonly rv?: string;
}
/** A ConfigMap `name` (uid `name` unless given) in `ns`; owners by uid (a ConfigMap of that name unless said otherwise). */
const cm = (name: string, spec: Spec = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name,
    namespace: 'ns',
    uid: spec.uid ?? name,
    resourceVersion: spec.rv ?? '5',
    ...(spec.owners && {
      ownerReferences: spec.owners.map((o) => {
        const r = typeof o === 'string' ? { uid: o } : o;
        return { apiVersion: r.apiVersion ?? 'v1', kind: r.kind ?? 'ConfigMap', name: r.name ?? r.uid, uid: r.uid, ...(r.block !== undefined && { blockOwnerDeletion: r.block }) };
      }),
    }),
    ...(spec.finalizers && { finalizers: spec.finalizers }),
    ...(spec.deleting && { deletionTimestamp: '2025-01-01T00:00:00Z' }),
  },
});
const FOREGROUND = { deleting: true, finalizers: ['foregroundDeletion'] };
const notFound = Object.assign(new Error('not found'), { code: 404 });
const conflict = Object.assign(new Error('conflict'), { code: 409 });

/**
 * Fakes over two states: `cached` (what the informers hold; the graph is built from it) and `live`
 * (what the apiserver answers; the cached state unless given).
 */
function given(cached: KubeObject[], live: KubeObject[] = cached, resource: GcResource = CONFIGMAPS) {
  const graph = new DependencyGraph();
  for (const o of cached) graph.set(graphNodeOf(resource, o)!);
  const find = (objects: KubeObject[], name: string) => objects.find((o) => o.metadata?.name === name);
  return {
    graph,
    resourceForKind: (apiVersion: string, kind: string) => RESOURCES.forKind(apiVersion, kind),
    absentOwners: new AbsentOwnerCache(),
    getCached: (_r: GcResource, _ns: string, name: string) => find(cached, name),
    getLive: vi.fn<GcDeps['getLive']>(async (_r, _ns, name) => find(live, name)),
    deleteObject: vi.fn<GcDeps['deleteObject']>(async () => undefined),
    patchObject: vi.fn<GcDeps['patchObject']>(async () => undefined),
    enqueueDelete: vi.fn<GcDeps['enqueueDelete']>(),
    isNotFound: (err: unknown) => (err as { code?: number }).code === 404,
    isConflict: (err: unknown) => (err as { code?: number }).code === 409,
    log: () => undefined,
  } satisfies GcDeps;
}
const liveReads = (deps: ReturnType<typeof given>) => deps.getLive.mock.calls.map(([, , name]) => name);

describe('attemptToDelete', () => {
  it('deletes a dependent whose owner does not exist, in the background with its uid as precondition, and remembers the owner as absent', async () => {
    const deps = given([cm('a', { owners: ['gone'] }), cm('b', { owners: ['gone'] })]);
    expect(await attemptToDelete('a', deps)).toBe('continue');
    expect(deps.deleteObject).toHaveBeenCalledWith({ resource: CONFIGMAPS, namespace: 'ns', name: 'a', uid: 'a' }, 'Background');
    expect(liveReads(deps)).toEqual(['a', 'gone']);
    await attemptToDelete('b', deps);
    expect(liveReads(deps)).toEqual(['a', 'gone', 'b']); // the owner is not asked for again
    expect(deps.deleteObject).toHaveBeenCalledTimes(2);
  });

  it('leaves a dependent of an existing owner alone — also when only the apiserver has the owner yet', async () => {
    const cached = given([cm('owner'), cm('a', { owners: ['owner'] })]);
    expect(await attemptToDelete('a', cached)).toBe('continue');
    expect(liveReads(cached)).toEqual(['a']);

    const lagging = given([cm('a', { owners: ['owner'] })], [cm('owner'), cm('a', { owners: ['owner'] })]);
    expect(await attemptToDelete('a', lagging)).toBe('continue');
    expect(liveReads(lagging)).toEqual(['a', 'owner']);
    for (const deps of [cached, lagging]) {
      expect(deps.deleteObject).not.toHaveBeenCalled();
      expect(deps.patchObject).not.toHaveBeenCalled();
    }
  });

  it('deletes the dependent of an owner recreated with another uid', async () => {
    const deps = given([cm('owner', { uid: 'new-uid' }), cm('a', { owners: [{ uid: 'old-uid', name: 'owner' }] })]);
    await attemptToDelete('a', deps);
    expect(liveReads(deps)).toEqual(['a', 'owner']);
    expect(deps.deleteObject).toHaveBeenCalledWith(expect.objectContaining({ name: 'a', uid: 'a' }), 'Background');
    expect(deps.absentOwners.has('ns', 'old-uid')).toBe(true);
  });

  it('removes only the dangling reference when another owner remains', async () => {
    const deps = given([cm('keeper'), cm('a', { owners: ['keeper', 'gone'] })]);
    await attemptToDelete('a', deps);
    expect(deps.deleteObject).not.toHaveBeenCalled();
    expect(deps.patchObject).toHaveBeenCalledWith(expect.objectContaining({ name: 'a' }), { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'gone' }], uid: 'a' } }, 'strategic');
  });

  it('decides on the object as the apiserver has it: gone, replaced or without owners by now, nothing is written', async () => {
    const gone = given([cm('a', { owners: ['gone'] })], []);
    const replaced = given([cm('a', { owners: ['gone'] })], [cm('a', { uid: 'a2', owners: ['gone'] })]);
    const released = given([cm('a', { owners: ['gone'] })], [cm('a')]);
    for (const deps of [gone, replaced, released]) {
      expect(await attemptToDelete('a', deps)).toBe('continue');
      expect(deps.deleteObject).not.toHaveBeenCalled();
    }
    const unknownUid = given([]);
    expect(await attemptToDelete('nothing', unknownUid)).toBe('continue');
    expect(unknownUid.getLive).not.toHaveBeenCalled();
  });

  it('waits for an object being deleted in the background to go', async () => {
    const deps = given([cm('a', { owners: ['gone'], deleting: true, finalizers: ['example.com/x'] })]);
    expect(await attemptToDelete('a', deps)).toBe('continue');
    expect(deps.getLive).not.toHaveBeenCalled();
  });

  it('leaves alone an object with a reference it cannot check: a kind not served, a namespaced owner of a cluster-scoped object', async () => {
    const widget = given([cm('a', { owners: [{ uid: 'w', kind: 'Widget', apiVersion: 'example.com/v1' }, 'gone'] })]);
    expect(await attemptToDelete('a', widget)).toBe('continue');
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'n1', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: 'gone' }] } };
    const clusterScoped = given([node], [node], NODES);
    expect(await attemptToDelete('n1', clusterScoped)).toBe('continue');
    for (const deps of [widget, clusterScoped]) {
      expect(liveReads(deps)).toHaveLength(1); // the object itself only
      expect(deps.deleteObject).not.toHaveBeenCalled();
      expect(deps.patchObject).not.toHaveBeenCalled();
    }
  });

  it('takes a 404 or a failed uid precondition on delete as done, and throws anything else', async () => {
    for (const err of [notFound, conflict]) {
      const deps = given([cm('a', { owners: ['gone'] })]);
      deps.deleteObject.mockRejectedValueOnce(err);
      expect(await attemptToDelete('a', deps)).toBe('continue');
    }
    const broken = given([cm('a', { owners: ['gone'] })]);
    broken.deleteObject.mockRejectedValueOnce(new Error('boom'));
    await expect(attemptToDelete('a', broken)).rejects.toThrow('boom');
  });

  it('asks for the policy the dependent\'s own finalizers name: Orphan, then Foreground, else Background', () => {
    expect(policyFromFinalizers(cm('a', { finalizers: ['orphan'] }))).toBe('Orphan');
    expect(policyFromFinalizers(cm('a', { finalizers: ['foregroundDeletion'] }))).toBe('Foreground');
    expect(policyFromFinalizers(cm('a', { finalizers: ['example.com/x'] }))).toBe('Background');
  });
});

describe('foreground deletion', () => {
  it('deletes the dependents of an owner deleting its dependents, then removes its finalizer once no blocking dependent is left', async () => {
    const owner = cm('owner', { ...FOREGROUND, rv: '9' });
    const a = cm('a', { owners: [{ uid: 'owner', block: true }] });
    const b = cm('b', { owners: [{ uid: 'owner', block: true }] });
    const loose = cm('loose', { owners: [{ uid: 'owner', block: false }] });

    // The owner with blocking dependents: they are queued, the finalizer stays.
    const waiting = given([owner, a, b, loose]);
    expect(await attemptToDelete('owner', waiting)).toBe('continue');
    expect(waiting.enqueueDelete.mock.calls.map(([uid]) => uid).sort()).toEqual(['a', 'b']);
    expect(waiting.patchObject).not.toHaveBeenCalled();

    // Each dependent: deleted (in the background: it has no dependents of its own).
    expect(await attemptToDelete('a', waiting)).toBe('continue');
    expect(waiting.deleteObject).toHaveBeenCalledWith(expect.objectContaining({ name: 'a' }), 'Background');

    // The blocking dependents gone (a non-blocking one does not hold the owner): the finalizer is removed.
    const done = given([owner, loose]);
    expect(await attemptToDelete('owner', done)).toBe('continue');
    expect(done.patchObject).toHaveBeenCalledWith(expect.objectContaining({ name: 'owner', uid: 'owner' }), { metadata: { resourceVersion: '9', finalizers: null } }, 'merge');
  });

  it('deletes a dependent with dependents of its own in the foreground too, unblocking it first if one of them deletes its dependents', async () => {
    const owner = cm('owner', FOREGROUND);
    const mid = cm('mid', { owners: [{ uid: 'owner', block: true }] });
    const deps = given([owner, mid, cm('leaf', { owners: [{ uid: 'mid', block: true }] })]);
    await attemptToDelete('mid', deps);
    expect(deps.patchObject).not.toHaveBeenCalled();
    expect(deps.deleteObject).toHaveBeenCalledWith(expect.objectContaining({ name: 'mid' }), 'Foreground');

    const cycle = given([owner, mid, cm('leaf', { owners: [{ uid: 'mid', block: true }], ...FOREGROUND })]);
    await attemptToDelete('mid', cycle);
    expect(cycle.patchObject).toHaveBeenCalledWith(expect.objectContaining({ name: 'mid' }), { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'owner', blockOwnerDeletion: false }], uid: 'mid' } }, 'strategic');
    expect(cycle.deleteObject).toHaveBeenCalledWith(expect.objectContaining({ name: 'mid' }), 'Foreground');
  });

  it('drops the reference to a waiting owner when another owner remains (else the owner would wait forever)', async () => {
    const deps = given([cm('owner', FOREGROUND), cm('keeper'), cm('a', { owners: [{ uid: 'owner', block: true }, 'keeper'] })]);
    await attemptToDelete('a', deps);
    expect(deps.deleteObject).not.toHaveBeenCalled();
    expect(deps.patchObject).toHaveBeenCalledWith(expect.objectContaining({ name: 'a' }), { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'owner' }], uid: 'a' } }, 'strategic');
  });
});

describe('attemptToOrphan', () => {
  it('removes the owner\'s reference from every dependent, then its orphan finalizer', async () => {
    const owner = cm('owner', { deleting: true, finalizers: ['orphan', 'example.com/keep'], rv: '12' });
    const deps = given([owner, cm('a', { owners: ['owner'] }), cm('b', { owners: ['owner', 'other'] })]);
    const order: string[] = [];
    deps.patchObject.mockImplementation(async (identity, _patch, type) => void order.push(`${type} ${identity.name}`));
    expect(await attemptToOrphan('owner', deps)).toBe('continue');
    expect(order.slice(0, 2).sort()).toEqual(['strategic a', 'strategic b']);
    expect(order[2]).toBe('merge owner');
    expect(deps.patchObject).toHaveBeenCalledWith(expect.objectContaining({ name: 'b', uid: 'b' }), { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'owner' }], uid: 'b' } }, 'strategic');
    expect(deps.patchObject).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'owner' }), { metadata: { resourceVersion: '12', finalizers: ['example.com/keep'] } }, 'merge');
    expect(deps.deleteObject).not.toHaveBeenCalled();
  });

  it('keeps the finalizer when a dependent could not be patched (a dependent gone is fine)', async () => {
    const deps = given([cm('owner', { deleting: true, finalizers: ['orphan'] }), cm('a', { owners: ['owner'] }), cm('b', { owners: ['owner'] })]);
    deps.patchObject.mockImplementation(async (identity) => {
      if (identity.name === 'a') throw notFound;
      if (identity.name === 'b') throw new Error('boom');
    });
    await expect(attemptToOrphan('owner', deps)).rejects.toThrow(/b \(b\): boom/);
    expect(deps.patchObject).not.toHaveBeenCalledWith(expect.objectContaining({ name: 'owner' }), expect.anything(), 'merge');
  });
});

describe('removeFinalizer', () => {
  it('reads the object again after a 409, and does nothing for an object gone, replaced or without the finalizer', async () => {
    const owner = cm('owner', { deleting: true, finalizers: ['orphan'] });
    const deps = given([owner]);
    deps.patchObject.mockRejectedValueOnce(conflict);
    await removeFinalizer({ resource: CONFIGMAPS, namespace: 'ns', name: 'owner', uid: 'owner' }, 'orphan', deps);
    expect(deps.patchObject).toHaveBeenCalledTimes(2);
    expect(liveReads(deps)).toEqual(['owner', 'owner']);

    for (const live of [[], [cm('owner', { uid: 'other', finalizers: ['orphan'] })], [cm('owner', { deleting: true })]]) {
      const nothing = given([owner], live);
      await removeFinalizer({ resource: CONFIGMAPS, namespace: 'ns', name: 'owner', uid: 'owner' }, 'orphan', nothing);
      expect(nothing.patchObject).not.toHaveBeenCalled();
    }
  });
});
