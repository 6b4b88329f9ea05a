import type { KubeObject } from '@kubeledger/api';
import { DeletedFinalStateUnknown } from '@kubeledger/client';
import { describe, expect, it } from 'vitest';
import { AbsentOwnerCache } from './absent-owner-cache.js';
import { DependencyGraph, graphNodeOf } from './dependency-graph.js';
import { graphEventHandler } from './garbagecollector.event-handlers.js';
import { servedGcResources } from './testing/served-resources.js';
import { objectsWithUnobservedOwners, observeDeletion, observeObject } from './graph-changes.js';

const RESOURCES = servedGcResources();
const CONFIGMAPS = RESOURCES.forKind('v1', 'ConfigMap')!;
const NODES = RESOURCES.forKind('v1', 'Node')!;

interface Spec {
  readonly uid?: string;
  readonly owners?: ReadonlyArray<string | { uid: string; block?: boolean }>;
  readonly finalizers?: string[];
  readonly deleting?: boolean;
}
const cm = (name: string, spec: Spec = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name,
    namespace: 'ns',
    uid: spec.uid ?? name,
    ...(spec.owners && {
      ownerReferences: spec.owners.map((o) => (typeof o === 'string' ? { apiVersion: 'v1', kind: 'ConfigMap', name: o, uid: o } : { apiVersion: 'v1', kind: 'ConfigMap', name: o.uid, uid: o.uid, blockOwnerDeletion: o.block ?? false })),
    }),
    ...(spec.finalizers && { finalizers: spec.finalizers }),
    ...(spec.deleting && { deletionTimestamp: '2025-01-01T00:00:00Z' }),
  },
});
const node = (o: KubeObject) => graphNodeOf(CONFIGMAPS, o)!;
const graphOf = (...objects: KubeObject[]) => {
  const graph = new DependencyGraph();
  for (const o of objects) graph.set(node(o));
  return graph;
};

describe('DependencyGraph', () => {
  it('indexes objects by uid and dependents by their owners\' uids, observed or not', () => {
    const graph = graphOf(cm('owner'), cm('a', { owners: [{ uid: 'owner', block: true }] }), cm('b', { owners: ['owner', 'ghost'] }));
    expect(graph.dependentsOf('owner').map((n) => n.identity.name).sort()).toEqual(['a', 'b']);
    expect(graph.dependentsOf('ghost').map((n) => n.identity.name)).toEqual(['b']);
    expect(graph.blockingDependentsOf('owner').map((n) => n.identity.name)).toEqual(['a']);
    graph.set(node(cm('b', { owners: ['ghost'] })));
    expect(graph.dependentsOf('owner').map((n) => n.identity.name)).toEqual(['a']);
    expect(graph.delete('a')?.identity).toMatchObject({ name: 'a', namespace: 'ns', uid: 'a' });
    expect(graph.dependentsOf('owner')).toEqual([]);
    expect(graph.size).toBe(2);
  });

  it('keeps no namespace for a cluster-scoped object', () => {
    expect(graphNodeOf(NODES, { metadata: { name: 'n1', namespace: 'stray', uid: 'u' } })?.identity).toMatchObject({ namespace: '', name: 'n1' });
    expect(graphNodeOf(NODES, { metadata: { name: 'no-uid' } })).toBeUndefined();
  });
});

