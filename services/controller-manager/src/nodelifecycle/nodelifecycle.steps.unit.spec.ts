import type { KubeObject, Taint } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { taintsOf } from '../controller-utils/taints.js';
import { conditionsOf } from './node-conditions.js';
import { monitorNodeHealth, newMonitorState, type MonitorNodeHealthDeps } from './nodelifecycle.monitor-node-health.js';
import { reconcileNoScheduleTaints } from './nodelifecycle.reconcile-no-schedule-taints.js';
import { swapNodeTaints } from './nodelifecycle.swap-taints.js';

const T0 = new Date('2026-03-01T12:00:00Z').getTime();
const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const SETTINGS = { gracePeriodMs: 40_000, startupGracePeriodMs: 60_000, evictionRate: 0.1, secondaryEvictionRate: 0.01, largeClusterThreshold: 50, unhealthyZoneThreshold: 0.55 };
const apiError = (code: number) => Object.assign(new Error(`status ${code}`), { code });
const is = (code: number) => (err: unknown) => (err as { code?: number }).code === code;

/** An apiserver of nodes, node leases and pods, with the kubelets' heartbeats driven by the test. */
function cluster(nodeNames: string[], podsPerNode = 2) {
  let now = T0;
  let revision = 1;
  const nodes = new Map<string, KubeObject>();
  const leases = new Map<string, string>();
  const pods = new Map<string, KubeObject>();
  const events: string[] = [];
  const stored = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: String(++revision) } });
  const heartbeat = (name: string) => {
    const node = nodes.get(name)!;
    const before = conditionsOf(node).find((c) => c.type === 'Ready');
    const transition = before?.status === 'True' ? before.lastTransitionTime : stamp(now);
    const ready = { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: stamp(now), lastTransitionTime: transition };
    const pressure = ['MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({ type, status: 'False', reason: 'KubeletHasNoPressure', message: 'ok', lastHeartbeatTime: stamp(now), lastTransitionTime: stamp(T0 - 600_000) }));
    nodes.set(name, stored({ ...node, status: { conditions: [...pressure, ready] } }));
    leases.set(name, new Date(now).toISOString());
  };
  for (const name of nodeNames) {
    nodes.set(name, { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `${name}-uid`, creationTimestamp: stamp(T0 - 3_600_000), resourceVersion: '1' }, spec: {} });
    heartbeat(name);
    for (let i = 0; i < podsPerNode; i++) {
      const pod = `${name}-pod-${i}`;
      pods.set(pod, { apiVersion: 'v1', kind: 'Pod', metadata: { name: pod, namespace: 'ns', uid: `${pod}-uid`, resourceVersion: '1' }, spec: { nodeName: name }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: stamp(T0 - 60_000) }] } });
    }
  }
  const conflictIfStale = (current: KubeObject | undefined, sent: KubeObject) => {
    if (!current) throw apiError(404);
    if (sent.metadata?.resourceVersion !== current.metadata?.resourceVersion) throw apiError(409);
  };
  const deps: MonitorNodeHealthDeps = {
    listNodes: () => [...nodes.values()],
    leaseRenewTime: (name) => leases.get(name),
    podsOnNode: (name) => [...pods.values()].filter((p) => (p['spec'] as { nodeName: string }).nodeName === name),
    getFreshNode: async (name) => {
      const node = nodes.get(name);
      if (!node) throw apiError(404);
      return node;
    },
    updateNodeStatus: async (node) => {
      const name = node.metadata!.name!;
      conflictIfStale(nodes.get(name), node);
      const written = stored({ ...nodes.get(name)!, status: node['status'] });
      nodes.set(name, written);
      return written;
    },
    updatePodStatus: async (pod) => {
      const name = pod.metadata!.name!;
      conflictIfStale(pods.get(name), pod);
      const written = stored({ ...pods.get(name)!, status: pod['status'] });
      pods.set(name, written);
      return written;
    },
    swapTaints: (name, add, remove) =>
      swapNodeTaints(name, add, remove, {
        getNode: (n) => nodes.get(n),
        getFreshNode: async (n) => nodes.get(n)!,
        patchTaints: async (n, resourceVersion, taints) => {
          if (nodes.get(n)!.metadata?.resourceVersion !== resourceVersion) throw apiError(409);
          const written = stored({ ...nodes.get(n)!, spec: { ...(nodes.get(n)!['spec'] as object), taints } });
          nodes.set(n, written);
          return written;
        },
        isConflict: is(409),
        isNotFound: is(404),
        now: () => new Date(now),
      }),
    event: (object, type, reason, message) => events.push(`${object.kind}/${object.metadata?.name} ${type} ${reason}: ${message}`),
    isNotFound: is(404),
    settings: SETTINGS,
    state: newMonitorState(),
    now: () => new Date(now),
    log: () => undefined,
  };
  return {
    nodes,
    pods,
    events,
    deps,
    heartbeat,
    advance: (ms: number) => (now += ms),
    ready: (name: string) => conditionsOf(nodes.get(name)!).find((c) => c.type === 'Ready'),
    taints: (name: string) => taintsOf(nodes.get(name)).map((t: Taint) => `${t.key}:${t.effect}`),
    podReady: (name: string) => ((pods.get(name)!['status'] as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === 'Ready')?.status),
  };
}

