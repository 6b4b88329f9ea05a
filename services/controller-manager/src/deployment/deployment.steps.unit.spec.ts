import type { KubeObject } from '@kubeledger/api';
import { describe, expect, it } from 'vitest';
import { podTemplateHash } from '../controller-utils/pod-template-hash.js';
import { apiError, deploymentObject, FakeCluster } from './testing/fake-cluster.js';

type Spec = Record<string, unknown>;
const annotations = (o: KubeObject | undefined) => (o?.metadata?.['annotations'] ?? {}) as Record<string, string>;
const labels = (o: KubeObject | undefined) => (o?.metadata?.labels ?? {}) as Record<string, string>;
const spec = (o: KubeObject | undefined) => (o?.['spec'] ?? {}) as { replicas?: number; selector?: { matchLabels?: Record<string, string> }; template?: { metadata?: { labels?: Record<string, string> } } };
const status = (o: KubeObject | undefined) => (o?.['status'] ?? {}) as Record<string, unknown> & { conditions?: Array<Record<string, string>> };
const condition = (o: KubeObject | undefined, type: string) => status(o).conditions?.find((c) => c.type === type);
const setImage = (image: string) => (s: Spec) => {
  (s['template'] as { spec: { containers: Array<{ image: string }> } }).spec.containers[0]!.image = image;
};
const templateWith = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } });
const hashOf = (image: string, collisionCount?: number) => podTemplateHash(templateWith(image), collisionCount);

/** A Deployment rolled out at `image` and settled: its ReplicaSet runs every replica. */
async function rolledOut(cluster: FakeCluster, deploymentSpec: Spec = {}): Promise<void> {
  cluster.addDeployment(deploymentObject(deploymentSpec));
  await cluster.reconcile();
  cluster.settle();
  await cluster.reconcile();
}

/**
 * Runs the rollout step by step — one sync, then the ReplicaSet controller's pods (new ones become
 * available only then; removed ones are gone at once) — and returns the sizes after each step,
 * checking at each that no more than replicas + maxSurge pods were asked for and no fewer than
 * replicas − maxUnavailable were available.
 */
async function stepThrough(cluster: FakeCluster, limits: { max: number; minAvailable: number }, steps = 20): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < steps; i++) {
    const before = cluster.writes.length;
    await cluster.reconcile();
    const sets = cluster.replicaSets();
    const asked = sets.reduce((n, rs) => n + spec(rs).replicas!, 0);
    const availableNow = sets.reduce((n, rs) => n + Math.min(Number(status(rs)['availableReplicas'] ?? 0), spec(rs).replicas!), 0);
    expect(asked).toBeLessThanOrEqual(limits.max);
    expect(availableNow).toBeGreaterThanOrEqual(limits.minAvailable);
    cluster.settle();
    if (cluster.writes.length === before) return seen;
    if (cluster.writes.slice(before).some((w) => w.includes('replicaset'))) seen.push(sets.map((rs) => spec(rs).replicas).join(','));
  }
  throw new Error('the rollout did not settle');
}