describe('observeObject', () => {
  it('queues an object naming an owner the graph does not hold, once the informers have listed', () => {
    const graph = graphOf(cm('owner'));
    expect(observeObject(graph, node(cm('a', { owners: ['owner'] })), true).attemptToDelete).toEqual([]);
    expect(observeObject(graph, node(cm('b', { owners: ['gone'] })), true).attemptToDelete).toEqual(['b']);
    expect(observeObject(graph, node(cm('c', { owners: ['gone'] })), false).attemptToDelete).toEqual([]);
    // Unchanged references are not checked again.
    expect(observeObject(graph, node(cm('b', { owners: ['gone'] })), true).attemptToDelete).toEqual([]);
    expect(objectsWithUnobservedOwners(graph).sort()).toEqual(['b', 'c']);
  });

  it('queues an owner that starts deleting its dependents, and them; one that starts orphaning them, on the orphan queue', () => {
    const graph = graphOf(cm('owner'), cm('a', { owners: ['owner'] }), cm('b', { owners: ['owner'] }));
    const foreground = observeObject(graph, node(cm('owner', { deleting: true, finalizers: ['foregroundDeletion'] })), true);
    expect([...foreground.attemptToDelete].sort()).toEqual(['a', 'b', 'owner']);
    expect(observeObject(graph, node(cm('owner', { deleting: true, finalizers: ['foregroundDeletion'] })), true).attemptToDelete).toEqual([]); // no transition

    const other = graphOf(cm('owner'), cm('a', { owners: ['owner'] }));
    expect(observeObject(other, node(cm('owner', { deleting: true, finalizers: ['orphan'] })), true)).toEqual({ attemptToDelete: [], attemptToOrphan: ['owner'] });
    // Observed for the first time in that state (the controller-manager was down): the same.
    expect(observeObject(new DependencyGraph(), node(cm('x', { deleting: true, finalizers: ['orphan'] })), false).attemptToOrphan).toEqual(['x']);
  });

  it('queues an owner deleting its dependents when a dependent drops or unblocks its reference, or a new dependent names it', () => {
    const deleting = cm('owner', { deleting: true, finalizers: ['foregroundDeletion'] });
    const graph = graphOf(deleting, cm('a', { owners: [{ uid: 'owner', block: true }] }), cm('b', { owners: [{ uid: 'owner', block: true }] }));
    expect(observeObject(graph, node(cm('a', { owners: [] })), true).attemptToDelete).toEqual(['owner']);
    expect(observeObject(graph, node(cm('b', { owners: [{ uid: 'owner', block: false }] })), true).attemptToDelete).toEqual(['owner']);
    expect(observeObject(graph, node(cm('c', { owners: ['owner'] })), true).attemptToDelete).toEqual(['c']);
  });
});

describe('observeDeletion', () => {
  it('queues the dependents of a deleted object and its owners that wait for their dependents', () => {
    const graph = graphOf(cm('top', { deleting: true, finalizers: ['foregroundDeletion'] }), cm('mid', { owners: ['top', 'other'] }), cm('leaf', { owners: ['mid'] }), cm('other'));
    const work = observeDeletion(graph, 'mid');
    expect(work.removed?.identity.name).toBe('mid');
    expect([...work.attemptToDelete].sort()).toEqual(['leaf', 'top']);
    expect(observeDeletion(graph, 'mid').attemptToDelete).toEqual([]);
  });
});

describe('graphEventHandler', () => {
  it('feeds the graph from an informer, remembers deleted owners as absent, and treats a new uid as delete and add', () => {
    const graph = new DependencyGraph();
    const absentOwners = new AbsentOwnerCache();
    const deletes: string[] = [];
    const orphans: string[] = [];
    let synced = false;
    const handler = graphEventHandler(CONFIGMAPS, { graph, absentOwners, synced: () => synced, enqueueDelete: (uid) => deletes.push(uid), enqueueOrphan: (uid) => orphans.push(uid) });
    handler.onAdd!(cm('owner'), true);
    handler.onAdd!(cm('a', { owners: ['owner'] }), true);
    handler.onAdd!(cm('b', { owners: ['missing'] }), true);
    expect(deletes).toEqual([]);
    synced = true;
    handler.onUpdate!(cm('owner'), cm('owner', { deleting: true, finalizers: ['orphan'] }));
    expect(orphans).toEqual(['owner']);
    handler.onDelete!(new DeletedFinalStateUnknown('ns/owner', cm('owner')));
    expect(deletes).toEqual(['a']);
    expect(absentOwners.has('ns', 'owner')).toBe(true);

    deletes.length = 0;
    handler.onUpdate!(cm('a', { owners: ['owner'] }), cm('a', { uid: 'a2', owners: ['new-owner'] }));
    expect(graph.has('a')).toBe(false);
    expect(deletes).toEqual(['a2']);
  });
});
