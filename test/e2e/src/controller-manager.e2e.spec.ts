import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@kubeledger/api';
import { waitUntil } from '@kubeledger/bus/testing';
import { KubeClient, loadKubeconfig, NODES, PODS, SERVICES } from '@kubeledger/client';
import { componentKubeconfig, startApiserver, startComponent, type ApiserverProcess, type ComponentProcess } from '@kubeledger/test-cluster';
import { Kubectl } from './support/kubectl.js';

interface Slice extends KubeObject {
  addressType?: string;
  endpoints?: Array<{ addresses: string[]; conditions: { ready: boolean; serving: boolean; terminating: boolean }; targetRef?: { name: string } }>;
  ports?: Array<{ name?: string; port: number; protocol: string }>;
}

const NS = 'default';
const READY = /\[controller-manager\] ready \(/;

const pod = (name: string, app: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: NS, labels: { app } },
  spec: { nodeName: 'worker-1', containers: [{ name: 'app', image: 'registry.example/app:1.0', ports: [{ name: 'http', containerPort: 8080 }] }] },
});

/**
 * The controller-manager process (services/controller-manager) against the real apiserver, as the
 * user system:kube-controller-manager with the RBAC the apiserver bootstraps for it (upstream's
 * controller roles bound to that user): EndpointSlices for a Service, node IPAM.
 */
