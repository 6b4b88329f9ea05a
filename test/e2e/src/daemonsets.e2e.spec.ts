import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FullStack } from './support/full-stack.js';
import { useFullStack } from './support/use-full-stack.js';

interface Pod {
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string>; readonly deletionTimestamp?: string; readonly ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[] };
  readonly spec: { readonly nodeName?: string; readonly containers: { readonly image: string }[]; readonly tolerations?: { key?: string; effect?: string }[] };
  readonly status?: { readonly phase?: string };
}

const daemonSet = (name: string, image: string, nodeSelector?: Record<string, string>) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { ...(nodeSelector && { nodeSelector }), containers: [{ name: 'agent', image }] } },
  },
});

/**
 * DaemonSets on a full stack (apiserver, scheduler, controller-manager, proxy and two kubelets on
 * the fake runtime), driven by the real kubectl: one pod per node (a node joining gets one, a
 * nodeSelector keeps others off), `rollout status`, `set image` rolling one node at a time,
 * `rollout history` and `rollout undo` over the ControllerRevisions, and delete (the garbage
 * collector removes the pods).
 */
describe('kubectl 1.35: daemonsets through the controller-manager', () => {
  const started = useFullStack({ nodes: 2, kubeletEnv: { KUBELEDGER_RUNTIME: 'fake' } });
  let stack: FullStack;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-e2e-ds-'));
  beforeAll(() => {
    stack = started();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const kubectl = (...args: string[]) => stack.kubectl.ok(...args);
  const apply = (manifest: object) => {
    const file = path.join(dir, 'ds.json');
    writeFileSync(file, JSON.stringify(manifest));
    return kubectl('apply', '-f', file);
  };
  const pods = async (app: string): Promise<Pod[]> => (JSON.parse(await kubectl('get', 'pods', '-l', `app=${app}`, '-o', 'json')) as { items: Pod[] }).items;
  /** `<node>=<image>` of each running pod not being deleted, sorted. */
  const running = async (app: string) =>
    (await pods(app))
      .filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp)
      .map((p) => `${p.spec.nodeName}=${p.spec.containers[0]!.image}`)
      .sort()
      .join(' ');
  const rolloutStatus = async (ds: string) => {
    const res = await stack.kubectl.run('rollout', 'status', `ds/${ds}`, '--timeout=120s');
    if (res.code !== 0) throw new Error(`rollout status exited ${res.code}: ${res.stderr}\n${await stack.diagnostics()}`);
    return res.stdout;
  };

  it('runs one pod per node, owned by the DaemonSet and tolerating not-ready nodes, and rollout status returns', async () => {
    expect(await apply(daemonSet('agent', 'registry.example/agent:1'))).toBe('daemonset.apps/agent created\n');
    expect(await rolloutStatus('agent')).toMatch(/daemon set "agent" successfully rolled out\n$/);
    expect(await running('agent')).toBe('node-1=registry.example/agent:1 node-2=registry.example/agent:1');
    const ds = JSON.parse(await kubectl('get', 'ds', 'agent', '-o', 'json')) as { metadata: { uid: string; generation: number }; status: Record<string, number> };
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberAvailable: 2, updatedNumberScheduled: 2, numberMisscheduled: 0, observedGeneration: ds.metadata.generation });
    for (const pod of await pods('agent')) {
      expect(pod.metadata.name).toMatch(/^agent-[a-z0-9]{5}$/);
      expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(pod.metadata.labels?.['controller-revision-hash']).toMatch(/^[a-z0-9]+$/);
      expect(pod.metadata.labels?.['pod-template-generation']).toBe('1');
      expect(pod.spec.tolerations).toContainEqual({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
    }
    const reasons = async () => kubectl('get', 'events', '--field-selector', 'involvedObject.kind=DaemonSet,involvedObject.name=agent', '-o', 'jsonpath={.items[*].reason}');
    await stack.waitFor('SuccessfulCreate events on the DaemonSet', async () => (await reasons()).split(' ').filter((r) => r === 'SuccessfulCreate').length === 2, 60_000);
  });

  it('puts a pod on a node that joins', async () => {
    await stack.addKubelet('node-3', { KUBELEDGER_RUNTIME: 'fake' });
    await stack.waitFor(
      'a pod on node-3',
      async () => (await running('agent')) === 'node-1=registry.example/agent:1 node-2=registry.example/agent:1 node-3=registry.example/agent:1',
      120_000,
    );
    expect(await rolloutStatus('agent')).toMatch(/successfully rolled out/);
  });

  it('keeps pods off nodes its nodeSelector excludes, following node label changes', async () => {
    await kubectl('label', 'node', 'node-1', 'tier=edge');
    expect(await apply(daemonSet('edge', 'registry.example/edge:1', { tier: 'edge' }))).toBe('daemonset.apps/edge created\n');
    await stack.waitFor('an edge pod on node-1 only', async () => (await running('edge')) === 'node-1=registry.example/edge:1', 90_000);
    expect(JSON.parse(await kubectl('get', 'ds', 'edge', '-o', 'json')).status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1 });
    await kubectl('label', 'node', 'node-2', 'tier=edge');
    await kubectl('label', 'node', 'node-1', 'tier-');
    await stack.waitFor('the edge pod moved to node-2', async () => (await pods('edge')).map((p) => p.spec.nodeName).join() === 'node-2' && (await running('edge')) === 'node-2=registry.example/edge:1', 90_000);
    expect(await kubectl('delete', 'ds', 'edge')).toBe('daemonset.apps "edge" deleted from default namespace\n');
  });

  it('lets its pod stay on a node tainted NoSchedule, evicts it on NoExecute, and comes back when the taint goes', async () => {
    const status = async () => JSON.parse(await kubectl('get', 'ds', 'agent', '-o', 'json')).status as Record<string, number>;
    await kubectl('taint', 'node', 'node-3', 'dedicated=db:NoSchedule');
    await stack.waitFor('node-3 no longer desired, its pod misscheduled', async () => (await status()).desiredNumberScheduled === 2 && (await status()).numberMisscheduled === 1, 60_000);
    expect(await running('agent')).toContain('node-3=');
    await kubectl('taint', 'node', 'node-3', 'dedicated=db:NoExecute');
    await stack.waitFor('the agent pod evicted from node-3', async () => !(await pods('agent')).some((p) => p.spec.nodeName === 'node-3') && (await status()).numberMisscheduled === 0, 60_000);
    await kubectl('taint', 'node', 'node-3', 'dedicated-');
    await stack.waitFor('an agent pod on node-3 again', async () => (await running('agent')).split(' ').length === 3, 90_000);
    expect(await rolloutStatus('agent')).toMatch(/successfully rolled out/);
  });

  it('rolls a new image out one node at a time, lists two revisions, and undoes it', async () => {
    // Every numberUnavailable the DaemonSet reports during the rollout, from a watch (maxUnavailable 1).
    const watch = stack.kubectl.start('get', 'ds', 'agent', '-w', '-o', 'jsonpath={.status.numberAvailable}/{.status.numberUnavailable}{"\\n"}');
    await watch.waitForOutput(/\d/);
    expect(await kubectl('set', 'image', 'ds/agent', 'agent=registry.example/agent:2')).toBe('daemonset.apps/agent image updated\n');
    expect(await rolloutStatus('agent')).toMatch(/daemon set "agent" successfully rolled out\n$/);
    await stack.waitFor('agent:2 on every node', async () => (await running('agent')) === 'node-1=registry.example/agent:2 node-2=registry.example/agent:2 node-3=registry.example/agent:2', 90_000);
    const seen = (await watch.stop()).stdout.split('\n').filter((l) => l.includes('/'));
    const unavailable = seen.map((l) => Number(l.split('/')[1] || 0));
    expect(Math.max(...unavailable)).toBeLessThanOrEqual(1);
    expect(Math.max(...unavailable)).toBe(1);

    const history = await kubectl('rollout', 'history', 'ds/agent');
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
    expect(await kubectl('rollout', 'history', 'ds/agent', '--revision=1')).toMatch(/Image:\s+registry\.example\/agent:1/);

    // The current revision's data is byte for byte the patch kubectl computes from the DaemonSet.
    expect(await kubectl('rollout', 'undo', 'ds/agent', '--to-revision=2')).toBe('daemonset.apps/agent skipped rollback (current template already matches revision 2)\n');
    expect(await kubectl('rollout', 'undo', 'ds/agent')).toBe('daemonset.apps/agent rolled back\n');
    expect(await rolloutStatus('agent')).toMatch(/successfully rolled out/);
    await stack.waitFor('agent:1 on every node again', async () => (await running('agent')) === 'node-1=registry.example/agent:1 node-2=registry.example/agent:1 node-3=registry.example/agent:1', 90_000);
    // The first revision is reused, under the next number.
    expect(await kubectl('rollout', 'history', 'ds/agent')).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/);
    expect(await kubectl('rollout', 'undo', 'ds/agent', '--to-revision=3')).toBe('daemonset.apps/agent skipped rollback (current template already matches revision 3)\n');
    const table = await kubectl('get', 'controllerrevisions', '-l', 'app=agent');
    expect(table).toMatch(/^NAME\s+CONTROLLER\s+REVISION\s+AGE\n/);
    expect(table.match(/ daemonset\.apps\/agent\s+[23]\s/g)).toHaveLength(2);
  });

  it('deletes the pods and revisions with the DaemonSet', async () => {
    expect(await kubectl('delete', 'ds', 'agent')).toBe('daemonset.apps "agent" deleted from default namespace\n');
    await stack.waitFor('no agent pods and no revisions', async () => (await pods('agent')).length === 0 && (await kubectl('get', 'controllerrevisions', '-l', 'app=agent', '-o', 'name')) === '', 90_000);
  });

  it("skips undoing to the current revision of a template with characters Go's JSON escapes (<, >, &, U+2028)", async () => {
    const manifest = daemonSet('escaped', 'registry.example/agent:1');
    (manifest.spec.template.metadata as Record<string, unknown>)['annotations'] = { note: 'a<b>&c\u2028d' };
    await apply(manifest);
    await stack.waitFor('a revision of escaped', async () => (await kubectl('get', 'controllerrevisions', '-l', 'app=escaped', '-o', 'name')) !== '', 60_000);
    expect(await kubectl('rollout', 'undo', 'ds/escaped', '--to-revision=1')).toBe('daemonset.apps/escaped skipped rollback (current template already matches revision 1)\n');
    await kubectl('delete', 'ds', 'escaped');
  });
});