/** Runs a monitor pass every 5 s for `seconds`, the kubelets of `alive` posting heartbeats every 10 s. */
async function run(c: ReturnType<typeof cluster>, seconds: number, alive: string[]) {
  for (let s = 0; s < seconds; s += 5) {
    c.advance(5_000);
    if (s % 10 === 0) for (const name of alive) c.heartbeat(name);
    await monitorNodeHealth(c.deps);
  }
}

describe('monitorNodeHealth (a pass of the node lifecycle controller)', () => {
  it('leaves nodes whose kubelets post alone, and records them as registered', async () => {
    const c = cluster(['node-1', 'node-2']);
    await run(c, 120, ['node-1', 'node-2']);
    expect(c.ready('node-1')?.status).toBe('True');
    expect(c.taints('node-1')).toEqual([]);
    expect(c.events).toEqual(['Node/node-1 Normal RegisteredNode: Node node-1 event: Registered Node node-1 in Controller', 'Node/node-2 Normal RegisteredNode: Node node-2 event: Registered Node node-2 in Controller']);
  });

  it('turns a silent node Unknown after the grace period, marks its pods not Ready, and taints it unreachable:NoExecute', async () => {
    const c = cluster(['node-1', 'node-2']);
    await run(c, 40, ['node-1', 'node-2']);
    // node-1's last heartbeat was seen at 35 s: still within the 40 s grace period at 75 s.
    await run(c, 35, ['node-2']);
    expect(c.ready('node-1')).toMatchObject({ status: 'True' });
    await run(c, 10, ['node-2']);
    expect(c.ready('node-1')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(conditionsOf(c.nodes.get('node-1')!).filter((x) => x.status === 'Unknown').map((x) => x.type)).toEqual(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
    expect(c.taints('node-1')).toEqual(['node.kubernetes.io/unreachable:NoExecute']);
    expect(taintsOf(c.nodes.get('node-1'))[0]?.timeAdded).toMatch(/^2026-03-01T12:01:\d\dZ$/);
    expect([c.podReady('node-1-pod-0'), c.podReady('node-1-pod-1'), c.podReady('node-2-pod-0')]).toEqual(['False', 'False', 'True']);
    expect(c.events).toContain('Node/node-1 Normal NodeNotReady: Node node-1 status is now: NodeNotReady');
    expect(c.events).toContain('Pod/node-1-pod-0 Warning NodeNotReady: Node is not ready');
    expect(c.ready('node-2')?.status).toBe('True');
  });

  it('takes the NoExecute taint off once the kubelet posts again', async () => {
    const c = cluster(['node-1', 'node-2']);
    await run(c, 100, ['node-2']);
    expect(c.taints('node-1')).toEqual(['node.kubernetes.io/unreachable:NoExecute']);
    await run(c, 10, ['node-1', 'node-2']);
    expect(c.ready('node-1')?.status).toBe('True');
    expect(c.taints('node-1')).toEqual([]);
  });

  it('swaps unreachable for not-ready at once when the kubelet says it is not Ready', async () => {
    const c = cluster(['node-1', 'node-2']);
    await run(c, 100, ['node-2']);
    const node = c.nodes.get('node-1')!;
    c.nodes.set('node-1', { ...node, status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', lastHeartbeatTime: stamp(T0 + 100_000), lastTransitionTime: stamp(T0 + 100_000) }] } });
    await run(c, 5, ['node-2']);
    expect(c.taints('node-1')).toEqual(['node.kubernetes.io/not-ready:NoExecute']);
  });

  it('taints nobody when every node of the cluster is not Ready (the controller is more likely cut off than they are)', async () => {
    const c = cluster(['node-1']);
    await run(c, 200, []);
    expect(c.ready('node-1')?.status).toBe('Unknown');
    expect(c.taints('node-1')).toEqual([]);
    expect(c.podReady('node-1-pod-0')).toBe('False');
  });

  it('taints the nodes of a healthy zone one per 10 s (--node-eviction-rate 0.1)', async () => {
    const c = cluster(['node-1', 'node-2', 'node-3', 'node-4']);
    await run(c, 40, ['node-1', 'node-2', 'node-3', 'node-4']);
    await run(c, 45, ['node-3', 'node-4']);
    const tainted = () => ['node-1', 'node-2'].filter((n) => c.taints(n).includes('node.kubernetes.io/unreachable:NoExecute'));
    expect(tainted()).toHaveLength(1);
    await run(c, 5, ['node-3', 'node-4']);
    expect(tainted()).toHaveLength(1);
    await run(c, 5, ['node-3', 'node-4']);
    expect(tainted()).toHaveLength(2);
  });

  it('taints no node of a small zone that is partially disrupted (more than 2 and 55 % of its nodes not Ready)', async () => {
    const c = cluster(['node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-6'], 0);
    await run(c, 200, ['node-5', 'node-6']);
    expect(['node-1', 'node-2', 'node-3', 'node-4'].map((n) => c.ready(n)?.status)).toEqual(['Unknown', 'Unknown', 'Unknown', 'Unknown']);
    expect(['node-1', 'node-2', 'node-3', 'node-4'].flatMap((n) => c.taints(n))).toEqual([]);
  });

  it('retries the status write on a conflict with the node read afresh', async () => {
    const c = cluster(['node-1', 'node-2']);
    await run(c, 40, ['node-1', 'node-2']);
    const update = c.deps.updateNodeStatus;
    let conflicts = 0;
    (c.deps as { updateNodeStatus: MonitorNodeHealthDeps['updateNodeStatus'] }).updateNodeStatus = async (node) => {
      if (conflicts++ === 0) throw apiError(409);
      return update(node);
    };
    await run(c, 50, ['node-2']);
    expect(conflicts).toBeGreaterThan(1);
    expect(c.ready('node-1')?.status).toBe('Unknown');
  });
});

describe('reconcileNoScheduleTaints (TaintNodesByCondition)', () => {
  it('follows the Ready condition and spec.unschedulable with NoSchedule taints', async () => {
    const c = cluster(['node-1']);
    const deps = { getNode: (n: string) => c.nodes.get(n), swapTaints: c.deps.swapTaints };
    const node = c.nodes.get('node-1')!;
    c.nodes.set('node-1', { ...node, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } });
    await reconcileNoScheduleTaints('node-1', deps);
    expect(c.taints('node-1')).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule']);
    const tainted = c.nodes.get('node-1')!;
    c.nodes.set('node-1', { ...tainted, spec: { ...(tainted['spec'] as object), unschedulable: false }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    await reconcileNoScheduleTaints('node-1', deps);
    expect(c.taints('node-1')).toEqual([]);
  });
});
