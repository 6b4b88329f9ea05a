import type { KubeObject } from '@kubeledger/api';
import { waitUntil } from '@kubeledger/bus/testing';
import { CONFIGMAPS, PODS , SharedInformers } from '@kubeledger/client';
import { afterEach, describe, expect, it } from 'vitest';
import { GarbageCollector } from './garbagecollector.controller.js';
import { FakeCluster } from './testing/fake-cluster.js';
import { SERVED_RESOURCES } from './testing/served-resources.js';

const ref = (name: string, uid = `${name}-uid`, blockOwnerDeletion = true) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, uid, blockOwnerDeletion });
const cm = (name: string, owners: ReturnType<typeof ref>[] = []): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', ...(owners.length && { ownerReferences: owners }) },
});
const ownersOf = (o: KubeObject | undefined) => ((o?.metadata?.['ownerReferences'] ?? []) as { uid: string }[]).map((r) => r.uid);

/** Eventually (the informers and queues run asynchronously); generous: this is no timing test. */
const eventually = (what: string, condition: () => boolean) => waitUntil(condition, 10_000, what);

describe('GarbageCollector (in-memory cluster)', () => {
  let gc: GarbageCollector | undefined;
  let informers: SharedInformers | undefined;
  afterEach(async () => {
    await gc?.stop();
    await informers?.stop();
    gc = undefined;
  });

  const started = async (cluster: FakeCluster) => {
    informers = new SharedInformers({ client: cluster.client, bus: cluster.source });
    gc = new GarbageCollector({ informers, client: cluster.client, retryMs: 10, rediscoveryPeriodMs: 0, log: () => undefined });
    expect(await gc.start()).toBe(true);
    gc.run();
    return gc;
  };

  it('collects, once every informer listed, the dependents of owners deleted while it was down — and keeps the others', async () => {
    const cluster = new FakeCluster();
    cluster.create(CONFIGMAPS, cm('owner'));
    cluster.create(CONFIGMAPS, cm('kept-owner'));
    cluster.create(CONFIGMAPS, cm('orphan-1', [ref('owner')]));
    cluster.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan-2', namespace: 'ns', ownerReferences: [ref('owner')] } });
    cluster.create(CONFIGMAPS, cm('kept', [ref('kept-owner')]));
    cluster.create(CONFIGMAPS, cm('shared', [ref('owner'), ref('kept-owner')]));
    await cluster.userDelete(CONFIGMAPS, 'ns', 'owner');

    await started(cluster);
    await eventually('the dependents of the deleted owner collected', () => !cluster.peek(CONFIGMAPS, 'ns', 'orphan-1') && !cluster.peek(PODS, 'ns', 'orphan-2') && ownersOf(cluster.peek(CONFIGMAPS, 'ns', 'shared')).length === 1);
    expect(cluster.writes.sort()).toEqual(['delete configmaps orphan-1 Background', 'delete pods orphan-2 Background', 'patch configmaps shared ownerReferences=[kept-owner-uid]']);
    expect(cluster.peek(CONFIGMAPS, 'ns', 'kept')).toBeDefined();
  });

  it('Background: deleting an owner deletes its dependents, and theirs in turn', async () => {
    const cluster = new FakeCluster();
    cluster.create(CONFIGMAPS, cm('top'));
    cluster.create(CONFIGMAPS, cm('mid', [ref('top')]));
    cluster.create(CONFIGMAPS, cm('leaf', [ref('mid')]));
    await started(cluster);

    await cluster.userDelete(CONFIGMAPS, 'ns', 'top', 'Background');
    await eventually('mid and leaf collected', () => !cluster.peek(CONFIGMAPS, 'ns', 'mid') && !cluster.peek(CONFIGMAPS, 'ns', 'leaf'));
    expect(cluster.writes).toEqual(['delete configmaps mid Background', 'delete configmaps leaf Background']);
  });

  it('Orphan: the dependents lose their reference and stay; the owner goes once its orphan finalizer is removed', async () => {
    const cluster = new FakeCluster();
    cluster.create(CONFIGMAPS, cm('owner'));
    cluster.create(CONFIGMAPS, cm('a', [ref('owner')]));
    cluster.create(CONFIGMAPS, cm('b', [ref('owner')]));
    await started(cluster);

    await cluster.userDelete(CONFIGMAPS, 'ns', 'owner', 'Orphan');
    await eventually('the owner gone', () => !cluster.peek(CONFIGMAPS, 'ns', 'owner'));
    expect(ownersOf(cluster.peek(CONFIGMAPS, 'ns', 'a'))).toEqual([]);
    expect(ownersOf(cluster.peek(CONFIGMAPS, 'ns', 'b'))).toEqual([]);
    expect(cluster.writes.slice(0, 2).sort()).toEqual(['patch configmaps a ownerReferences=[]', 'patch configmaps b ownerReferences=[]']);
    expect(cluster.writes.slice(2)).toEqual(['patch configmaps owner finalizers=[]']);
  });

  it('Foreground: the dependents (and theirs) are deleted first, the owner once no blocking dependent is left', async () => {
    const cluster = new FakeCluster();
    cluster.create(CONFIGMAPS, cm('owner'));
    cluster.create(CONFIGMAPS, cm('a', [ref('owner')]));
    cluster.create(CONFIGMAPS, cm('b', [ref('owner')]));
    cluster.create(CONFIGMAPS, cm('b-child', [ref('b')]));
    await started(cluster);

    await cluster.userDelete(CONFIGMAPS, 'ns', 'owner', 'Foreground');
    await eventually('the owner gone', () => !cluster.peek(CONFIGMAPS, 'ns', 'owner'));
    for (const name of ['a', 'b', 'b-child']) expect(cluster.peek(CONFIGMAPS, 'ns', name)).toBeUndefined();
    const writes = cluster.writes;
    expect(writes).toContain('delete configmaps a Background');
    expect(writes).toContain('delete configmaps b Foreground'); // it has a dependent of its own
    expect(writes.indexOf('patch configmaps b finalizers=[]')).toBeGreaterThan(writes.indexOf('delete configmaps b-child Background'));
    expect(writes.at(-1)).toBe('patch configmaps owner finalizers=[]');
  });

  it('leaves alone an object whose owner kind is not served', async () => {
    const cluster = new FakeCluster();
    cluster.create(CONFIGMAPS, { ...cm('a'), metadata: { name: 'a', namespace: 'ns', ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: 'w-uid' }] } });
    cluster.create(CONFIGMAPS, cm('owner'));
    cluster.create(CONFIGMAPS, cm('b', [ref('owner')]));
    const collector = await started(cluster);
    // b shows the queue has drained past a.
    await cluster.userDelete(CONFIGMAPS, 'ns', 'owner');
    await eventually('b collected', () => !cluster.peek(CONFIGMAPS, 'ns', 'b'));
    await collector.attemptToDeleteQueue.idle();
    expect(cluster.peek(CONFIGMAPS, 'ns', 'a')).toBeDefined();
    expect(cluster.writes).toEqual(['delete configmaps b Background']);
  });

  it('watches what discovery serves with list, watch and delete, less events', async () => {
    const collector = await started(new FakeCluster());
    expect([...collector.informers.keys()].sort()).toEqual(['configmaps', 'deployments.apps', 'namespaces', 'nodes', 'pods', 'replicasets.apps']);
  });

  it('rediscovery watches a resource discovery did not serve before, and collects its dependents of deleted owners', async () => {
    const cluster = new FakeCluster(SERVED_RESOURCES.filter((r) => r.resource !== 'pods'));
    cluster.create(CONFIGMAPS, cm('owner'));
    cluster.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', ownerReferences: [ref('owner')] } });
    const collector = await started(cluster);
    await cluster.userDelete(CONFIGMAPS, 'ns', 'owner');
    expect(collector.informers.has('pods')).toBe(false);
    expect(await collector.rediscover()).toEqual([]);

    cluster.serve(SERVED_RESOURCES.find((r) => r.resource === 'pods')!);
    expect((await collector.rediscover()).map((r) => r.resource)).toEqual(['pods']);
    expect(collector.resources.forKind('v1', 'Pod')?.resource).toBe('pods');
    await eventually('the pod of the deleted owner collected', () => !cluster.peek(PODS, 'ns', 'p'));
    expect(cluster.writes).toEqual(['delete pods p Background']);
  });
});
