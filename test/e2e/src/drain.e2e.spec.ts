import { beforeAll, describe, expect, it } from 'vitest';
import type { FullStack } from './support/full-stack.js';
import { useFullStack } from './support/use-full-stack.js';

interface Pod {
  readonly metadata: { readonly name: string; readonly deletionTimestamp?: string };
  readonly spec: { readonly nodeName?: string };
  readonly status?: { readonly phase?: string; readonly conditions?: { readonly type: string; readonly status: string }[] };
}

/**
 * Cordon, drain and uncordon on a full stack (two kubelets on the fake runtime) with the real
 * kubectl: a drain evicts node-1's pods through pods/eviction while a PodDisruptionBudget keeps 3
 * of the Deployment's 4 pods healthy (the disruption controller keeps its status), their
 * replacements land on node-2; a budget that allows nothing holds a drain until its timeout.
 */
describe('kubectl 1.35: cordon, drain and uncordon with a PodDisruptionBudget', () => {
  const started = useFullStack({ nodes: 2, kubeletEnv: { KUBELEDGER_RUNTIME: 'fake' } });
  let stack: FullStack;
  beforeAll(() => {
    stack = started();
  });

  const kubectl = (...args: string[]) => stack.kubectl.ok(...args);
  const webPods = async (): Promise<Pod[]> => (JSON.parse(await kubectl('get', 'pods', '-l', 'app=web', '-o', 'json')) as { items: Pod[] }).items;
  const readyOn = (pods: Pod[], node: string) => pods.filter((p) => p.spec.nodeName === node && !p.metadata.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  const pdbField = async (jsonpath: string) => kubectl('get', 'pdb', 'web', '-o', `jsonpath=${jsonpath}`);
  const nodeStatus = async (node: string) => (await kubectl('get', 'nodes', '--no-headers')).split('\n').find((l) => l.startsWith(`${node} `))?.split(/\s+/)[1];

  it('runs a Deployment of 4 pods on both nodes under a budget of minAvailable 3, which allows 1 disruption', async () => {
    await kubectl('create', 'deployment', 'web', '--image=registry.example/web:1', '--replicas=4');
    const rollout = await stack.kubectl.run('rollout', 'status', 'deployment/web', '--timeout=120s');
    if (rollout.code !== 0) throw new Error(`rollout status exited ${rollout.code}: ${rollout.stderr}\n${await stack.diagnostics()}`);
    const pods = await webPods();
    expect(readyOn(pods, 'node-1').length).toBeGreaterThan(0);
    expect(readyOn(pods, 'node-2').length).toBeGreaterThan(0);

    expect(await kubectl('create', 'pdb', 'web', '--selector=app=web', '--min-available=3')).toBe('poddisruptionbudget.policy/web created\n');
    await stack.waitFor('the budget allows 1 disruption', async () => (await pdbField('{.status.disruptionsAllowed}/{.status.currentHealthy}/{.status.desiredHealthy}/{.status.expectedPods}')) === '1/4/3/4', 60_000);
    expect(await pdbField('{.status.conditions[0].type}={.status.conditions[0].status} {.status.conditions[0].reason}')).toBe('DisruptionAllowed=True SufficientPods');
    const table = (await kubectl('get', 'pdb')).split('\n');
    expect(table[0]).toMatch(/^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE$/);
    expect(table[1]).toMatch(/^web\s+3\s+N\/A\s+1\s+\d+s$/);
  });

  it('cordons node-1 (SchedulingDisabled) and drains it without ever leaving fewer than 3 healthy pods', async () => {
    expect(await kubectl('cordon', 'node-1')).toBe('node/node-1 cordoned\n');
    expect(await nodeStatus('node-1')).toBe('Ready,SchedulingDisabled');
    const onNode1 = readyOn(await webPods(), 'node-1').map((p) => p.metadata.name);

    // Every healthy count the disruption controller writes during the drain, and the Deployment's ready count.
    const watch = stack.kubectl.start('get', 'pdb', 'web', '-w', '-o', 'jsonpath={.status.currentHealthy}{"\\n"}');
    const ready = stack.kubectl.start('get', 'deployment', 'web', '-w', '-o', 'jsonpath={.status.readyReplicas}{"\\n"}');
    await Promise.all([watch.waitForOutput(/\d/), ready.waitForOutput(/\d/)]);
    const drain = await stack.kubectl.start('drain', 'node-1', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=120s').exited;
    if (drain.code !== 0) throw new Error(`drain exited ${drain.code}: ${drain.stderr}\n${await stack.diagnostics()}`);
    expect(drain.stdout).toMatch(/node\/node-1 drained\n$/);
    for (const name of onNode1) {
      expect(drain.stdout).toContain(`evicting pod default/${name}\n`);
      expect(drain.stdout).toContain(`pod/${name} evicted\n`);
    }

    await stack.waitFor('4 healthy pods, all on node-2', async () => {
      const pods = await webPods();
      return readyOn(pods, 'node-2').length === 4 && pods.every((p) => p.spec.nodeName === 'node-2') && (await pdbField('{.status.currentHealthy}')) === '4';
    }, 90_000);
    for (const seen of [await watch.stop(), await ready.stop()].map((r) => r.stdout.split('\n').filter((l) => l !== '').map(Number))) {
      expect(Math.min(...seen)).toBeGreaterThanOrEqual(3);
    }
    for (const name of onNode1) expect((await webPods()).map((p) => p.metadata.name)).not.toContain(name);
  }, 240_000);

  it('uncordons node-1, which is schedulable again', async () => {
    expect(await kubectl('uncordon', 'node-1')).toBe('node/node-1 uncordoned\n');
    expect(await nodeStatus('node-1')).toBe('Ready');
  });

  it('a budget of minAvailable 100% holds a drain, which retries the 429 until its timeout', async () => {
    await kubectl('patch', 'pdb', 'web', '--type=merge', '-p', '{"spec":{"minAvailable":"100%"}}');
    await stack.waitFor('the budget allows nothing', async () => (await pdbField('{.status.observedGeneration}/{.status.disruptionsAllowed}/{.status.desiredHealthy}')) === '2/0/4', 60_000);
    const drain = await stack.kubectl.start('drain', 'node-2', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=12s').exited;
    expect(drain.code).not.toBe(0);
    expect(drain.stderr).toMatch(/error when evicting pods\/"web-[^"]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\./);
    expect(drain.stderr).toMatch(/global timeout reached: 12s/);
    expect(readyOn(await webPods(), 'node-2')).toHaveLength(4);
    expect(await kubectl('uncordon', 'node-2')).toBe('node/node-2 uncordoned\n');
  }, 180_000);
});
