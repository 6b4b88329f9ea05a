import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { connectBus, subscribeEvents, type BusConnection, type BusEvent } from '@kubeledger/bus';
import { waitUntil } from '@kubeledger/bus/testing';
import {
  IndexNames,
  KubeClient,
  PODS,
  deletedObject,
  isDeletedFinalStateUnknown,
  loadKubeconfig,
  nodeNameIndexer,
  resourceInformer,
  type EventSource,
  type Informer,
} from '@kubeledger/client';
import { startApiserver, type ApiserverProcess } from '@kubeledger/test-cluster';

interface Pod extends KubeObject {
  spec?: { nodeName?: string; containers: Array<{ name: string; image: string }> };
}

const pod = (name: string, nodeName?: string, labels: Record<string, string> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { ...(nodeName && { nodeName }), containers: [{ name: 'c', image: 'busybox' }] },
});

/** `subscribeEvents` on `conn`, keeping every event the informer consumed. */
function recordingSource(conn: BusConnection, consumed: BusEvent[]): EventSource {
  return async (options) => {
    const sub = await subscribeEvents(conn, options);
    return {
      close: () => sub.close(),
      async *[Symbol.asyncIterator]() {
        for await (const event of sub) {
          consumed.push(event);
          yield event;
        }
      },
    };
  };
}

/**
 * The informer of @kubeledger/client against the real apiserver process: LIST over HTTPS with the
 * admin's client certificate, then the apiserver's own stream on NATS, as a kubelet follows its
 * node's pods (DESIGN §3, §5).
 */
