import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { waitUntil } from '@kubeledger/bus/testing';
import { EVENTS, KubeClient, LEASES, loadKubeconfig, NODES, PODS, type Lease } from '@kubeledger/client';
import { componentKubeconfig, startApiserver, startComponent, type ApiserverProcess, type ComponentProcess } from '@kubeledger/test-cluster';
import { Kubectl } from './support/kubectl.js';

interface Pod extends KubeObject {
  spec?: { nodeName?: string; schedulerName?: string };
  status?: { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
}

interface CoreEvent extends KubeObject {
  involvedObject?: { name?: string; kind?: string; uid?: string };
  reason?: string;
  message?: string;
  type?: string;
}

const NS = 'default';
const READY = /\[scheduler\] ready \(/;

const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: {} });
const nodeStatus = (cpu: string) => ({
  capacity: { cpu, memory: '16Gi', pods: '110' },
  allocatable: { cpu, memory: '16Gi', pods: '110' },
  conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }],
});
const pod = (name: string, cpu = '50m', extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS, labels: { app: name.replace(/-\d+$/, '') } },
  spec: { containers: [{ name: 'app', image: 'registry.example/app:1.0', resources: { requests: { cpu, memory: '16Mi' } } }], ...extra },
});

/**
 * The scheduler process (services/scheduler) against the real apiserver process, with its own
 * identity `system:kube-scheduler` and the RBAC the apiserver bootstraps for it (DESIGN §1, §5).
 */
