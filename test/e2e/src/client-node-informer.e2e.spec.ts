import { ADD, CONNECT, CoreV1Api, DELETE, KubeConfig, PatchStrategy, UPDATE, makeInformer, setHeaderOptions, type V1ConfigMap } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '@kubeledger/bus/testing';
import { useCluster } from './support/use-cluster.js';

describe('@kubernetes/client-node 2.0 informer', () => {
  // Watches end after 2 to 4 s (upstream's --min-request-timeout, shortened), the watch cache keeps
  // a window of 2 to 4 events, and the log is compacted every second: a stale watch gets a 410.
  const { server } = useCluster({ KUBELEDGER_MIN_REQUEST_TIMEOUT: '2', KUBELEDGER_WATCH_CACHE_CAPACITY: '2', KUBELEDGER_COMPACTION_INTERVAL: '1' });

  it('lists, watches, re-watches after the server ends a watch, and relists after a 410', { timeout: 90_000 }, async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(server().kubeconfig); // the admin kubeconfig the apiserver wrote: its CA and a client certificate
    const api = kc.makeApiClient(CoreV1Api);
    const namespace = 'default';
    const cm = (name: string, app: string, value = 'v'): V1ConfigMap => ({ metadata: { name, labels: { app } }, data: { value } });
    await api.createNamespacedConfigMap({ namespace, body: cm('before', 'informer') });

    let lists = 0;
    let connects = 0;
    const seen: string[] = [];
    const errors: unknown[] = [];
    const informer = makeInformer(
      kc,
      `/api/v1/namespaces/${namespace}/configmaps`,
      () => {
        lists++;
        return api.listNamespacedConfigMap({ namespace, labelSelector: 'app=informer' });
      },
      'app=informer',
    );
    informer.on(ADD, (o) => seen.push(`add ${o.metadata?.name}`));
    informer.on(UPDATE, (o) => seen.push(`update ${o.metadata?.name} ${o.data?.['value']}`));
    informer.on(DELETE, (o) => seen.push(`delete ${o.metadata?.name}`));
    informer.on(CONNECT, () => connects++);
    informer.on('error', (err) => errors.push(err));
    await informer.start();
    try {
      await waitUntil(() => seen.includes('add before'), 10_000, 'the listed object');
      expect(lists).toBe(1);

      await api.createNamespacedConfigMap({ namespace, body: cm('live', 'informer') });
      await api.patchNamespacedConfigMap({ namespace, name: 'live', body: { data: { value: 'changed' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      await api.deleteNamespacedConfigMap({ namespace, name: 'before' });
      await waitUntil(() => seen.includes('delete before'), 10_000, 'watched add, update and delete');
      expect(seen).toEqual(['add before', 'add live', 'update live changed', 'delete before']);

      // The server ends the watch after 2-4 s; the informer watches again from its resourceVersion, without a list.
      await waitUntil(() => connects >= 2, 15_000, 'a re-watch after the server ended the watch');
      expect(lists).toBe(1);
      await api.createNamespacedConfigMap({ namespace, body: cm('after-timeout', 'informer') });
      await waitUntil(() => seen.includes('add after-timeout'), 15_000, 'an event on the new watch');

      // Writes the informer does not see move the log on; compaction passes its resourceVersion, so its
      // next watch ends with ERROR 410, and it lists again.
      for (let i = 0; i < 10; i++) await api.createNamespacedConfigMap({ namespace, body: cm(`other-${i}`, 'someone-else') });
      await waitUntil(() => lists >= 2, 40_000, 'a relist after 410 Gone');
      await api.createNamespacedConfigMap({ namespace, body: cm('after-relist', 'informer') });
      await waitUntil(() => seen.includes('add after-relist'), 15_000, 'an event after the relist');
      expect(informer.list(namespace).map((o) => o.metadata?.name).sort()).toEqual(['after-relist', 'after-timeout', 'live']);
      expect(errors).toEqual([]);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nseen: ${seen.join(', ')}; lists: ${lists}; connects: ${connects}; errors: ${errors.map(String).join(', ')}\napiserver:\n${server().output.slice(-15).join('\n')}`);
    } finally {
      await informer.stop();
    }
  });
});