describe('a new Deployment', () => {
  it('gets its ReplicaSet named and labelled by the template hash, owned by it, under revision 1, with the status via /status', async () => {
    const cluster = new FakeCluster();
    const d = cluster.addDeployment(deploymentObject());
    expect(await cluster.reconcile()).toBe('continue');

    const hash = hashOf('web:1');
    const [rs, ...others] = cluster.replicaSets();
    expect(others).toEqual([]);
    expect(rs?.metadata).toMatchObject({ name: `web-${hash}`, labels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs?.metadata?.['ownerReferences']).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata?.uid, controller: true, blockOwnerDeletion: true }]);
    expect(spec(rs)).toMatchObject({ replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: { metadata: { labels: { app: 'web', 'pod-template-hash': hash } } } });
    expect(annotations(rs)).toEqual({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    expect(cluster.events).toEqual([`Normal ScalingReplicaSet Scaled up replica set web-${hash} to 3 from 0`]);
    // The revision annotation goes with the status (no generation change), in one write.
    expect(cluster.writes).toEqual([`create replicaset web-${hash}`, 'status deployment web']);

    const stored = cluster.deployment();
    expect(annotations(stored)['deployment.kubernetes.io/revision']).toBe('1');
    expect(stored.metadata?.['generation']).toBe(1);
    expect(status(stored)['observedGeneration']).toBe(1);
    expect(condition(stored, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "web-${hash}"` });
    expect(condition(stored, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
  });

  it('is complete once its pods are available — what kubectl rollout status waits for — and a further sync writes nothing', async () => {
    const cluster = new FakeCluster();
    await rolledOut(cluster);
    const stored = cluster.deployment();
    expect(status(stored)).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(status(stored)['unavailableReplicas']).toBeUndefined();
    expect(condition(stored, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hashOf('web:1')}" has successfully progressed.` });
    expect(condition(stored, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });

    const before = cluster.writes.length;
    expect(await cluster.reconcile()).toBe('continue');
    expect(cluster.writes.length).toBe(before);
  });

  it('is not given a second ReplicaSet by a sync that runs before the cache shows the first (AlreadyExists: it is ours)', async () => {
    const cluster = new FakeCluster();
    cluster.lagging = true;
    cluster.addDeployment(deploymentObject());
    cluster.syncCache();
    await cluster.reconcile();
    // The cache still shows no ReplicaSet and the old Deployment: the create is refused, the
    // ReplicaSet found to be this one's; the Deployment write is refused (409) and the key comes back.
    expect(await cluster.reconcile()).toBe('requeue');
    cluster.syncCache();
    expect(await cluster.reconcile()).not.toBe('requeue');
    expect(cluster.replicaSets()).toHaveLength(1);
    expect(cluster.writes.filter((w) => w.startsWith('create'))).toEqual([`create replicaset web-${hashOf('web:1')}`]);
    expect(cluster.events).toHaveLength(1);
  });

  it('bumps collisionCount when its hash names a ReplicaSet with another template, and then creates under the next name', async () => {
    const cluster = new FakeCluster();
    cluster.addReplicaSet({ metadata: { name: `web-${hashOf('web:1')}`, namespace: 'ns', labels: { app: 'other' } }, spec: { replicas: 1, selector: { matchLabels: { app: 'other' } }, template: templateWith('other') } });
    cluster.addDeployment(deploymentObject());
    expect(await cluster.reconcile()).toBe('requeue');
    expect(status(cluster.deployment())['collisionCount']).toBe(1);
    expect(await cluster.reconcile()).toBe('continue');
    expect(cluster.replicaSets().map((rs) => rs.metadata?.name)).toEqual([`web-${hashOf('web:1')}`, `web-${hashOf('web:1', 1)}`]);
  });

  it('reports a failed create as Progressing False ReplicaSetCreateError and a warning, and throws for the queue to retry', async () => {
    const cluster = new FakeCluster();
    cluster.addDeployment(deploymentObject());
    cluster.failCreate = apiError(403, 'exceeded quota');
    await expect(cluster.reconcile()).rejects.toThrow('exceeded quota');
    const message = `Failed to create new replica set "web-${hashOf('web:1')}": exceeded quota`;
    expect(condition(cluster.deployment(), 'Progressing')).toMatchObject({ status: 'False', reason: 'ReplicaSetCreateError', message });
    expect(cluster.events).toEqual([`Warning ReplicaSetCreateError ${message}`]);
  });

  it('being deleted only has its status synced: nothing is created', async () => {
    const cluster = new FakeCluster();
    cluster.addDeployment(deploymentObject({}, { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] }));
    expect(await cluster.reconcile()).toBe('continue');
    expect(cluster.writes).toEqual(['status deployment web']);
    expect(status(cluster.deployment())).toMatchObject({ observedGeneration: 1 });
  });

  it('that selects everything is refused with a warning, its generation observed', async () => {
    const cluster = new FakeCluster();
    cluster.addDeployment(deploymentObject({ selector: {} }));
    expect(await cluster.reconcile()).toBe('continue');
    expect(cluster.replicaSets()).toEqual([]);
    expect(cluster.events).toEqual(['Warning SelectingAll This deployment is selecting all pods. A non-empty selector is required.']);
    expect(status(cluster.deployment())['observedGeneration']).toBe(1);
  });
});