describe('controller-manager: EndpointSlices and node IPAM', () => {
  let server: ApiserverProcess;
  let admin: KubeClient;
  let kubectl: Kubectl;
  let cm: ComponentProcess | undefined;

  const slicesOf = async (service: string): Promise<Slice[]> => {
    const out = await kubectl.ok('get', 'endpointslices', '-n', NS, '-l', `kubernetes.io/service-name=${service}`, '-o', 'json');
    return (JSON.parse(out) as { items: Slice[] }).items;
  };
  const setStatus = async (name: string, ip: string, ready: boolean) => {
    const current = await admin.get(PODS, NS, name);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await admin.updateStatus(PODS, NS, {
      ...current,
      status: {
        phase: 'Running',
        podIP: ip,
        podIPs: [{ ip }],
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now }],
      },
    });
  };
  const endpointsOf = async (service: string) =>
    (await slicesOf(service)).flatMap((s) => s.endpoints ?? []).map((e) => ({ pod: e.targetRef?.name, ip: e.addresses[0], ready: e.conditions.ready })).sort((a, b) => (a.pod ?? '').localeCompare(b.pod ?? ''));
  const podCidr = async (node: string) => ((await admin.get(NODES, undefined, node))['spec'] as { podCIDR?: string; podCIDRs?: string[] } | undefined);

  beforeAll(async () => {
    server = await startApiserver();
    admin = new KubeClient({ ...loadKubeconfig(server.kubeconfig), userAgent: 'kubeledger-e2e-controller-manager/0.1.0' });
    kubectl = new Kubectl(server.kubeconfig);
    // A node that already has its pod CIDR before the controller-manager starts: occupied, kept.
    await admin.create(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'preset' }, spec: { podCIDR: '127.128.0.0/24', podCIDRs: ['127.128.0.0/24'] } });
    const kubeconfig = await componentKubeconfig(server, 'system:kube-controller-manager');
    cm = await startComponent('controller-manager', server, kubeconfig, { KUBELEDGER_CONTROLLER_RETRY_SECONDS: '0.2' }, READY);
  });

  afterAll(async () => {
    if (cm) {
      const code = await cm.stop();
      if (code !== 0) console.log(cm.output.slice(-40).join('\n'));
    }
    kubectl?.dispose();
    await admin?.close();
    await server?.stop();
  });

  it('gives a Service selecting app=web one EndpointSlice with both ready pods and the resolved port', async () => {
    await admin.create(SERVICES, NS, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
    await admin.create(PODS, NS, pod('web-1', 'web'));
    await admin.create(PODS, NS, pod('web-2', 'web'));
    await admin.create(PODS, NS, pod('other', 'other'));
    await setStatus('web-1', '10.1.0.11', true);
    await setStatus('web-2', '10.1.0.12', true);
    await setStatus('other', '10.1.0.13', true);

    await waitUntil(async () => (await endpointsOf('web')).filter((e) => e.ready).length === 2, 20_000, 'two ready endpoints for web');
    const slices = await slicesOf('web');
    expect(slices).toHaveLength(1);
    const [slice] = slices as [Slice];
    expect(slice.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slice.metadata?.['labels']).toMatchObject({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    const service = await admin.get(SERVICES, NS, 'web');
    expect(slice.metadata?.['ownerReferences']).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: service.metadata?.uid, controller: true, blockOwnerDeletion: true }]);
    expect(await endpointsOf('web')).toEqual([
      { pod: 'web-1', ip: '10.1.0.11', ready: true },
      { pod: 'web-2', ip: '10.1.0.12', ready: true },
    ]);
    expect(slice.endpoints?.find((e) => e.targetRef?.name === 'web-1')).toMatchObject({ conditions: { ready: true, serving: true, terminating: false }, nodeName: 'worker-1', targetRef: { kind: 'Pod', namespace: NS } });

    const table = await kubectl.ok('get', 'endpointslices', '-n', NS, '-l', 'kubernetes.io/service-name=web');
    expect(table).toMatch(/web-[a-z0-9]{5}\s+IPv4\s+8080\s+10\.1\.0\.11,10\.1\.0\.12\s/);
  });

  it('marks a pod that turns unready ready: false', async () => {
    await setStatus('web-2', '10.1.0.12', false);
    await waitUntil(async () => (await endpointsOf('web')).some((e) => e.pod === 'web-2' && !e.ready), 20_000, 'web-2 unready');
    expect(await endpointsOf('web')).toEqual([
      { pod: 'web-1', ip: '10.1.0.11', ready: true },
      { pod: 'web-2', ip: '10.1.0.12', ready: false },
    ]);
    expect(await slicesOf('web')).toHaveLength(1);
  });

  it('drops a deleted pod\'s endpoint', async () => {
    await admin.delete(PODS, NS, 'web-1', { gracePeriodSeconds: 0 });
    await waitUntil(async () => !(await endpointsOf('web')).some((e) => e.pod === 'web-1'), 20_000, 'web-1 gone from the slice');
    expect(await endpointsOf('web')).toEqual([{ pod: 'web-2', ip: '10.1.0.12', ready: false }]);
  });

  it('deletes the slices of a deleted Service', async () => {
    await admin.delete(SERVICES, NS, 'web');
    await waitUntil(async () => (await slicesOf('web')).length === 0, 20_000, 'web\'s slices deleted');
  });

  it('gives nodes without a pod CIDR the next free /24s, and keeps a preset one', async () => {
    await admin.create(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: {} });
    await waitUntil(async () => Boolean((await podCidr('node-1'))?.podCIDR), 20_000, 'node-1 podCIDR');
    await admin.create(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-2' }, spec: {} });
    await waitUntil(async () => Boolean((await podCidr('node-2'))?.podCIDR), 20_000, 'node-2 podCIDR');
    expect(await podCidr('preset')).toMatchObject({ podCIDR: '127.128.0.0/24', podCIDRs: ['127.128.0.0/24'] });
    expect(await podCidr('node-1')).toMatchObject({ podCIDR: '127.128.1.0/24', podCIDRs: ['127.128.1.0/24'] });
    expect(await podCidr('node-2')).toMatchObject({ podCIDR: '127.128.2.0/24', podCIDRs: ['127.128.2.0/24'] });
    const wide = await kubectl.ok('get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.podCIDR}{"\\n"}{end}');
    expect(wide.trim().split('\n').sort()).toEqual(['node-1=127.128.1.0/24', 'node-2=127.128.2.0/24', 'preset=127.128.0.0/24']);
  });

  it('logs no write forbidden by RBAC, and stops cleanly on SIGTERM', async () => {
    expect(cm!.output.filter((l) => /forbidden|Forbidden/.test(l))).toEqual([]);
    const code = await cm!.stop();
    expect(code).toBe(0);
    expect(cm!.output.some((l) => /\[controller-manager\] stopped/.test(l))).toBe(true);
    cm = undefined;
  });
});
