import type { KubeObject } from '@kubeledger/api';
import { waitUntil } from '@kubeledger/bus/testing';
import { DEPLOYMENTS, EVENTS, REPLICASETS , SharedInformers } from '@kubeledger/client';
import { afterEach, describe, expect, it } from 'vitest';
import { DeploymentController } from './deployment.controller.js';
import { deploymentObject } from './testing/fake-cluster.js';
import { InMemoryApi } from '../controller-utils/testing/in-memory-api.js';

const status = (o: KubeObject | undefined) => (o?.['status'] ?? {}) as { observedGeneration?: number; availableReplicas?: number; conditions?: Array<{ type: string; reason: string }> };

describe('DeploymentController (wiring: informers → handlers → queue → reconcile → client)', () => {
  let controller: DeploymentController | undefined;
  let informers: SharedInformers | undefined;
  afterEach(async () => {
    await controller?.stop();
    await informers?.stop();
  });

  it('creates the ReplicaSet of a Deployment it lists, and completes the rollout once the ReplicaSet reports its pods', async () => {
    const api = new InMemoryApi();
    await api.client.create(DEPLOYMENTS, 'ns', deploymentObject());
    informers = new SharedInformers({ client: api.client, bus: api.subscribe });
    controller = new DeploymentController({ informers, client: api.client, workers: 2, log: () => undefined });
    expect(await controller.start()).toBe(true);
    controller.run();

    await waitUntil(() => api.all(REPLICASETS).length === 1 && status(api.all(DEPLOYMENTS)[0]).observedGeneration !== undefined, 5000, 'the ReplicaSet and a status');
    const [rs] = api.all(REPLICASETS);
    expect(rs?.metadata?.labels?.['pod-template-hash']).toBeTruthy();
    expect(rs?.metadata?.['annotations']).toMatchObject({ 'deployment.kubernetes.io/revision': '1' });

    // The ReplicaSet controller's part: its pods are up.
    await api.client.updateStatus(REPLICASETS, 'ns', { ...rs!, status: { replicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 } });
    await waitUntil(() => status(api.all(DEPLOYMENTS)[0]).conditions?.some((c) => c.reason === 'NewReplicaSetAvailable') ?? false, 5000, 'the rollout to complete');
    expect(status(api.all(DEPLOYMENTS)[0])).toMatchObject({ availableReplicas: 3, observedGeneration: api.all(DEPLOYMENTS)[0]?.metadata?.['generation'] });
    await controller.queue.idle();
    await controller.recorder.flush();
    expect(api.all(EVENTS).map((e) => [e['reason'], e['message']])).toEqual([['ScalingReplicaSet', `Scaled up replica set ${rs?.metadata?.name} to 3 from 0`]]);
    expect(api.all(EVENTS)[0]?.['involvedObject']).toMatchObject({ kind: 'Deployment', name: 'web', namespace: 'ns' });
    expect(api.calls.filter((c) => c === 'create replicasets')).toHaveLength(1);
  });
});
