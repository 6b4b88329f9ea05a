import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBus, subscribeEvents, type BusConnection } from '@kubeledger/bus';
import { startNatsServer, waitUntil, type TestNatsServer } from '@kubeledger/bus/testing';
import { createTestDatabase, type TestDatabase } from '@kubeledger/event-store/testing';
import { loadConfig } from '../config.js';
import { Registry } from '../registry/registry.js';
import { startStorage, type Storage } from './start-storage.js';

/**
 * The apiserver on a nats-server that enforces the generated per-component permissions: it runs
 * as `kubeledger-apiserver` (NATS_USER/NATS_PASSWORD), its relay publishes, its watch cache
 * follows, and a kubelet's NATS user receives its own node's pods and nothing else.
 */
describe('storage on a NATS server with per-component users', () => {
  let nats: TestNatsServer;
  let database: TestDatabase;
  let storage: Storage;
  let kubeletBus: BusConnection | undefined;

  beforeAll(async () => {
    nats = await startNatsServer({ nodes: ['n1', 'n2'], prefix: 'k8s', stream: 'K8S' });
    database = await createTestDatabase('nats-auth');
    const apiserver = nats.user('kubeledger-apiserver');
    storage = await startStorage(loadConfig({ DATABASE_URL: database.url, NATS_URL: nats.url, NATS_USER: apiserver.user, NATS_PASSWORD: apiserver.password, KUBELEDGER_STREAM: 'K8S', KUBELEDGER_SUBJECT_PREFIX: 'k8s' }));
    await waitUntil(() => storage.relay.stats().leader, 60_000, 'the relay to lead');
  });

  afterAll(async () => {
    await kubeletBus?.close();
    await storage?.close();
    await nats?.stop();
    await database?.drop();
  });

  it('relays writes, follows them into the watch cache, and delivers a kubelet only its pods', async () => {
    const registry = new Registry(storage.store);
    const pods = registry.find('', 'v1', 'pods')!;
    const pod = (name: string, nodeName: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName, containers: [{ name: 'c', image: 'x' }] } });
    const ctx = { actor: { user: 'test' } };
    await registry.find('', 'v1', 'namespaces')!.create('', { metadata: { name: 'default' } }, ctx).catch(() => undefined);
    await pods.create('default', pod('on-n2', 'n2'), ctx);
    const mine = await pods.create('default', pod('on-n1', 'n1'), ctx);
    await registry.find('', 'v1', 'secrets')!.create('default', { metadata: { name: 'hidden' }, stringData: { k: 'v' } }, ctx);
    const rv = Number(mine.metadata!.resourceVersion);
    await waitUntil(() => storage.watchCache.revision >= rv, 10_000, 'the watch cache to follow the relay');

    kubeletBus = await connectBus(nats.busConfig('kubeledger-kubelet-n1'), { name: 'kubelet-n1' });
    const seen: string[] = [];
    const subscription = await subscribeEvents(kubeletBus, { fromRevision: 0, filter: { group: '', resource: 'pods', node: 'n1' } });
    for await (const event of subscription) {
      seen.push(event.ref.name);
      if (event.revision >= rv) break;
    }
    await subscription.close();
    expect(seen).toEqual(['on-n1']);
    await expect(subscribeEvents(kubeletBus, { fromRevision: 0, filter: { group: '', resource: 'secrets' } })).rejects.toThrow(/permission/i);
  });
});