describe('a rolling update', () => {
  it('replaces the ReplicaSet step by step within maxSurge and maxUnavailable (4 replicas, 1 and 1)', async () => {
    const cluster = new FakeCluster();
    await rolledOut(cluster, { replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } });
    cluster.editDeployment('web', setImage('web:2'));
    const [v1, v2] = [`web-${hashOf('web:1')}`, `web-${hashOf('web:2')}`];

    // The sync that creates the new ReplicaSet (at the surge) also takes one old pod: the one unavailable pod allowed.
    expect(await stepThrough(cluster, { max: 5, minAvailable: 3 })).toEqual(['3,1', '3,2', '1,2', '1,4', '0,4']);
    expect(cluster.events.slice(1)).toEqual([
      `Normal ScalingReplicaSet Scaled up replica set ${v2} to 1 from 0`,
      `Normal ScalingReplicaSet Scaled down replica set ${v1} to 3 from 4`,
      `Normal ScalingReplicaSet Scaled up replica set ${v2} to 2 from 1`,
      `Normal ScalingReplicaSet Scaled down replica set ${v1} to 1 from 3`,
      `Normal ScalingReplicaSet Scaled up replica set ${v2} to 4 from 2`,
      `Normal ScalingReplicaSet Scaled down replica set ${v1} to 0 from 1`,
    ]);
    const [old, current] = cluster.replicaSets();
    expect(annotations(old)['deployment.kubernetes.io/revision']).toBe('1');
    expect(annotations(current)['deployment.kubernetes.io/revision']).toBe('2');
    expect(annotations(cluster.deployment())['deployment.kubernetes.io/revision']).toBe('2');
    expect(condition(cluster.deployment(), 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable' });
    expect(status(cluster.deployment())).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
  });

  it('with the defaults (25% of 3: a surge of 1, none unavailable) never has fewer than 3 pods available', async () => {
    const cluster = new FakeCluster();
    await rolledOut(cluster);
    cluster.editDeployment('web', setImage('web:2'));
    expect(await stepThrough(cluster, { max: 4, minAvailable: 3 })).toEqual(['3,1', '2,1', '2,2', '1,2', '1,3', '0,3']);
  });

  it('rolled back to an earlier template reuses that ReplicaSet under the next revision, its old one kept in revision-history', async () => {
    const cluster = new FakeCluster();
    await rolledOut(cluster);
    cluster.editDeployment('web', setImage('web:2'));
    await stepThrough(cluster, { max: 4, minAvailable: 3 });
    cluster.editDeployment('web', setImage('web:1')); // what kubectl rollout undo patches in
    await stepThrough(cluster, { max: 4, minAvailable: 3 });

    expect(cluster.writes.filter((w) => w.startsWith('create'))).toHaveLength(2);
    const [first, second] = cluster.replicaSets();
    expect(annotations(first)).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect([spec(first).replicas, spec(second).replicas]).toEqual([3, 0]);
    expect(annotations(cluster.deployment())['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('keeps revisionHistoryLimit old ReplicaSets once complete, deleting the lowest revisions', async () => {
    const cluster = new FakeCluster();
    await rolledOut(cluster, { revisionHistoryLimit: 1 });
    for (const image of ['web:2', 'web:3', 'web:4']) {
      cluster.editDeployment('web', setImage(image));
      await stepThrough(cluster, { max: 4, minAvailable: 3 });
    }
    expect(cluster.replicaSets().map((rs) => annotations(rs)['deployment.kubernetes.io/revision'])).toEqual(['3', '4']);
    expect(cluster.writes.filter((w) => w.startsWith('delete'))).toEqual([`delete replicaset web-${hashOf('web:1')}`, `delete replicaset web-${hashOf('web:2')}`]);
  });

  it('scaled mid-rollout spreads the new replicas over both ReplicaSets in proportion (10 → 20, surge 3, unavailable 2)', async () => {
    const cluster = new FakeCluster();
    await rolledOut(cluster, { replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } });
    cluster.editDeployment('web', setImage('web:2'));
    await cluster.reconcile(); // new at 3 (13 in all), old down to 8 (13 − 8 minAvailable − 3 new unavailable = 2)
    expect(cluster.sizes().map((s) => s.split('=')[1])).toEqual(['8', '3']);

    cluster.editDeployment('web', (s) => (s['replicas'] = 20));
    await cluster.reconcile();
    const [v1, v2] = [`web-${hashOf('web:1')}`, `web-${hashOf('web:2')}`];
    expect(cluster.sizes()).toEqual([`${v1}=18`, `${v2}=5`]);
    expect(cluster.events.slice(-2)).toEqual([`Normal ScalingReplicaSet Scaled up replica set ${v1} to 18 from 8`, `Normal ScalingReplicaSet Scaled up replica set ${v2} to 5 from 3`]);
    for (const rs of cluster.replicaSets()) expect(annotations(rs)).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '20', 'deployment.kubernetes.io/max-replicas': '23' });
  });

  it('comes back when its progress deadline passes, and then reports ProgressDeadlineExceeded', async () => {
    const cluster = new FakeCluster();
    await rolledOut(cluster, { progressDeadlineSeconds: 60 });
    cluster.editDeployment('web', setImage('web:broken'));
    await cluster.reconcile();
    cluster.settle({ [`web-${hashOf('web:broken')}`]: 0 }); // its pods never become available
    await cluster.reconcile();
    // The new pod was counted (progress at that sync's time); nothing since: due back in 60 s, plus a second.
    expect(await cluster.reconcile()).toEqual({ requeueAfterMs: 61_000 });
    cluster.advance(61_000);
    await cluster.reconcile();
    expect(condition(cluster.deployment(), 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "web-${hashOf('web:broken')}" has timed out progressing.` });
    expect(await cluster.reconcile()).toBe('continue');
  });

  it('comes back on a conflict (the cache was behind) without writing anything else', async () => {
    const cluster = new FakeCluster();
    await rolledOut(cluster);
    cluster.editDeployment('web', (s) => (s['replicas'] = 5));
    const before = cluster.writes.length;
    expect(await cluster.reconcile('web', { updateReplicaSet: async () => Promise.reject(apiError(409, 'the object has been modified')) })).toBe('requeue');
    expect(cluster.writes.length).toBe(before);
  });
});

describe('a paused Deployment', () => {
  it('gets no ReplicaSet for a new template but is still scaled, and rolls out once resumed', async () => {
    const cluster = new FakeCluster();
    await rolledOut(cluster);
    cluster.editDeployment('web', (s) => (s['paused'] = true));
    await cluster.reconcile();
    expect(condition(cluster.deployment(), 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });

    cluster.editDeployment('web', setImage('web:2'));
    await cluster.reconcile();
    expect(cluster.replicaSets()).toHaveLength(1);
    cluster.editDeployment('web', (s) => (s['replicas'] = 5));
    await cluster.reconcile();
    expect(cluster.sizes()).toEqual([`web-${hashOf('web:1')}=5`]);
    expect(status(cluster.deployment())['observedGeneration']).toBe(cluster.deployment().metadata?.['generation']);

    cluster.editDeployment('web', (s) => (s['paused'] = false));
    await cluster.reconcile();
    expect(condition(cluster.deployment(), 'Progressing')).toMatchObject({ reason: 'NewReplicaSetCreated' });
    // 5 replicas: a surge of 2 (rounded up), 1 unavailable (rounded down).
    expect(cluster.sizes()).toEqual([`web-${hashOf('web:1')}=4`, `web-${hashOf('web:2')}=2`]);
  });
});

describe('a Recreate Deployment', () => {
  it('scales the old ReplicaSet to 0, waits for its pods to be gone, and only then creates the new one at full size', async () => {
    const cluster = new FakeCluster();
    await rolledOut(cluster, { replicas: 2, strategy: { type: 'Recreate' } });
    const [v1, v2] = [`web-${hashOf('web:1')}`, `web-${hashOf('web:2')}`];
    const old = cluster.replicaSets()[0]!;
    const pod = (name: string, phase: string): KubeObject => ({
      metadata: { name, namespace: 'ns', labels: { app: 'web', 'pod-template-hash': hashOf('web:1') }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: v1, uid: old.metadata?.uid, controller: true }] },
      status: { phase },
    });
    cluster.pods = [pod('a', 'Running'), pod('b', 'Running')];

    cluster.editDeployment('web', setImage('web:2'));
    await cluster.reconcile();
    expect(cluster.sizes()).toEqual([`${v1}=0`]);
    cluster.settle(); // the old ReplicaSet reports no pods, but they are still terminating
    await cluster.reconcile();
    expect(cluster.replicaSets()).toHaveLength(1);
    cluster.pods = [pod('b', 'Succeeded')]; // one gone, one finished
    await cluster.reconcile();
    expect(cluster.sizes()).toEqual([`${v1}=0`, `${v2}=2`]);
    expect(cluster.events.slice(1)).toEqual([`Normal ScalingReplicaSet Scaled down replica set ${v1} to 0 from 2`, `Normal ScalingReplicaSet Scaled up replica set ${v2} to 2 from 0`]);
  });
});

describe('claiming ReplicaSets', () => {
  it('adopts an orphan its selector matches (running its template: no new one is created) and releases one it no longer matches', async () => {
    const cluster = new FakeCluster();
    const hash = hashOf('web:1');
    cluster.addReplicaSet({ metadata: { name: 'orphan', namespace: 'ns', labels: { app: 'web', 'pod-template-hash': hash } }, spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: { ...templateWith('web:1'), metadata: { labels: { app: 'web', 'pod-template-hash': hash } } } } });
    const d = cluster.addDeployment(deploymentObject());
    cluster.addReplicaSet({ metadata: { name: 'strayed', namespace: 'ns', labels: { app: 'api' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata?.uid, controller: true }] }, spec: { replicas: 0, template: templateWith('api') } });
    cluster.addReplicaSet({ metadata: { name: 'others', namespace: 'ns', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'other', uid: 'other-uid', controller: true }] }, spec: { replicas: 1, template: templateWith('web:0') } });

    await cluster.reconcile();
    expect(cluster.writes.filter((w) => w.startsWith('create') || w.startsWith('patch'))).toEqual(['patch replicaset orphan', 'patch replicaset strayed']);
    const byName = new Map(cluster.replicaSets().map((rs) => [rs.metadata?.name, rs]));
    expect(byName.get('orphan')?.metadata?.['ownerReferences']).toMatchObject([{ kind: 'Deployment', uid: d.metadata?.uid, controller: true }]);
    expect(annotations(byName.get('orphan'))['deployment.kubernetes.io/revision']).toBe('1');
    expect(byName.get('strayed')?.metadata?.['ownerReferences']).toEqual([]);
    expect(spec(byName.get('others')).replicas).toBe(1);
    expect(labels(byName.get('others'))).toEqual({ app: 'web' });
  });
});
