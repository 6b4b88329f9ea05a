import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullStack } from './support/full-stack.js';
import { useFullStack } from './support/use-full-stack.js';

interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}
interface Taint {
  readonly key: string;
  readonly effect: string;
  readonly timeAdded?: string;
}
interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}
interface Node {
  readonly spec: { readonly taints?: Taint[] };
  readonly status: { readonly conditions: Condition[] };
}
interface Pod {
  readonly metadata: { readonly name: string; readonly deletionTimestamp?: string };
  readonly spec: { readonly nodeName?: string; readonly tolerations?: Toleration[] };
  readonly status?: { readonly phase?: string; readonly conditions?: Condition[] };
}

/**
 * The node lifecycle and taint eviction controllers on a full stack (two kubelets on the fake
 * runtime, short heartbeats, an 8 s node-monitor grace period and a 5 s default unreachable
 * toleration), through the real kubectl: a killed kubelet's node turns Unknown and is tainted
 * unreachable, its pods turn not Ready and are evicted once their toleration runs out (the
 * Deployment replaces them on the other node) but for a pod tolerating the taint forever; the
 * kubelet started again makes its node Ready and untainted.
 */
describe('node lifecycle: a node whose kubelet stops', () => {
  const started = useFullStack({
    nodes: 2,
    kubeletEnv: { KUBELEDGER_RUNTIME: 'fake', KUBELEDGER_NODE_LEASE_RENEW_INTERVAL: '1', KUBELEDGER_NODE_LEASE_DURATION: '5', KUBELEDGER_NODE_STATUS_INTERVAL: '2' },
    env: { KUBELEDGER_NODE_MONITOR_PERIOD: '1', KUBELEDGER_NODE_MONITOR_GRACE_PERIOD: '8', KUBELEDGER_DEFAULT_UNREACHABLE_TOLERATION_SECONDS: '5' },
  });
  let stack: FullStack;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-node-lifecycle-'));
  beforeAll(() => {
    stack = started();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const kubectl = (...args: string[]) => stack.kubectl.ok(...args);
  const node = async (name: string) => JSON.parse(await kubectl('get', 'node', name, '-o', 'json')) as Node;
  const ready = (n: Node) => n.status.conditions.find((c) => c.type === 'Ready');
  const taints = (n: Node) => (n.spec.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
  const webPods = async () => (JSON.parse(await kubectl('get', 'pods', '-l', 'app=web', '-o', 'json')) as { items: Pod[] }).items;
  const pod = async (name: string) => JSON.parse(await kubectl('get', 'pod', name, '-o', 'json')) as Pod;
  const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  let evictedFromNode1: string[] = [];

  it('runs a Deployment of 4 pods on both nodes, each given the default not-ready and unreachable tolerations', async () => {
    await kubectl('create', 'deployment', 'web', '--image=registry.example/web:1', '--replicas=4');
    const rollout = await stack.kubectl.run('rollout', 'status', 'deployment/web', '--timeout=120s');
    if (rollout.code !== 0) throw new Error(`rollout status exited ${rollout.code}: ${rollout.stderr}\n${await stack.diagnostics()}`);
    const pods = await webPods();
    expect(pods.filter((p) => p.spec.nodeName === 'node-1').length).toBeGreaterThan(0);
    expect(pods.filter((p) => p.spec.nodeName === 'node-2').length).toBeGreaterThan(0);
    expect(pods[0]!.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
    ]);

    // A pod on node-1 that tolerates unreachable:NoExecute without a limit.
    const manifest = path.join(dir, 'keeper.yaml');
    writeFileSync(
      manifest,
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: { name: keeper }',
        'spec:',
        '  nodeName: node-1',
        '  tolerations: [{ key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute }]',
        '  containers: [{ name: app, image: registry.example/keeper:1 }]',
        '',
      ].join('\n'),
    );
    expect(await kubectl('apply', '-f', manifest)).toBe('pod/keeper created\n');
    await stack.waitFor('keeper to be Ready', async () => isReady(await pod('keeper')), 60_000);
    expect((await pod('keeper')).spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(ready(await node('node-1'))?.status).toBe('True');
    expect(taints(await node('node-1'))).toEqual([]);
  });

  it('turns the node of a killed kubelet Unknown, taints it unreachable, and marks its pods not Ready', async () => {
    const onNode1 = (await webPods()).filter((p) => p.spec.nodeName === 'node-1').map((p) => p.metadata.name);
    evictedFromNode1 = onNode1;
    await stack.kill('kubelet node-1');
    const unknown = await stack.waitFor(
      'node-1 Ready=Unknown with both unreachable taints',
      async () => {
        const n = await node('node-1');
        return ready(n)?.status === 'Unknown' && taints(n).length === 2 && n;
      },
      90_000,
    );
    expect(ready(unknown)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(unknown.status.conditions.filter((c) => c.status === 'Unknown').map((c) => c.type).sort()).toEqual(['DiskPressure', 'MemoryPressure', 'PIDPressure', 'Ready']);
    expect(taints(unknown)).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    expect(unknown.spec.taints?.every((t) => typeof t.timeAdded === 'string')).toBe(true);
    expect(isReady(await pod('keeper'))).toBe(false);
    const events = await kubectl('get', 'events', '--field-selector', 'involvedObject.name=node-1', '-o', 'jsonpath={range .items[*]}{.reason}{"\\n"}{end}');
    expect(events.split('\n')).toContain('NodeNotReady');
    expect(ready(await node('node-2'))?.status).toBe('True');
  });

  it('evicts the Deployment\'s pods from it once their 5 s toleration ran out, and the Deployment runs 4 again on node-2', async () => {
    await stack.waitFor(
      'the pods of node-1 to be terminating',
      async () => {
        const pods = await webPods();
        return evictedFromNode1.every((name) => {
          const p = pods.find((x) => x.metadata.name === name);
          return p === undefined || p.metadata.deletionTimestamp !== undefined;
        });
      },
      90_000,
    );
    const terminating = (await webPods()).filter((p) => evictedFromNode1.includes(p.metadata.name));
    // The dead kubelet cannot confirm the deletion: they stay Terminating, marked as the taint manager's doing.
    for (const p of terminating) {
      expect(p.status?.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }));
      expect(isReady(p)).toBe(false);
    }
    await stack.waitFor(
      '4 available replicas again, the new ones on node-2',
      async () => {
        const available = await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.status.availableReplicas}');
        const live = (await webPods()).filter((p) => !p.metadata.deletionTimestamp);
        return available === '4' && live.length === 4 && live.every((p) => p.spec.nodeName === 'node-2' && p.status?.phase === 'Running');
      },
      120_000,
    );
    const events = await kubectl('get', 'events', '--field-selector', 'reason=TaintManagerEviction', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}');
    for (const name of evictedFromNode1) expect(events).toContain(`Marking for deletion Pod default/${name}`);
  });

  it('does not evict a pod that tolerates the taint without a limit', async () => {
    const keeper = await pod('keeper');
    expect(keeper.metadata.deletionTimestamp).toBeUndefined();
    expect(keeper.spec.nodeName).toBe('node-1');
  });

  it('makes the node Ready and untainted again once its kubelet is back', async () => {
    await stack.start('kubelet node-1');
    await stack.waitFor(
      'node-1 Ready without taints',
      async () => {
        const n = await node('node-1');
        return ready(n)?.status === 'True' && taints(n).length === 0;
      },
      90_000,
    );
    await stack.waitFor('keeper to be Ready again', async () => isReady(await pod('keeper')), 60_000);
    expect((await pod('keeper')).metadata.deletionTimestamp).toBeUndefined();
  });
});
