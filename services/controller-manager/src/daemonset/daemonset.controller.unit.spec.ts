import type { KubeObject } from '@kubeledger/api';
import { waitUntil } from '@kubeledger/bus/testing';
import { CONTROLLERREVISIONS, DAEMONSETS, EVENTS, NODES, PODS , SharedInformers } from '@kubeledger/client';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryApi } from '../controller-utils/testing/in-memory-api.js';
import { targetNodeName } from './daemon-pod.js';
import { DaemonSetController } from './daemonset.controller.js';
import { daemonSet, node } from './testing/daemonset-objects.js';

const status = (o: KubeObject | undefined) => (o?.['status'] ?? {}) as Record<string, number>;

describe('DaemonSetController (wiring: informers → handlers → queue → reconcile → client)', () => {
  let controller: DaemonSetController | undefined;
  let informers: SharedInformers | undefined;
  afterEach(async () => {
    await controller?.stop();
    await informers?.stop();
  });

  it('puts a pod on each node it lists and on a node added later, with one revision, events and a status', async () => {
    const api = new InMemoryApi();
    let generated = 0;
    // The in-memory api does not generate names: the apiserver's part, done here.
    const client = {
      ...api.client,
      create: (async (ref, namespace, object) => {
        const generateName = object.metadata?.['generateName'] as string | undefined;
        const named = generateName && !object.metadata?.name ? { ...object, metadata: { ...object.metadata, name: `${generateName}${String(++generated).padStart(5, '0')}` } } : object;
        return api.client.create(ref, namespace, named);
      }) as typeof api.client.create,
    };
    const { uid: _uid, resourceVersion: _rv, ...meta } = daemonSet().metadata!;
    await api.client.create(DAEMONSETS, 'ns', { ...daemonSet(), metadata: meta });
    for (const name of ['a', 'b']) await api.client.create(NODES, undefined, node(name));
    informers = new SharedInformers({ client, bus: api.subscribe });
    controller = new DaemonSetController({ informers, client, workers: 2, log: () => undefined });
    expect(await controller.start()).toBe(true);
    controller.run();

    const nodesWithPods = () => api.all(PODS).map(targetNodeName).sort().join();
    await waitUntil(() => nodesWithPods() === 'a,b' && status(api.all(DAEMONSETS)[0])['desiredNumberScheduled'] === 2, 5000, 'pods on a and b');
    expect(api.all(CONTROLLERREVISIONS)).toHaveLength(1);
    expect(api.all(CONTROLLERREVISIONS)[0]).toMatchObject({ revision: 1, metadata: { name: `web-${api.all(PODS)[0]?.metadata?.labels?.['controller-revision-hash']}` } });

    await api.client.create(NODES, undefined, node('c'));
    await waitUntil(() => nodesWithPods() === 'a,b,c' && status(api.all(DAEMONSETS)[0])['desiredNumberScheduled'] === 3, 5000, 'a pod on c');
    await controller.queue.idle();
    await controller.recorder.flush();
    expect(api.calls.filter((c) => c === 'create pods')).toHaveLength(3);
    expect(api.all(EVENTS).map((e) => e['reason'])).toEqual(['SuccessfulCreate', 'SuccessfulCreate', 'SuccessfulCreate']);
    expect(api.all(EVENTS)[0]?.['involvedObject']).toMatchObject({ kind: 'DaemonSet', name: 'web', namespace: 'ns' });
  });
});
