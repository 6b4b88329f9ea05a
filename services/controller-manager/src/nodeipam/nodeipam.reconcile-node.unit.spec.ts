import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it, vi } from 'vitest';
import { reconcileNode, type ReconcileNodeDeps } from './nodeipam.reconcile-node.js';
import { PodCidrAllocator } from './pod-cidr-allocator.js';

const node = (name: string, podCIDR?: string): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, resourceVersion: '5' }, spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {} });

function given(nodes: KubeObject[], cidr = '10.0.0.0/23', overrides: Partial<ReconcileNodeDeps> = {}) {
  return {
    getNode: (name: string) => nodes.find((n) => n.metadata?.name === name),
    allocator: new PodCidrAllocator(cidr, 24),
    pending: new Map<string, string>(),
    patchPodCidr: vi.fn(async () => undefined),
    event: vi.fn(),
    isConflict: (err: unknown) => (err as { code?: number }).code === 409,
    isNotFound: (err: unknown) => (err as { code?: number }).code === 404,
    log: () => undefined,
    ...overrides,
  };
}

describe('reconcileNode (node IPAM)', () => {
  it('gives a node without a pod CIDR the first free subnet, once', async () => {
    const deps = given([node('a', '10.0.0.0/24'), node('b')]);
    expect(await reconcileNode('a', deps)).toBe('continue'); // occupies 10.0.0.0/24
    expect(await reconcileNode('b', deps)).toBe('continue');
    expect(deps.patchPodCidr).toHaveBeenCalledWith(node('b'), '10.0.1.0/24');
    expect(await reconcileNode('b', deps)).toBe('continue'); // pending: not allocated twice
    expect(deps.patchPodCidr).toHaveBeenCalledTimes(1);
  });

  it('leaves a pod CIDR outside the range alone', async () => {
    const deps = given([node('a', '192.168.0.0/24')]);
    expect(await reconcileNode('a', deps)).toBe('continue');
    expect(deps.patchPodCidr).not.toHaveBeenCalled();
    expect(deps.allocator.allocate()).toBe('10.0.0.0/24');
  });

  it('records CIDRNotAvailable and retries when the range is full', async () => {
    const deps = given([node('a', '10.0.0.0/24'), node('b', '10.0.1.0/24'), node('c')]);
    await reconcileNode('a', deps);
    await reconcileNode('b', deps);
    expect(await reconcileNode('c', deps)).toBe('requeue');
    expect(deps.event).toHaveBeenCalledWith(node('c'), 'Warning', 'CIDRNotAvailable', 'Node c status is now: CIDRNotAvailable');
    expect(deps.patchPodCidr).not.toHaveBeenCalled();
  });

  it('releases the subnet when the patch conflicts (the kubelet set its own) and requeues; a vanished node is done', async () => {
    const deps = given([node('b')], '10.0.0.0/23', { patchPodCidr: vi.fn(async () => Promise.reject(Object.assign(new Error('conflict'), { code: 409 }))) });
    expect(await reconcileNode('b', deps)).toBe('requeue');
    expect(deps.pending.size).toBe(0);
    expect(deps.allocator.allocate()).toBe('10.0.0.0/24');
    expect(await reconcileNode('missing', deps)).toBe('continue');
  });
});