describe('@kubeledger/client informer against the real apiserver', () => {
  const namespace = 'default';
  let server: ApiserverProcess;
  let client: KubeClient;
  let conn: BusConnection;

  beforeAll(async () => {
    // No controller-manager creates the `default` ServiceAccount here: the ServiceAccount admission plugin would refuse pods.
    server = await startApiserver({ KUBELEDGER_DISABLE_ADMISSION_PLUGINS: 'ServiceAccount' });
    client = new KubeClient({ ...loadKubeconfig(server.kubeconfig), userAgent: 'kubeledger-e2e-informer/0.1.0' });
    conn = await connectBus(server.bus, { name: 'e2e-informer' });
  });
  afterAll(async () => {
    await conn?.close();
    await client?.close();
    await server?.stop();
  });

  it("follows node n1's pods: created on n1, bound to n1, updated, deleted; never n2's", { timeout: 90_000 }, async () => {
    await client.create(PODS, namespace, pod('before-n1', 'n1'));
    await client.create(PODS, namespace, pod('before-n2', 'n2'));

    const consumed: BusEvent[] = [];
    const lines: string[] = [];
    const informer: Informer<Pod> = resourceInformer<Pod>({
      client,
      bus: recordingSource(conn, consumed),
      resource: PODS,
      fieldSelector: 'spec.nodeName=n1',
      indexers: { [IndexNames.nodeName]: nodeNameIndexer() },
    });
    informer.addEventHandler({
      onAdd: (o, initial) => lines.push(`add ${o.metadata?.name}${initial ? ' (initial)' : ''}`),
      onUpdate: (old, now) => lines.push(`update ${now.metadata?.name} ${old.metadata?.resourceVersion}->${now.metadata?.resourceVersion}`),
      onDelete: (o) => lines.push(`${isDeletedFinalStateUnknown(o) ? 'delete?' : 'delete'} ${deletedObject(o).metadata?.name}`),
    });
    try {
      await informer.start();
      expect(lines).toEqual(['add before-n1 (initial)']);

      const web = await client.create(PODS, namespace, pod('web', 'n1'));
      await client.create(PODS, namespace, pod('other', 'n2'));
      const pending = await client.create(PODS, namespace, pod('pending'));
      await client.createSubresource(PODS, namespace, 'pending', 'binding', {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'pending', namespace },
        target: { apiVersion: 'v1', kind: 'Node', name: 'n1' },
      });
      const labelled = await client.patch<Pod>(PODS, namespace, 'web', { metadata: { labels: { tier: 'frontend' } } }, 'merge');
      await client.patch(PODS, namespace, 'other', { metadata: { labels: { tier: 'backend' } } }, 'merge');
      // A pod on a node is deleted gracefully (deletionTimestamp set, MODIFIED), then for good.
      await client.delete(PODS, namespace, 'web');
      await client.delete(PODS, namespace, 'web', { gracePeriodSeconds: 0 });
      await client.delete(PODS, namespace, 'other', { gracePeriodSeconds: 0 });
      const last = await client.create(PODS, namespace, pod('last', 'n1'));

      await waitUntil(() => informer.get(namespace, 'last') !== undefined, 20_000, 'the last pod on n1');
      const seen = lines.slice(1);
      expect(seen.slice(0, 3)).toEqual([
        'add web',
        'add pending', // its binding: a MODIFIED on n1's subject, for an object the informer did not have
        `update web ${web.metadata?.resourceVersion}->${labelled.metadata?.resourceVersion}`,
      ]);
      // The graceful delete sets deletionTimestamp; the forced one shortens the grace period, then deletes.
      const deleting = seen.slice(3, -2);
      expect(deleting.length).toBeGreaterThanOrEqual(1);
      expect(deleting.every((l) => /^update web \d+->\d+$/.test(l))).toBe(true);
      expect(seen.slice(-2)).toEqual(['delete web', 'add last']);
      expect(informer.get(namespace, 'pending')?.spec?.nodeName).toBe('n1');
      expect(Number(informer.get(namespace, 'pending')?.metadata?.resourceVersion)).toBeGreaterThan(Number(pending.metadata?.resourceVersion));
      expect(informer.get(namespace, 'web')).toBeUndefined();
      expect(informer.lastSyncRevision).toBe(Number(last.metadata?.resourceVersion));

      // What it consumed from NATS: n1's pods only, in revision order.
      expect(consumed.every((e) => e.ref.resource === 'pods' && e.node === 'n1')).toBe(true);
      expect(consumed.map((e) => e.ref.name)).toEqual(['web', 'pending', 'web', ...deleting.map(() => 'web'), 'web', 'last']);
      expect(consumed.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'MODIFIED', ...deleting.map(() => 'MODIFIED'), 'DELETED', 'ADDED']);
      const revisions = consumed.map((e) => e.revision);
      expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
      expect(informer.list().map((o) => o.metadata?.name).sort()).toEqual(['before-n1', 'last', 'pending']);
      expect(
        informer
          .byIndex(IndexNames.nodeName, 'n1')
          .map((o) => o.metadata?.name)
          .sort(),
      ).toEqual(['before-n1', 'last', 'pending']);
      expect(informer.stats).toMatchObject({ lists: 1, subscriptions: 1 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\nlines: ${lines.join(', ')}\napiserver:\n${server.output.slice(-15).join('\n')}`, { cause: err });
    } finally {
      await informer.stop();
    }
  });
  it('applies a label selector on the client: objects that stop or start matching are deleted or added', { timeout: 60_000 }, async () => {
    const lines: string[] = [];
    const informer = resourceInformer<Pod>({ client, bus: conn, resource: PODS, namespace, labelSelector: 'app=web', resyncPeriodMs: 60_000 });
    informer.addEventHandler({
      onAdd: (o, initial) => lines.push(`add ${o.metadata?.name}${initial ? ' (initial)' : ''}`),
      onUpdate: (_old, now) => lines.push(`update ${now.metadata?.name} ${now.metadata?.labels?.['app']}`),
      onDelete: (o) => lines.push(`delete ${deletedObject(o).metadata?.name} ${deletedObject(o).metadata?.labels?.['app']}`),
    });
    try {
      await client.create(PODS, namespace, pod('labelled', undefined, { app: 'web' }));
      await informer.start();
      expect(lines).toEqual(['add labelled (initial)']);
      await client.patch(PODS, namespace, 'labelled', { metadata: { labels: { app: 'db' } } }, 'merge');
      await client.patch(PODS, namespace, 'labelled', { metadata: { labels: { app: 'web', x: 'y' } } }, 'merge');
      await client.patch(PODS, namespace, 'labelled', { metadata: { labels: { x: 'z' } } }, 'merge');
      await client.create(PODS, namespace, pod('unlabelled'));
      const done = await client.create(PODS, namespace, pod('web-2', undefined, { app: 'web' }));
      await waitUntil(() => informer.lastSyncRevision >= Number(done.metadata?.resourceVersion), 20_000, 'the last create');
      // The delete carries the state it had while it matched (upstream's watch does the same).
      expect(lines).toEqual(['add labelled (initial)', 'delete labelled web', 'add labelled', 'update labelled web', 'add web-2']);
      expect(informer.list().map((o) => o.metadata?.name).sort()).toEqual(['labelled', 'web-2']);
    } finally {
      await informer.stop();
    }
  });
});