describe('scheduler: binds pods to nodes through pods/binding', () => {
  let server: ApiserverProcess;
  let admin: KubeClient;
  let kubectl: Kubectl;
  let schedulerKubeconfig: string;
  let scheduler: ComponentProcess;
  const schedulerOutput: string[] = [];

  const pods = async () => (await admin.list<Pod>(PODS, { namespace: NS })).items;
  const getPod = (name: string) => admin.get<Pod>(PODS, NS, name);
  const events = async (podName: string) => (await admin.list<CoreEvent>(EVENTS, { namespace: NS })).items.filter((e) => e.involvedObject?.name === podName);
  const createNode = async (name: string, cpu: string) => {
    await admin.create(NODES, undefined, node(name));
    await admin.patch(NODES, undefined, name, { status: nodeStatus(cpu) }, 'merge', { subresource: 'status' });
  };
  const waitBound = (names: readonly string[], timeoutMs = 30_000) =>
    waitUntil(
      async () => {
        const byName = new Map((await pods()).map((p) => [p.metadata?.name, p]));
        return names.every((n) => byName.get(n)?.spec?.nodeName);
      },
      timeoutMs,
      `${names.length} pods bound`,
    );
  const start = async (env: Record<string, string> = {}) => {
    const process = await startComponent('scheduler', server, schedulerKubeconfig, { KUBELEDGER_SCHEDULER_MAX_UNSCHEDULABLE_SECONDS: '30', ...env }, READY);
    return process;
  };

  beforeAll(async () => {
    // No controller-manager creates the `default` ServiceAccount here: the ServiceAccount admission plugin would refuse pods.
    server = await startApiserver({ KUBELEDGER_DISABLE_ADMISSION_PLUGINS: 'ServiceAccount' });
    admin = new KubeClient({ ...loadKubeconfig(server.kubeconfig), userAgent: 'kubeledger-e2e-scheduler/0.1.0' });
    kubectl = new Kubectl(server.kubeconfig);
    for (const name of ['node-a', 'node-b', 'node-c']) await createNode(name, '4');
    schedulerKubeconfig = await componentKubeconfig(server, 'system:kube-scheduler');
    scheduler = await start();
  });

  afterAll(async () => {
    if (scheduler) {
      schedulerOutput.push(...scheduler.output);
      await scheduler.stop();
    }
    kubectl?.dispose();
    await admin?.close();
    await server?.stop();
  });

  it('binds a burst of 30 pods, spread over the 3 nodes, with a Scheduled event each; kubectl shows the NODE', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
    await Promise.all(names.map((n) => admin.create(PODS, NS, pod(n))));
    await waitBound(names);

    const perNode = new Map<string, number>();
    for (const p of await pods()) if (names.includes(p.metadata!.name!)) perNode.set(p.spec!.nodeName!, (perNode.get(p.spec!.nodeName!) ?? 0) + 1);
    console.log(`[e2e] burst spread: ${JSON.stringify(Object.fromEntries(perNode))}`);
    expect([...perNode.keys()].sort()).toEqual(['node-a', 'node-b', 'node-c']);
    // Least allocated + balanced, with assumed pods counted: an even spread, not a pile on one node.
    expect(Math.max(...perNode.values()) - Math.min(...perNode.values())).toBeLessThanOrEqual(2);

    const bound = await getPod('burst-0');
    expect(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
    await waitUntil(async () => (await events('burst-0')).some((e) => e.reason === 'Scheduled'), 10_000, 'the Scheduled event');
    const scheduled = (await events('burst-0')).find((e) => e.reason === 'Scheduled')!;
    expect(scheduled.message).toBe(`Successfully assigned default/burst-0 to ${bound.spec!.nodeName}`);
    expect(scheduled.type).toBe('Normal');
    expect(scheduled.involvedObject?.kind).toBe('Pod');

    const wide = await kubectl.ok('get', 'pods', '-o', 'wide');
    expect(wide.split('\n')[0]).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s/);
    expect(wide).toMatch(new RegExp(`burst-0\\s.*\\s${bound.spec!.nodeName}\\s`));
  });

  it('places nothing on a cordoned node', async () => {
    await admin.patch(NODES, undefined, 'node-c', { spec: { unschedulable: true } }, 'merge');
    // Give the scheduler's node informer a moment to see the cordon before the pods arrive.
    await new Promise((r) => setTimeout(r, 300));
    const names = Array.from({ length: 8 }, (_, i) => `cordon-${i}`);
    await Promise.all(names.map((n) => admin.create(PODS, NS, pod(n))));
    await waitBound(names);
    const placed = (await pods()).filter((p) => names.includes(p.metadata!.name!)).map((p) => p.spec!.nodeName);
    expect(placed).not.toContain('node-c');
    expect(new Set(placed)).toEqual(new Set(['node-a', 'node-b']));
    await admin.patch(NODES, undefined, 'node-c', { spec: { unschedulable: null } }, 'merge');
  });

  it('a pod that fits nowhere stays Pending with PodScheduled=False and FailedScheduling, and is bound once a big node joins', async () => {
    const message =
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    await new Promise((r) => setTimeout(r, 300)); // the uncordon reaches the scheduler
    await admin.create(PODS, NS, pod('huge', '16'));
    await waitUntil(async () => (await getPod('huge')).status?.conditions?.some((c) => c.type === 'PodScheduled') ?? false, 15_000, 'PodScheduled on huge');
    const pending = await getPod('huge');
    expect(pending.spec?.nodeName).toBeUndefined();
    expect(pending.status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message });
    await waitUntil(async () => (await events('huge')).some((e) => e.reason === 'FailedScheduling'), 10_000, 'the FailedScheduling event');
    expect((await events('huge')).find((e) => e.reason === 'FailedScheduling')).toMatchObject({ type: 'Warning', message });

    const described = await kubectl.ok('describe', 'pod', 'huge');
    expect(described).toMatch(/Status:\s+Pending/);
    expect(described).toMatch(/Warning\s+FailedScheduling\s+.*default-scheduler\s+0\/3 nodes are available: 3 Insufficient cpu\./);

    await createNode('node-big', '32');
    await waitBound(['huge'], 15_000);
    const bound = await getPod('huge');
    expect(bound.spec?.nodeName).toBe('node-big');
    expect(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
    await waitUntil(async () => (await events('huge')).some((e) => e.reason === 'Scheduled'), 10_000, 'the Scheduled event');
  });

  it('leaves a pod of another scheduler alone', async () => {
    await admin.create(PODS, NS, pod('other-sched', '50m', { schedulerName: 'other' }));
    await admin.create(PODS, NS, pod('after-other'));
    await waitBound(['after-other']);
    await new Promise((r) => setTimeout(r, 500));
    const other = await getPod('other-sched');
    expect(other.spec?.nodeName).toBeUndefined();
    expect(other.status?.conditions?.find((c) => c.type === 'PodScheduled')).toBeUndefined();
    expect(await events('other-sched')).toEqual([]);
  });

  it('killed with SIGKILL mid-burst and started again, binds every pod exactly once', async () => {
    const names = Array.from({ length: 80 }, (_, i) => `restart-${i}`);
    const creating = (async () => {
      for (let i = 0; i < names.length; i += 8) await Promise.all(names.slice(i, i + 8).map((n) => admin.create(PODS, NS, pod(n, '10m'))));
    })();
    await waitUntil(async () => (await pods()).filter((p) => p.metadata!.name!.startsWith('restart-') && p.spec?.nodeName).length >= 5, 20_000, 'the first restart- pods bound');
    schedulerOutput.push(...scheduler.output);
    await scheduler.kill();
    await creating;
    const atKill = new Map((await pods()).filter((p) => names.includes(p.metadata!.name!) && p.spec?.nodeName).map((p) => [p.metadata!.name!, p.spec!.nodeName!]));
    console.log(`[e2e] ${atKill.size}/${names.length} restart- pods were bound when the scheduler was killed`);
    expect(atKill.size).toBeGreaterThan(0);
    expect(atKill.size).toBeLessThan(names.length); // killed mid-burst

    scheduler = await start();
    await waitBound(names);
    const after = new Map((await pods()).filter((p) => names.includes(p.metadata!.name!)).map((p) => [p.metadata!.name!, p.spec!.nodeName!]));
    // A pod bound before the crash keeps its node: nothing rebinds it (the binding subresource answers 409).
    for (const [name, nodeName] of atKill) expect(after.get(name)).toBe(nodeName);
    // At most one Scheduled event per pod.
    const all = (await admin.list<CoreEvent>(EVENTS, { namespace: NS })).items;
    for (const name of names) expect(all.filter((e) => e.involvedObject?.name === name && e.reason === 'Scheduled').reduce((n, e) => n + ((e['count'] as number | undefined) ?? 1), 0)).toBeLessThanOrEqual(1);
    // No binding failed other than as a conflict (logged as "not binding"), in either process.
    const lines = [...schedulerOutput, ...scheduler.output];
    expect(lines.filter((l) => /binding .* failed|scheduling .* failed/.test(l))).toEqual([]);
    // The pod of the other scheduler is still left alone after the restart.
    expect((await getPod('other-sched')).spec?.nodeName).toBeUndefined();
  });

  it('stops cleanly on SIGTERM', async () => {
    const code = await scheduler.stop();
    expect(code).toBe(0);
    expect(scheduler.output.some((l) => /\[scheduler\] stopped/.test(l))).toBe(true);
    schedulerOutput.push(...scheduler.output);
    scheduler = await start();
  });
});

