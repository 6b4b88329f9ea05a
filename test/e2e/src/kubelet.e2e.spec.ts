import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentKubeconfig, startComponent, type ComponentProcess } from '@kubeledger/test-cluster';
import { KubeClient, LEASES, loadKubeconfig, PODS } from '@kubeledger/client';
import type { KubeObject } from '@kubeledger/api';
import { useCluster } from './support/use-cluster.js';
import { eventually } from './support/eventually.js';

interface Pod extends KubeObject {
  status?: {
    phase?: string;
    podIP?: string;
    hostIP?: string;
    startTime?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; ready: boolean; restartCount: number; containerID?: string; imageID: string; state: { running?: { startedAt: string } } }[];
  };
}

const POD_CIDR = '127.128.1.0/24';
const KUBELET_ENV = {
  KUBELEDGER_NODE_NAME: 'node-1',
  KUBELEDGER_POD_CIDR: POD_CIDR,
  KUBELEDGER_NODE_LEASE_RENEW_INTERVAL: '1',
  KUBELEDGER_NODE_STATUS_INTERVAL: '2',
};

const podManifest = (name: string, nodeName: string, containers = ['c']) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName, containers: containers.map((c) => ({ name: c, image: 'nginx' })) } });

/**
 * The kubelet process (fake runtime) against the real apiserver, as system:node:node-1 in
 * system:nodes (the Node authorizer), observed with the real kubectl.
 */
