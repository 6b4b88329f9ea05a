import { isDeepStrictEqual } from 'node:util';
import { rfc3339, type KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { controllerRefOf } from '../../controller-utils/controller-ref.js';
import { reconcileDeployment, type ReconcileDeploymentDeps } from '../deployment.reconcile-deployment.js';

/** Test support: an error with an HTTP code, as the fakes throw them. */
export const apiError = (code: number, message: string): Error => Object.assign(new Error(message), { code });
const hasCode = (code: number) => (err: unknown) => (err as { code?: number } | undefined)?.code === code;

const clone = <T>(o: T): T => structuredClone(o);
const keyOf = (o: KubeObject) => `${o.metadata?.namespace}/${o.metadata?.name}`;
const specOf = (o: KubeObject) => (o['spec'] ?? {}) as Record<string, unknown>;

/** A Deployment `web` in namespace `ns` as the apiserver stores it (defaults applied); `spec` is merged over them. */
export function deploymentObject(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'ns', ...metadata },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...spec,
    },
  };
}

/**
 * Test support: an apiserver for Deployments, ReplicaSets and Pods in memory (resourceVersions,
 * conditional updates, AlreadyExists, delete preconditions, generations as this apiserver counts
 * them) and the informer cache the controller reads, which follows every write at once unless
 * `lagging` (then only on {@link syncCache}). `settle` plays the ReplicaSet controller.
 */
export class FakeCluster {
  #rv = 100;
  #uid = 0;
  #clock = Date.parse('2025-01-01T00:00:00Z');
  readonly server = { deployments: new Map<string, KubeObject>(), replicaSets: new Map<string, KubeObject>() };
  readonly cache = { deployments: new Map<string, KubeObject>(), replicaSets: new Map<string, KubeObject>() };
  pods: KubeObject[] = [];
  /** `Normal ScalingReplicaSet Scaled up replica set web-x to 3 from 0`, … */
  readonly events: string[] = [];
  /** `create replicaset web-x`, `update replicaset web-x`, `update deployment web`, `status deployment web`, `delete …`, `patch …`. */
  readonly writes: string[] = [];
  lagging = false;
  /** Throws instead of creating a ReplicaSet (for failure tests). */
  failCreate: Error | undefined;

