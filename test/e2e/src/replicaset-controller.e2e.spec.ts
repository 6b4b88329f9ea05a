import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { waitUntil } from '@kubeledger/bus/testing';
import { EVENTS, KubeClient, loadKubeconfig, PODS, REPLICASETS } from '@kubeledger/client';
import { componentKubeconfig, startApiserver, startComponent, type ApiserverProcess, type ComponentProcess } from '@kubeledger/test-cluster';

const NS = 'default';
const READY = /\[controller-manager\] ready \(/;
const COMPONENT = 'controller-manager';

const replicaSet = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: NS },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0' }] } },
  },
});

interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}
const ownerRefsOf = (o: KubeObject) => (o.metadata?.['ownerReferences'] ?? []) as OwnerRef[];

/**
 * The ReplicaSet controller in the controller-manager process, against the real apiserver as
 * system:kube-controller-manager with the RBAC the apiserver bootstraps: pods created with
 * controller references and no duplicates (also across a crash mid scale-up), scale-down
 * (unscheduled pods first), adoption and release, and the status.
 */
describe('controller-manager: ReplicaSets', () => {
  let server: ApiserverProcess;
  let admin: KubeClient;
  let kubeconfig: string;
  let cm: ComponentProcess | undefined;
  const outputs: string[] = [];

  const podsOf = async (rsName: string): Promise<KubeObject[]> => {
    const rs = await admin.get(REPLICASETS, NS, rsName);
    const { items } = await admin.list(PODS, { namespace: NS });
    return items.filter((p) => !p.metadata?.['deletionTimestamp'] && ownerRefsOf(p).some((r) => r.controller && r.uid === rs.metadata?.uid));
  };
  const statusOf = async (rsName: string) => ((await admin.get(REPLICASETS, NS, rsName))['status'] ?? {}) as { replicas?: number; observedGeneration?: number; readyReplicas?: number };
  const eventsOf = async (rsName: string, reason: string) =>
    (await admin.list(EVENTS, { namespace: NS })).items.filter((e) => (e['involvedObject'] as { name?: string }).name === rsName && e['reason'] === reason);
  const startControllerManager = async () => {
    cm = await startComponent(COMPONENT, server, kubeconfig, { KUBELEDGER_CONTROLLER_RETRY_SECONDS: '0.2' }, READY);
  };
  const stopControllerManager = async (how: 'stop' | 'kill') => {
    if (!cm) return;
    if (how === 'stop') expect(await cm.stop()).toBe(0);
    else await cm.kill();
    outputs.push(...cm.output);
    cm = undefined;
  };

  beforeAll(async () => {
    server = await startApiserver();
    admin = new KubeClient({ ...loadKubeconfig(server.kubeconfig), userAgent: 'kubeledger-e2e-replicaset/0.1.0' });
    kubeconfig = await componentKubeconfig(server, 'system:kube-controller-manager');
    await startControllerManager();
  });

  afterAll(async () => {
    if (cm) {
      const code = await cm.stop();
      if (code !== 0) console.log(cm.output.slice(-40).join('\n'));
    }
    await admin?.close();
    await server?.stop();
  });

  it('creates the pods a new ReplicaSet asks for, each owned by it, and no more', async () => {
    await admin.create(REPLICASETS, NS, replicaSet('web', 3));
    await waitUntil(async () => (await statusOf('web')).replicas === 3, 30_000, 'web: status.replicas 3');
    await waitUntil(async () => (await eventsOf('web', 'SuccessfulCreate')).length === 3, 30_000, 'web: three SuccessfulCreate events');
    const rs = await admin.get(REPLICASETS, NS, 'web');
    const pods = await podsOf('web');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(pod.metadata?.labels).toEqual({ app: 'web' });
      expect(ownerRefsOf(pod)).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata?.uid, controller: true, blockOwnerDeletion: true }]);
    }
    expect((await admin.list(PODS, { namespace: NS, labelSelector: 'app=web' })).items).toHaveLength(3);
    expect(await statusOf('web')).toMatchObject({ replicas: 3, observedGeneration: 1 });
  });

  it('scales down, deleting the unscheduled pods before a bound and ready one', async () => {
    const [keep] = await podsOf('web');
    const name = keep!.metadata!.name!;
    await admin.createSubresource(PODS, NS, name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: 'worker-1' } });
    const bound = await admin.get(PODS, NS, name);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await admin.updateStatus(PODS, NS, { ...bound, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] } });
    await waitUntil(async () => (await statusOf('web')).readyReplicas === 1, 30_000, 'web: one ready replica');

    await admin.patch(REPLICASETS, NS, 'web', { spec: { replicas: 1 } }, 'merge');
    await waitUntil(async () => (await podsOf('web')).length === 1 && (await statusOf('web')).replicas === 1, 30_000, 'web scaled down to 1');
    expect((await podsOf('web')).map((p) => p.metadata?.name)).toEqual([name]);
    expect(await statusOf('web')).toMatchObject({ replicas: 1, readyReplicas: 1, observedGeneration: 2 });
    await waitUntil(async () => (await eventsOf('web', 'SuccessfulDelete')).length === 2, 30_000, 'web: two SuccessfulDelete events');
  });

  it('releases a pod relabelled out of its selector, and replaces it', async () => {
    const [pod] = await podsOf('web');
    await admin.patch(PODS, NS, pod!.metadata!.name!, { metadata: { labels: { app: 'debug' } } }, 'merge');
    await waitUntil(async () => ownerRefsOf(await admin.get(PODS, NS, pod!.metadata!.name!)).length === 0, 30_000, 'the relabelled pod released');
    await waitUntil(async () => (await podsOf('web')).length === 1 && (await statusOf('web')).replicas === 1, 30_000, 'a replacement for web');
    expect((await podsOf('web'))[0]!.metadata?.name).not.toBe(pod!.metadata!.name);
  });

  it('adopts a matching orphan instead of creating a pod', async () => {
    await admin.create(PODS, NS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-orphan', namespace: NS, labels: { app: 'api' } }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0' }] } });
    await admin.create(REPLICASETS, NS, replicaSet('api', 1));
    await waitUntil(async () => (await statusOf('api')).replicas === 1, 30_000, 'api: status.replicas 1');
    const rs = await admin.get(REPLICASETS, NS, 'api');
    expect(ownerRefsOf(await admin.get(PODS, NS, 'api-orphan'))).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api', uid: rs.metadata?.uid, controller: true, blockOwnerDeletion: true }]);
    expect((await podsOf('api')).map((p) => p.metadata?.name)).toEqual(['api-orphan']);
    expect(await eventsOf('api', 'SuccessfulCreate')).toEqual([]);
  });

  it('converges without duplicate pods when the controller-manager crashes in the middle of a scale-up', async () => {
    await admin.create(REPLICASETS, NS, replicaSet('big', 40));
    await waitUntil(async () => (await admin.list(PODS, { namespace: NS, labelSelector: 'app=big' })).items.length > 0, 30_000, 'big: first pods');
    await stopControllerManager('kill');
    await startControllerManager();
    await waitUntil(async () => (await statusOf('big')).replicas === 40, 60_000, 'big: status.replicas 40');
    expect(await podsOf('big')).toHaveLength(40);
    expect((await admin.list(PODS, { namespace: NS, labelSelector: 'app=big' })).items).toHaveLength(40);
    expect(await eventsOf('big', 'SuccessfulDelete')).toEqual([]);
  });

  it('logs no write forbidden by RBAC, and stops cleanly on SIGTERM', async () => {
    await stopControllerManager('stop');
    expect(outputs.filter((l) => /forbidden|Forbidden/.test(l))).toEqual([]);
  });
});