describe('scheduler: two replicas with leader election on the Lease kube-system/kube-scheduler', () => {
  let server: ApiserverProcess;
  let admin: KubeClient;
  const replicas: ComponentProcess[] = [];
  const env = (identity: string) => ({
    KUBELEDGER_SCHEDULER_LEADER_ELECT: 'true',
    KUBELEDGER_SCHEDULER_IDENTITY: identity,
    KUBELEDGER_SCHEDULER_LEASE_DURATION_SECONDS: '3',
    KUBELEDGER_SCHEDULER_RENEW_DEADLINE_SECONDS: '2',
    KUBELEDGER_SCHEDULER_RETRY_PERIOD_SECONDS: '0.5',
  });
  const nodeOf = async (name: string) => (await admin.get<Pod>(PODS, NS, name)).spec?.nodeName;

  beforeAll(async () => {
    // No controller-manager creates the `default` ServiceAccount here: the ServiceAccount admission plugin would refuse pods.
    server = await startApiserver({ KUBELEDGER_DISABLE_ADMISSION_PLUGINS: 'ServiceAccount' });
    admin = new KubeClient({ ...loadKubeconfig(server.kubeconfig), userAgent: 'kubeledger-e2e-scheduler/0.1.0' });
    await admin.create(NODES, undefined, node('node-a'));
    await admin.patch(NODES, undefined, 'node-a', { status: nodeStatus('4') }, 'merge', { subresource: 'status' });
    const kubeconfig = await componentKubeconfig(server, 'system:kube-scheduler');
    replicas.push(await startComponent('scheduler', server, kubeconfig, env('replica-1'), READY));
    await replicas[0]!.waitForOutput(/leader is replica-1/, 10_000);
    replicas.push(await startComponent('scheduler', server, kubeconfig, env('replica-2'), READY));
  });

  afterAll(async () => {
    for (const r of replicas) await r.stop();
    await admin?.close();
    await server?.stop();
  });

  it('one replica leads and schedules; when it is killed the other takes the lease over and schedules', async () => {
    const lease = await admin.get<Lease>(LEASES, 'kube-system', 'kube-scheduler');
    expect(lease.spec).toMatchObject({ holderIdentity: 'replica-1', leaseDurationSeconds: 3, leaseTransitions: 0 });
    expect(lease.spec?.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await replicas[1]!.waitForOutput(/leader is replica-1/, 10_000);

    await admin.create(PODS, NS, pod('led-by-1'));
    await waitUntil(async () => Boolean(await nodeOf('led-by-1')), 15_000, 'led-by-1 bound');
    expect(replicas[1]!.output.some((l) => /became leader/.test(l))).toBe(false);

    await replicas[0]!.kill();
    await admin.create(PODS, NS, pod('led-by-2'));
    await replicas[1]!.waitForOutput(/replica-2 became leader/, 15_000);
    await waitUntil(async () => Boolean(await nodeOf('led-by-2')), 15_000, 'led-by-2 bound');
    const taken = await admin.get<Lease>(LEASES, 'kube-system', 'kube-scheduler');
    expect(taken.spec).toMatchObject({ holderIdentity: 'replica-2', leaseTransitions: 1 });
  });

  it('a leader stopped with SIGTERM releases the lease', async () => {
    expect(await replicas[1]!.stop()).toBe(0);
    const released = await admin.get<Lease>(LEASES, 'kube-system', 'kube-scheduler');
    expect(released.spec?.holderIdentity ?? '').toBe('');
  });
});
