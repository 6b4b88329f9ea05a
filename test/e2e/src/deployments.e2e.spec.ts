import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FullStack } from './support/full-stack.js';
import { Helm } from './support/helm.js';
import { useFullStack } from './support/use-full-stack.js';

interface OwnerReference {
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
}
interface Obj {
  readonly metadata: { readonly name: string; readonly uid: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string>; readonly ownerReferences?: OwnerReference[] };
  readonly spec?: { readonly replicas?: number; readonly template?: { readonly spec: { readonly containers: { readonly image: string }[] } }; readonly containers?: { readonly image: string }[] };
  readonly status?: { readonly phase?: string; readonly replicas?: number; readonly availableReplicas?: number; readonly updatedReplicas?: number };
}

/**
 * Deployments on a full stack (apiserver, scheduler, controller-manager, proxy and two kubelets on
 * the fake runtime), driven by the real kubectl: create, rollout status, set image (a rolling
 * update within maxUnavailable), rollout undo, scale up and down, and delete (the garbage
 * collector removes the ReplicaSets and pods); and helm 4's `install --wait`, which returns once
 * the chart's Deployment is available.
 */
describe('kubectl 1.35: deployments through the controller-manager', () => {
  const started = useFullStack({ nodes: 2, kubeletEnv: { KUBELEDGER_RUNTIME: 'fake' } });
  let stack: FullStack;
  beforeAll(() => {
    stack = started();
  });

  const kubectl = (...args: string[]) => stack.kubectl.ok(...args);
  const items = async (...args: string[]): Promise<Obj[]> => (JSON.parse(await kubectl('get', ...args, '-o', 'json')) as { items: Obj[] }).items;
  const controllerOf = (o: Obj) => o.metadata.ownerReferences?.find((r) => r.controller);
  const imagesOfRunningPods = async () => (await items('pods', '-l', 'app=web')).filter((p) => p.status?.phase === 'Running').map((p) => p.spec!.containers![0]!.image).sort();
  const rolloutStatus = async () => {
    const res = await stack.kubectl.run('rollout', 'status', 'deployment/web', '--timeout=120s');
    if (res.code !== 0) throw new Error(`rollout status exited ${res.code}: ${res.stderr}\n${await stack.diagnostics()}`);
    return res.stdout;
  };

  it('creates a Deployment whose ReplicaSet runs 3 pods, and rollout status returns', async () => {
    expect(await kubectl('create', 'deployment', 'web', '--image=registry.example/web:1', '--replicas=3')).toBe('deployment.apps/web created\n');
    expect(await rolloutStatus()).toMatch(/deployment "web" successfully rolled out\n$/);
    const deployment = JSON.parse(await kubectl('get', 'deployment', 'web', '-o', 'json')) as Obj;
    const sets = await items('replicasets', '-l', 'app=web');
    expect(sets).toHaveLength(1);
    expect(controllerOf(sets[0]!)).toMatchObject({ kind: 'Deployment', name: 'web', uid: deployment.metadata.uid });
    expect(sets[0]!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const pods = await items('pods', '-l', 'app=web');
    expect(pods).toHaveLength(3);
    for (const pod of pods) expect(controllerOf(pod)).toMatchObject({ kind: 'ReplicaSet', uid: sets[0]!.metadata.uid });
    expect(await imagesOfRunningPods()).toEqual(Array(3).fill('registry.example/web:1'));
  });

  it('rolls a new image out without dropping below replicas − maxUnavailable available pods, and undoes it', async () => {
    // Every status the Deployment goes through, from a watch (25% of 3 rounds down: none may be unavailable).
    const watch = stack.kubectl.start('get', 'deployment', 'web', '-w', '-o', 'jsonpath={.status.availableReplicas}{"\\n"}');
    await watch.waitForOutput(/\d/);
    expect(await kubectl('set', 'image', 'deployment/web', 'web=registry.example/web:2')).toBe('deployment.apps/web image updated\n');
    expect(await rolloutStatus()).toMatch(/successfully rolled out/);
    await stack.waitFor('only web:2 pods run', async () => (await imagesOfRunningPods()).join() === Array(3).fill('registry.example/web:2').join());
    const seen = (await watch.stop()).stdout.split('\n').filter((l) => l !== '').map(Number);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(3);
    const sets = await items('replicasets', '-l', 'app=web');
    expect(sets.map((s) => [s.metadata.annotations?.['deployment.kubernetes.io/revision'], s.spec?.replicas]).sort()).toEqual([
      ['1', 0],
      ['2', 3],
    ]);

    expect(await kubectl('rollout', 'undo', 'deployment/web')).toBe('deployment.apps/web rolled back\n');
    expect(await rolloutStatus()).toMatch(/successfully rolled out/);
    await stack.waitFor('only web:1 pods run again', async () => (await imagesOfRunningPods()).join() === Array(3).fill('registry.example/web:1').join());
    // The first ReplicaSet is reused, under the next revision.
    const after = await items('replicasets', '-l', 'app=web');
    expect(after).toHaveLength(2);
    expect(after.find((s) => s.spec?.replicas === 3)?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('scales to 10 and back to 2', async () => {
    expect(await kubectl('scale', 'deployment', 'web', '--replicas=10')).toBe('deployment.apps/web scaled\n');
    await stack.waitFor('10 running pods', async () => (await imagesOfRunningPods()).length === 10);
    expect(await rolloutStatus()).toMatch(/successfully rolled out/);
    expect(await kubectl('scale', 'deployment', 'web', '--replicas=2')).toBe('deployment.apps/web scaled\n');
    await stack.waitFor('2 pods left', async () => (await items('pods', '-l', 'app=web')).length === 2);
    await stack.waitFor('the status of 2 replicas', async () => {
      const { status } = JSON.parse(await kubectl('get', 'deployment', 'web', '-o', 'json')) as Obj;
      return status?.replicas === 2 && status.updatedReplicas === 2;
    });
  });

  it('deletes the ReplicaSets and pods with the Deployment', async () => {
    expect(await kubectl('delete', 'deployment', 'web')).toBe('deployment.apps "web" deleted from default namespace\n');
    await stack.waitFor('no ReplicaSets and no pods of web', async () => (await items('replicasets', '-l', 'app=web')).length === 0 && (await items('pods', '-l', 'app=web')).length === 0);
  });

  it('converges without duplicate ReplicaSets or pods when the controller-manager is killed mid-rollout', async () => {
    // One pod at a time, each new pod available only after 2 s: a rollout of 6 that takes a while.
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'slow' },
      spec: {
        replicas: 6,
        minReadySeconds: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        selector: { matchLabels: { app: 'slow' } },
        template: { metadata: { labels: { app: 'slow' } }, spec: { containers: [{ name: 'slow', image: 'registry.example/slow:1' }] } },
      },
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-e2e-slow-'));
    const file = path.join(dir, 'slow.json');
    writeFileSync(file, JSON.stringify(manifest));
    expect(await kubectl('apply', '-f', file)).toBe('deployment.apps/slow created\n');
    rmSync(dir, { recursive: true, force: true });
    const status = async () => {
      const d = JSON.parse(await kubectl('get', 'deployment', 'slow', '-o', 'json')) as { metadata: { generation: number }; status: { observedGeneration?: number; updatedReplicas?: number; availableReplicas?: number } };
      // A status the controller wrote before it saw the latest spec still counts the old template's pods as updated.
      return { ...d.status, current: (d.status.observedGeneration ?? 0) >= d.metadata.generation };
    };
    await stack.waitFor('the first rollout done', async () => {
      const s = await status();
      return s.current && s.availableReplicas === 6;
    }, 120_000);
    // Every pod of the Deployment that ever exists, from a watch.
    const watch = stack.kubectl.start('get', 'pods', '-l', 'app=slow', '-w', '-o', 'name');
    await watch.waitForOutput(/pod\/slow-/);
    expect(await kubectl('set', 'image', 'deployment/slow', 'slow=registry.example/slow:2')).toBe('deployment.apps/slow image updated\n');
    await stack.waitFor('the rollout under way (2 new pods)', async () => {
      const s = await status();
      return s.current && (s.updatedReplicas ?? 0) >= 2;
    }, 120_000);
    await stack.kill('controller-manager');
    const during = await status();
    expect(during.updatedReplicas).toBeLessThan(6);
    await stack.start('controller-manager');

    const res = await stack.kubectl.run('rollout', 'status', 'deployment/slow', '--timeout=180s');
    if (res.code !== 0) throw new Error(`rollout status exited ${res.code}: ${res.stderr}\n${await stack.diagnostics()}`);
    await stack.waitFor('only the 6 new pods left', async () => {
      const pods = await items('pods', '-l', 'app=slow');
      return pods.length === 6 && pods.every((p) => p.spec!.containers![0]!.image === 'registry.example/slow:2');
    });
    const sets = await items('replicasets', '-l', 'app=slow');
    expect(sets.map((s) => [s.metadata.annotations?.['deployment.kubernetes.io/revision'], s.spec?.replicas]).sort()).toEqual([
      ['1', 0],
      ['2', 6],
    ]);
    // Every pod is the new ReplicaSet's, and no two of them were made for the same slot.
    const pods = await items('pods', '-l', 'app=slow');
    const newSet = sets.find((s) => s.spec?.replicas === 6)!;
    for (const pod of pods) expect(controllerOf(pod)?.uid).toBe(newSet.metadata.uid);
    // …and it made exactly 6 pods over its life, across both controller-manager incarnations.
    const hash = newSet.metadata.labels?.['pod-template-hash'];
    const seen = new Set((await watch.stop()).stdout.split('\n').filter((l) => l.startsWith(`pod/slow-${hash}-`)));
    expect([...seen].sort()).toEqual(pods.map((p) => `pod/${p.metadata.name}`).sort());
    await kubectl('delete', 'deployment', 'slow');
  }, 300_000);

  it('helm install --wait of the `helm create` chart returns once its Deployment is available', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-e2e-helm-wait-'));
    const helm = new Helm(stack.server.kubeconfig);
    try {
      const chart = path.join(dir, 'mychart');
      await helm.ok('create', chart);
      const installed = await helm.run('install', 'waited', chart, '--wait', '--timeout', '120s');
      if (installed.code !== 0) throw new Error(`helm install --wait exited ${installed.code}: ${installed.stderr}\n${await stack.diagnostics()}`);
      expect(installed.stdout).toMatch(/^NAME: waited\n[\s\S]*STATUS: deployed\n/);
      expect(JSON.parse(await kubectl('get', 'deployment', 'waited-mychart', '-o', 'json')).status).toMatchObject({ replicas: 1, availableReplicas: 1, updatedReplicas: 1 });
      expect(await helm.ok('uninstall', 'waited')).toBe('release "waited" uninstalled\n');
    } finally {
      helm.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