describe('kubelet (fake runtime) against the real apiserver', () => {
  const cluster = useCluster();
  let kubeconfig: string;
  let kubelet: ComponentProcess | undefined;
  let admin: KubeClient;

  const apply = (manifest: string) => cluster.kubectl.ok('create', '-f', manifestFile(manifest));
  const getPod = (name: string) => admin.get<Pod>(PODS, 'default', name);
  const running = (name: string) =>
    eventually(async () => {
      const pod = await getPod(name);
      return pod.status?.phase === 'Running' && pod.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? pod : undefined;
    }, 20_000, `${name} Running and Ready`);

  beforeAll(async () => {
    kubeconfig = await componentKubeconfig(cluster.server(), 'system:node:node-1', ['system:nodes']);
    admin = new KubeClient(loadKubeconfig(cluster.server().kubeconfig));
    kubelet = await startComponent('kubelet', cluster.server(), kubeconfig, KUBELET_ENV, /\] ready \(/);
  });
  afterAll(async () => {
    await kubelet?.stop();
    await admin?.close();
    rmSync(manifests, { recursive: true, force: true });
  });

  it('registers node-1 Ready with capacity and its pod CIDR, and renews its Lease', async () => {
    const wide = await cluster.kubectl.ok('get', 'nodes', '-o', 'wide');
    expect(wide).toMatch(/node-1\s+Ready\s+<none>\s+\S+\s+v1\.35\.0-kubeledger\s+127\.0\.0\.1/);
    const node = JSON.parse(await cluster.kubectl.ok('get', 'node', 'node-1', '-o', 'json'));
    expect(node.spec).toMatchObject({ podCIDR: POD_CIDR, podCIDRs: [POD_CIDR] });
    expect(node.status.capacity).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(node.status.allocatable).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux' });
    expect(node.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    expect(node.status.addresses).toEqual([
      { type: 'InternalIP', address: '127.0.0.1' },
      { type: 'Hostname', address: 'node-1' },
    ]);

    const lease = await admin.get<KubeObject & { spec: { renewTime: string; holderIdentity: string; leaseDurationSeconds: number } }>(LEASES, 'kube-node-lease', 'node-1');
    expect(lease.spec).toMatchObject({ holderIdentity: 'node-1', leaseDurationSeconds: 40 });
    expect(lease.metadata?.['ownerReferences']).toEqual([expect.objectContaining({ kind: 'Node', name: 'node-1', uid: node.metadata.uid })]);
    await eventually(async () => {
      const renewed = await admin.get<typeof lease>(LEASES, 'kube-node-lease', 'node-1');
      return renewed.spec.renewTime > lease.spec.renewTime ? renewed : undefined;
    }, 5_000, 'a lease renewal');
  });

  it('runs a pod bound to node-1: Running with an IP from the CIDR, Ready, container statuses and Started events; deletion completes and the IP is reused', async () => {
    await apply(podManifest('web', 'node-1', ['c', 'sidecar']));
    const pod = await running('web');
    expect(pod.status?.podIP).toMatch(/^127\.128\.1\.\d+$/);
    expect(pod.status?.hostIP).toBe('127.0.0.1');
    expect(pod.status?.startTime).toBeTruthy();
    expect(Object.fromEntries(pod.status!.conditions!.map((c) => [c.type, c.status]))).toEqual({
      PodReadyToStartContainers: 'True',
      Initialized: 'True',
      Ready: 'True',
      ContainersReady: 'True',
      PodScheduled: 'True',
    });
    expect(pod.status?.containerStatuses).toEqual([
      expect.objectContaining({ name: 'c', ready: true, restartCount: 0, imageID: 'fake://nginx', containerID: `fake://${pod.metadata?.uid}/c`, state: { running: { startedAt: expect.any(String) } } }),
      expect.objectContaining({ name: 'sidecar', ready: true, restartCount: 0 }),
    ]);

    const wide = await cluster.kubectl.ok('get', 'pods', '-o', 'wide');
    expect(wide).toMatch(new RegExp(`web\\s+2/2\\s+Running\\s+0\\s+\\S+\\s+${pod.status!.podIP!.replace(/\./g, '\\.')}\\s+node-1`));
    const describe = await eventually(async () => {
      const out = await cluster.kubectl.ok('describe', 'pod', 'web');
      return /Started\s+.*kubelet\s+Started container sidecar/.test(out) ? out : undefined;
    }, 10_000, 'Started events in kubectl describe');
    expect(describe).toMatch(/Pulled\s+.*kubelet\s+Container image "nginx" already present on machine/);
    expect(describe).toMatch(/Created\s+.*kubelet\s+Created container: c/);
    expect(describe).toMatch(/Started\s+.*kubelet\s+Started container c\n/);

    const started = Date.now();
    await cluster.kubectl.ok('delete', 'pod', 'web', '--wait=true', '--timeout=30s');
    expect(Date.now() - started).toBeLessThan(15_000); // not the 30 s grace period: the kubelet finishes it
    expect((await cluster.kubectl.run('get', 'pod', 'web')).stderr).toMatch(/NotFound/);
    await kubelet!.waitForOutput(/deleted default\/web .*released 127\.128\.1\./);

    await apply(podManifest('web-again', 'node-1'));
    expect((await running('web-again')).status?.podIP).toBe(pod.status?.podIP);
  });

  it('never touches nor consumes a pod bound to node-2', async () => {
    await apply(podManifest('elsewhere', 'node-2'));
    await apply(podManifest('here', 'node-1'));
    await running('here');
    const other = await getPod('elsewhere');
    expect(other.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(kubelet!.output.some((line) => line.includes('elsewhere'))).toBe(false);
    expect(kubelet!.output.some((line) => line.includes('syncing pod default/here'))).toBe(true);
  });

  it('adopts its pods after a crash: SIGKILL, start again, the pods stay Running with the same IPs and are not started again', async () => {
    const before = await Promise.all(['web-again', 'here'].map(getPod));
    await kubelet!.kill();
    kubelet = await startComponent('kubelet', cluster.server(), kubeconfig, KUBELET_ENV, /\] ready \(/);
    await kubelet.waitForOutput(/adopted default\/here/);
    await kubelet.waitForOutput(/adopted default\/web-again/);
    // A new pod after the restart does not take an adopted pod's IP.
    await apply(podManifest('after-restart', 'node-1'));
    const fresh = await running('after-restart');
    const after = await Promise.all(['web-again', 'here'].map(getPod));
    for (const [i, pod] of after.entries()) {
      expect(pod.status?.phase).toBe('Running');
      expect(pod.status?.podIP).toBe(before[i]!.status?.podIP);
      expect(pod.status?.containerStatuses).toEqual(before[i]!.status?.containerStatuses);
    }
    expect(after.map((p) => p.status?.podIP)).not.toContain(fresh.status?.podIP);
    const events = await cluster.kubectl.ok('get', 'events', '--field-selector', 'involvedObject.name=here,reason=Started', '-o', 'jsonpath={range .items[*]}{.count}{"\\n"}{end}');
    expect(events.trim()).toBe('1');
  });

  it('stops cleanly on SIGTERM, having consumed only the events of its own pods', async () => {
    // After the restart this kubelet listed 'web-again' and 'here', then followed 'after-restart' (created, bound here,
    // status writes, a few revisions each): nothing of node-2's 'elsewhere' reached it.
    expect(await kubelet!.stop()).toBe(0);
    const line = await kubelet!.waitForOutput(/stopped \(/);
    const [, synced, lists, events] = /stopped \((\d+) pods synced; pod informer: (\d+) lists, (\d+) bus events\)/.exec(line)!;
    expect(Number(synced)).toBe(3);
    expect(Number(lists)).toBe(1);
    expect(Number(events)).toBeLessThan(10);
    kubelet = undefined;
  });
});

const manifests = mkdtempSync(path.join(os.tmpdir(), 'kl-kubelet-e2e-'));
let manifestCount = 0;
/** A manifest written to a file for `kubectl create -f`. */
function manifestFile(content: string): string {
  const file = path.join(manifests, `manifest-${++manifestCount}.json`);
  writeFileSync(file, content);
  return file;
}
