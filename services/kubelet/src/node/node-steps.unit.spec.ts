import { describe, expect, it } from 'vitest';
import { ApiError } from '@kubeledger/client';
import { fallbackPodCidr } from './fallback-pod-cidr.js';
import { renewLease, type Lease } from './lease.reconcile-renew.js';
import type { Node } from './node-status.js';
import { registerNode, type RegisterNodeDeps } from './node.reconcile-register.js';

const info = { name: 'node-1', address: '127.0.0.1', capacity: { cpu: '4', memory: '8Gi', pods: '110' }, runtime: 'fake', kubeletPort: 10250 };
const notFound = () => new ApiError(404, { reason: 'NotFound', message: 'not found', code: 404 } as never, 'GET');

function apiFake(existing?: Node) {
  let node = existing;
  const calls: string[] = [];
  let now = new Date('2026-11-24T01:00:00Z');
  const deps: RegisterNodeDeps = {
    info,
    podCidr: '127.128.1.0/24',
    now: () => now,
    async getNode() {
      calls.push('get');
      return node;
    },
    async createNode(n) {
      calls.push('create');
      return (node = { ...n, metadata: { ...n.metadata, uid: 'n-uid' } });
    },
    async updateNode(n) {
      calls.push('update');
      return (node = n);
    },
    async updateNodeStatus(n) {
      calls.push('status');
      return (node = n);
    },
  };
  return { deps, calls, node: () => node!, tick: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('registerNode', () => {
  it('creates the Node with its labels and pod CIDR, then reports it Ready with capacity, addresses and nodeInfo', async () => {
    const api = apiFake();
    const node = await registerNode(api.deps);
    expect(api.calls).toEqual(['get', 'create', 'status']);
    expect(node.metadata?.labels).toMatchObject({ 'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux' });
    expect(node.spec).toEqual({ podCIDR: '127.128.1.0/24', podCIDRs: ['127.128.1.0/24'] });
    expect(node.status).toMatchObject({
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: 'node-1' },
      ],
      nodeInfo: { kubeletVersion: 'v1.35.0-kubeledger', operatingSystem: 'linux', containerRuntimeVersion: 'fake://0.1.0' },
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    });
    expect(node.status?.conditions?.map((c) => `${c.type}=${c.status}/${c.reason}`)).toEqual([
      'MemoryPressure=False/KubeletHasSufficientMemory',
      'DiskPressure=False/KubeletHasNoDiskPressure',
      'PIDPressure=False/KubeletHasSufficientPID',
      'Ready=True/KubeletReady',
    ]);
  });

  it('keeps the pod CIDR node IPAM gave an existing Node, and keeps transition times on the next heartbeat', async () => {
    const api = apiFake({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { zone: 'a' } }, spec: { podCIDR: '127.128.9.0/24', podCIDRs: ['127.128.9.0/24'] } });
    const first = await registerNode(api.deps);
    expect(first.spec?.podCIDR).toBe('127.128.9.0/24');
    expect(first.metadata?.labels).toMatchObject({ zone: 'a', 'kubernetes.io/hostname': 'node-1' });
    api.tick(10_000);
    const second = await registerNode(api.deps);
    const ready = second.status!.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({ lastTransitionTime: '2026-11-24T01:00:00Z', lastHeartbeatTime: '2026-11-24T01:00:10Z' });
    expect(api.calls.filter((c) => c === 'update')).toHaveLength(1); // the labels, once
  });
});

describe('renewLease', () => {
  function leaseApi() {
    let lease: Lease | undefined;
    const calls: string[] = [];
    return {
      calls,
      deps: {
        nodeName: 'node-1',
        leaseDurationSeconds: 40,
        now: () => new Date('2026-11-24T01:00:00.123Z'),
        getLease: async () => (calls.push('get'), lease),
        createLease: async (l: Lease) => (calls.push('create'), (lease = l)),
        updateLease: async (l: Lease) => {
          calls.push('update');
          if (!lease) throw notFound();
          return (lease = l);
        },
      },
    };
  }

  it('creates the Lease owned by the Node, then renews it in one request', async () => {
    const api = leaseApi();
    const created = await renewLease(api.deps, { metadata: { name: 'node-1', uid: 'n-uid' } }, undefined);
    expect(created).toMatchObject({
      metadata: { name: 'node-1', namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'n-uid' }] },
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2026-11-24T01:00:00.123000Z' },
    });
    await renewLease(api.deps, {}, created);
    expect(api.calls).toEqual(['get', 'create', 'update']);
  });

  it('creates it again when it was deleted', async () => {
    const api = leaseApi();
    await renewLease(api.deps, {}, { metadata: { name: 'node-1' } });
    expect(api.calls).toEqual(['update', 'create']);
  });
});

describe('fallbackPodCidr', () => {
  it('takes a numbered node to its own /24 of 127.128.0.0/10, any other name to a hashed one', () => {
    expect(fallbackPodCidr('node-1')).toBe('127.128.1.0/24');
    expect(fallbackPodCidr('node-300')).toBe('127.129.44.0/24');
    expect(fallbackPodCidr('worker')).toMatch(/^127\.(1[2-8]\d|19[01])\.\d+\.0\/24$/);
    expect(fallbackPodCidr('worker')).toBe(fallbackPodCidr('worker'));
  });
});