  get now(): Date {
    return new Date(this.#clock);
  }

  advance(ms: number): void {
    this.#clock += ms;
  }

  addDeployment(d: KubeObject): KubeObject {
    return this.#store('deployments', { ...clone(d), metadata: { ...clone(d.metadata), uid: `uid-${++this.#uid}`, generation: 1, creationTimestamp: this.#stamp() } });
  }

  /** A user's edit of the Deployment's spec (generation + 1). */
  editDeployment(name: string, edit: (spec: Record<string, unknown>) => void): void {
    const d = clone(this.server.deployments.get(`ns/${name}`)!);
    edit(specOf(d));
    this.#store('deployments', { ...d, metadata: { ...d.metadata, generation: Number(d.metadata?.['generation']) + 1 } });
  }

  /** A ReplicaSet written by someone else (an orphan, another owner's). */
  addReplicaSet(rs: KubeObject): KubeObject {
    return this.#store('replicaSets', { ...clone(rs), metadata: { ...clone(rs.metadata), uid: `uid-${++this.#uid}`, generation: 1, creationTimestamp: this.#stamp() } });
  }

  /** The ReplicaSet controller caught up: each ReplicaSet runs `spec.replicas` pods, `available` of them available (all when unset). */
  settle(available: Record<string, number> = {}): void {
    for (const rs of this.server.replicaSets.values()) {
      const replicas = Number(specOf(rs)['replicas']);
      const name = rs.metadata?.name ?? '';
      const status = { replicas, readyReplicas: available[name] ?? replicas, availableReplicas: available[name] ?? replicas, observedGeneration: rs.metadata?.['generation'] };
      if (!isDeepStrictEqual(rs['status'], status)) this.#store('replicaSets', { ...rs, status });
    }
  }

  syncCache(): void {
    for (const kind of ['deployments', 'replicaSets'] as const) {
      this.cache[kind].clear();
      for (const [k, v] of this.server[kind]) this.cache[kind].set(k, clone(v));
    }
  }

  deployment(name = 'web'): KubeObject {
    return this.server.deployments.get(`ns/${name}`)!;
  }

  /** The ReplicaSets on the server, oldest first. */
  replicaSets(): KubeObject[] {
    return [...this.server.replicaSets.values()];
  }

  /** `name=replicas` of each ReplicaSet, oldest first. */
  sizes(): string[] {
    return this.replicaSets().map((rs) => `${rs.metadata?.name}=${specOf(rs)['replicas']}`);
  }

  reconcile(name = 'web', overrides: Partial<ReconcileDeploymentDeps> = {}): Promise<StepResult> {
    return reconcileDeployment(`ns/${name}`, { ...this.deps(), ...overrides });
  }

  deps(): ReconcileDeploymentDeps {
    return {
      getDeployment: (ns, name) => this.cache.deployments.get(`${ns}/${name}`),
      listReplicaSets: (ns) => [...this.cache.replicaSets.values()].filter((rs) => rs.metadata?.namespace === ns),
      listOwnedPods: (ns, uid) => this.pods.filter((p) => p.metadata?.namespace === ns && controllerRefOf(p)?.uid === uid),
      getFreshDeployment: async (ns, name) => clone(this.#get('deployments', `${ns}/${name}`)),
      getFreshReplicaSet: async (ns, name) => clone(this.#get('replicaSets', `${ns}/${name}`)),
      createReplicaSet: async (rs) => {
        if (this.failCreate) throw this.failCreate;
        if (this.server.replicaSets.has(keyOf(rs))) throw apiError(409, `replicasets.apps "${rs.metadata?.name}" already exists`);
        this.writes.push(`create replicaset ${rs.metadata?.name}`);
        return this.addReplicaSet(rs);
      },
      updateReplicaSet: async (rs) => {
        const old = this.#current('replicaSets', rs);
        this.writes.push(`update replicaset ${rs.metadata?.name}`);
        const generation = Number(old.metadata?.['generation']) + (isDeepStrictEqual(specOf(old), specOf(rs)) ? 0 : 1);
        return this.#store('replicaSets', { ...clone(rs), status: old['status'], metadata: { ...clone(rs.metadata), generation } });
      },
      patchReplicaSet: async (ns, name, patch) => {
        const old = this.#get('replicaSets', `${ns}/${name}`);
        const meta = patch['metadata'] as { uid?: string; resourceVersion?: string; ownerReferences: Array<Record<string, unknown>> };
        if (meta.uid !== old.metadata?.uid) throw apiError(422, 'uid mismatch');
        if (meta.resourceVersion && meta.resourceVersion !== old.metadata?.resourceVersion) throw apiError(409, 'conflict');
        const [ref] = meta.ownerReferences;
        const refs = ((old.metadata?.['ownerReferences'] ?? []) as Array<{ uid: string }>).filter((r) => r.uid !== ref!['uid']);
        this.writes.push(`patch replicaset ${name}`);
        return this.#store('replicaSets', { ...old, metadata: { ...old.metadata, ownerReferences: ref!['$patch'] === 'delete' ? refs : [...refs, ref] } });
      },
      deleteReplicaSet: async (rs) => {
        const old = this.#current('replicaSets', rs);
        if (old.metadata?.uid !== rs.metadata?.uid) throw apiError(409, 'precondition failed: uid');
        this.writes.push(`delete replicaset ${rs.metadata?.name}`);
        this.server.replicaSets.delete(keyOf(rs));
        if (!this.lagging) this.cache.replicaSets.delete(keyOf(rs));
      },
      updateDeploymentStatus: async (d) => {
        const old = this.#current('deployments', d);
        this.writes.push(`status deployment ${d.metadata?.name}`);
        // A Deployment's status write keeps the annotations it is sent (upstream's status strategy).
        return this.#store('deployments', { ...old, metadata: { ...old.metadata, annotations: clone(d.metadata?.['annotations']) }, status: clone(d['status']) });
      },
      event: (_object, type, reason, message) => this.events.push(`${type} ${reason} ${message}`),
      now: () => this.now,
      isConflict: hasCode(409),
      isNotFound: hasCode(404),
      isInvalid: hasCode(422),
      isAlreadyExists: (err) => hasCode(409)(err) && String((err as Error).message).includes('already exists'),
      isNamespaceTerminating: () => false,
      log: () => undefined,
    };
  }

  #stamp(): string {
    this.#clock += 1000;
    return rfc3339(this.#clock);
  }

  #get(kind: 'deployments' | 'replicaSets', key: string): KubeObject {
    const o = this.server[kind].get(key);
    if (!o) throw apiError(404, `${key} not found`);
    return o;
  }

  /** The stored object a conditional write names; 409 when its resourceVersion is not the stored one. */
  #current(kind: 'deployments' | 'replicaSets', o: KubeObject): KubeObject {
    const old = this.#get(kind, keyOf(o));
    const rv = o.metadata?.resourceVersion;
    if (rv !== undefined && rv !== old.metadata?.resourceVersion) throw apiError(409, `the object has been modified (${keyOf(o)})`);
    return old;
  }

  #store(kind: 'deployments' | 'replicaSets', o: KubeObject): KubeObject {
    const stored = { ...o, metadata: { ...o.metadata, resourceVersion: String(++this.#rv) } };
    this.server[kind].set(keyOf(stored), stored);
    if (!this.lagging) this.cache[kind].set(keyOf(stored), clone(stored));
    return clone(stored);
  }
}
