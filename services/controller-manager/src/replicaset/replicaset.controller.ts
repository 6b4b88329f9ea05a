import type { KubeObject } from '@kubeledger/api';
import {
  EventRecorder,
  isConflict,
  isInvalid,
  isNotFound,
  PODS,
  REPLICASETS,
  waitForCacheSync,
  type Informer,
  type KubeClient,
  type SharedInformers,
} from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { controllerRefOf } from '../controller-utils/controller-ref.js';
import { BURST_REPLICAS } from './plan-replicas.js';
import { ReplicaExpectations } from '../controller-utils/replica-expectations.js';
import { keyOf, podEventHandler, replicaSetEventHandler, type Enqueue } from './replicaset.event-handlers.js';
import { reconcileReplicaSet, type ReconcileReplicaSetDeps } from './replicaset.reconcile-replicaset.js';
import { asReplicaSet } from './replicaset-spec.js';
import { isNamespaceTerminating } from '../controller-utils/namespace-terminating.js';
import { SyncQueue } from '../controller-utils/sync-queue.js';

export interface ReplicaSetControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create' | 'patch' | 'delete' | 'updateStatus'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  /** --concurrent-replicaset-syncs (upstream: 5). */
  readonly workers?: number;
  readonly retryMs?: number;
  /** Pods created or deleted per ReplicaSet per sync (upstream: 500). */
  readonly burstReplicas?: number;
  readonly log?: (message: string) => void;
}

/** Pods by `<namespace>/<controller uid>`; orphans under `<namespace>/`. */
const BY_CONTROLLER = 'controller';
/** ReplicaSets by their controller's uid (a Deployment's): the related ReplicaSets of a scale-down. */
const BY_OWNER = 'owner';
const tracer = tracerFor('replicaset-controller');

/**
 * The ReplicaSet controller's wiring (STYLE 17): informers on ReplicaSets and Pods feed a work
 * queue of ReplicaSet keys through the event handlers; the workers (one per key at a time) run
 * {@link reconcileReplicaSet}. `start()` resolves once the informers synced; {@link run} starts the
 * workers (the leader's work) until {@link stop}.
 */
export class ReplicaSetController {
  readonly replicaSets: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly queue: SyncQueue;
  readonly expectations = new ReplicaExpectations();
  readonly recorder: EventRecorder;

  constructor(deps: ReplicaSetControllerDeps) {
    const { client, informers } = deps;
    const log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`));
    this.recorder = new EventRecorder(client, { component: 'replicaset-controller' }, { log });
    this.replicaSets = informers.for(REPLICASETS, { [BY_OWNER]: (rs) => [controllerRefOf(rs)?.uid].filter((uid): uid is string => Boolean(uid)) });
    this.pods = informers.for(PODS, { [BY_CONTROLLER]: (pod) => [keyOf(pod.metadata?.namespace, controllerRefOf(pod)?.uid ?? '')] });
    const reconcileDeps = this.#reconcileDeps(deps, log);
    this.queue = new SyncQueue((key) => reconcileReplicaSet(key, reconcileDeps), {
      name: 'replicaset',
      tracer,
      span: 'sync replicaset',
      resource: 'replicasets',
      workers: deps.workers ?? 5,
      retryMs: deps.retryMs,
      log,
    });
    const enqueue: Enqueue = (key, ctx) => this.queue.add(key, ctx);
    this.replicaSets.addEventHandler(replicaSetEventHandler({ enqueue, forgetExpectations: (key) => this.expectations.forget(key) }));
    this.pods.addEventHandler(
      podEventHandler({ getReplicaSet: (namespace, name) => this.replicaSets.get(namespace, name), listReplicaSets: (namespace) => this.replicaSets.list(namespace), enqueue }),
    );
  }

  async start(): Promise<boolean> {
    void this.replicaSets.start();
    void this.pods.start();
    return waitForCacheSync(this.replicaSets, this.pods);
  }

  /** Starts the workers: every ReplicaSet was queued by the initial list. */
  run(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    await this.recorder.flush();
  }

  #reconcileDeps({ client, burstReplicas }: ReplicaSetControllerDeps, log: (message: string) => void): ReconcileReplicaSetDeps {
    return {
      getReplicaSet: (namespace, name) => this.replicaSets.get(namespace, name),
      getPod: (namespace, name) => this.pods.get(namespace, name),
      listOwnedPods: (namespace, uid) => this.pods.byIndex(BY_CONTROLLER, keyOf(namespace, uid)),
      listOrphanPods: (namespace) => this.pods.byIndex(BY_CONTROLLER, keyOf(namespace, '')),
      podsRevision: () => this.pods.lastSyncRevision,
      // Upstream's getIndirectlyRelatedPods: the pods of every ReplicaSet of the same controller (none without one).
      relatedPods: (rs) => {
        const owner = controllerRefOf(rs)?.uid;
        if (!owner) return [];
        return this.replicaSets.byIndex(BY_OWNER, owner).flatMap((s) => this.pods.byIndex(BY_CONTROLLER, keyOf(s.metadata?.namespace, s.metadata?.uid ?? '')));
      },
      expectations: this.expectations,
      createPod: (namespace, pod) => client.create(PODS, namespace, pod),
      deletePod: (namespace, name, uid) => client.delete(PODS, namespace, name, uid ? { preconditions: { uid } } : {}),
      patchPod: (namespace, name, patch) => client.patch(PODS, namespace, name, patch, 'strategic'),
      getFreshReplicaSet: (namespace, name) => client.get(REPLICASETS, namespace, name),
      updateStatus: (rs) => client.updateStatus(REPLICASETS, rs.metadata?.namespace, rs),
      event: (rs, type, reason, message) => this.recorder.event(asReplicaSet(rs), type, reason, message),
      isConflict,
      isNotFound,
      isInvalid,
      isNamespaceTerminating,
      burstReplicas: burstReplicas ?? BURST_REPLICAS,
      now: () => new Date(),
      log,
    };
  }
}
