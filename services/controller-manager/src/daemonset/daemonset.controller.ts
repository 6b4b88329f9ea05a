import type { KubeObject } from '@kubeledger/api';
import {
  CONTROLLERREVISIONS,
  DAEMONSETS,
  EventRecorder,
  isAlreadyExists,
  isConflict,
  isInvalid,
  isNotFound,
  NODES,
  PODS,
  waitForCacheSync,
  type Informer,
  type KubeClient,
  type SharedInformers,
} from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { SyncQueue } from '../controller-utils/sync-queue.js';
import { controllerRefOf } from '../controller-utils/controller-ref.js';
import { ReplicaExpectations } from '../controller-utils/replica-expectations.js';
import { daemonSetEventHandler, dependentEventHandler, keyOf, nodeEventHandler, type Enqueue } from './daemonset.event-handlers.js';
import { reconcileDaemonSet, type ReconcileDaemonSetDeps } from './daemonset.reconcile-daemonset.js';
import { DAEMONSET_BURST_REPLICAS } from './daemonset.sync-nodes.js';
import { asDaemonSet } from './daemonset-spec.js';
import { FailedPodsBackoff } from './failed-pods-backoff.js';
import { isNamespaceTerminating } from '../controller-utils/namespace-terminating.js';

export interface DaemonSetControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create' | 'update' | 'patch' | 'delete' | 'updateStatus'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  /** --concurrent-daemonset-syncs (upstream: 2). */
  readonly workers?: number;
  readonly retryMs?: number;
  /** Pods created or deleted per DaemonSet per sync (upstream: 250). */
  readonly burstReplicas?: number;
  readonly log?: (message: string) => void;
}

/** Pods and ControllerRevisions by `<namespace>/<controller uid>`; orphans under `<namespace>/`. */
const BY_CONTROLLER = 'controller';
const tracer = tracerFor('daemonset-controller');

const byController = (o: KubeObject) => [keyOf(o.metadata?.namespace, controllerRefOf(o)?.uid ?? '')];

/**
 * The DaemonSet controller's wiring (STYLE 17): informers on DaemonSets, Pods, Nodes and
 * ControllerRevisions feed a work queue of DaemonSet keys through the event handlers; the workers
 * (one per key at a time) run {@link reconcileDaemonSet}. `start()` resolves once the informers
 * synced; {@link run} starts the workers (the leader's work) until {@link stop}.
 */
export class DaemonSetController {
  readonly daemonSets: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly nodes: Informer<KubeObject>;
  readonly revisions: Informer<KubeObject>;
  readonly queue: SyncQueue;
  readonly expectations = new ReplicaExpectations();
  readonly failedPodsBackoff = new FailedPodsBackoff();
  readonly recorder: EventRecorder;

  constructor(deps: DaemonSetControllerDeps) {
    const { client, informers } = deps;
    const log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`));
    this.recorder = new EventRecorder(client, { component: 'daemonset-controller' }, { log });
    this.daemonSets = informers.for(DAEMONSETS);
    this.pods = informers.for(PODS, { [BY_CONTROLLER]: byController });
    this.nodes = informers.for(NODES);
    this.revisions = informers.for(CONTROLLERREVISIONS, { [BY_CONTROLLER]: byController });
    const reconcileDeps = this.#reconcileDeps(deps, log);
    const sync = (key: string) => {
      this.failedPodsBackoff.gc(Date.now());
      return reconcileDaemonSet(key, reconcileDeps);
    };
    this.queue = new SyncQueue(sync, { name: 'daemonset', tracer, span: 'sync daemonset', resource: 'daemonsets', workers: deps.workers ?? 2, retryMs: deps.retryMs, log });
    const enqueue: Enqueue = (key, ctx) => this.queue.add(key, ctx);
    const lookup = { getDaemonSet: (namespace: string, name: string) => this.daemonSets.get(namespace, name), listDaemonSets: (namespace?: string) => this.daemonSets.list(namespace), enqueue };
    this.daemonSets.addEventHandler(daemonSetEventHandler({ enqueue, forgetExpectations: (key) => this.expectations.forget(key) }));
    this.pods.addEventHandler(dependentEventHandler(lookup));
    this.revisions.addEventHandler(dependentEventHandler(lookup));
    this.nodes.addEventHandler(nodeEventHandler(lookup));
  }

  async start(): Promise<boolean> {
    const informers = [this.daemonSets, this.pods, this.nodes, this.revisions];
    for (const informer of informers) void informer.start();
    return waitForCacheSync(...informers);
  }

  /** Starts the workers: every DaemonSet was queued by the initial list. */
  run(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    await this.recorder.flush();
  }

  #reconcileDeps({ client, burstReplicas }: DaemonSetControllerDeps, log: (message: string) => void): ReconcileDaemonSetDeps {
    return {
      getDaemonSet: (namespace, name) => this.daemonSets.get(namespace, name),
      getPod: (namespace, name) => this.pods.get(namespace, name),
      listNodes: () => this.nodes.list(),
      listPods: (namespace, uid) => this.pods.byIndex(BY_CONTROLLER, keyOf(namespace, uid)),
      listRevisions: (namespace, uid) => this.revisions.byIndex(BY_CONTROLLER, keyOf(namespace, uid)),
      podsRevision: () => this.pods.lastSyncRevision,
      expectations: this.expectations,
      failedPodsBackoff: this.failedPodsBackoff,
      createPod: (namespace, pod) => client.create(PODS, namespace, pod),
      deletePod: (namespace, name, uid) => client.delete(PODS, namespace, name, uid ? { preconditions: { uid } } : {}),
      patchPod: (namespace, name, patch) => client.patch(PODS, namespace, name, patch, 'strategic'),
      patchRevision: (namespace, name, patch) => client.patch(CONTROLLERREVISIONS, namespace, name, patch, 'strategic'),
      createRevision: (namespace, rev) => client.create(CONTROLLERREVISIONS, namespace, rev),
      updateRevision: (rev) => client.update(CONTROLLERREVISIONS, rev.metadata?.namespace, rev),
      getRevision: (namespace, name) => client.get(CONTROLLERREVISIONS, namespace, name),
      deleteRevision: (namespace, name) => client.delete(CONTROLLERREVISIONS, namespace, name),
      getFreshDaemonSet: (namespace, name) => client.get(DAEMONSETS, namespace, name),
      updateDaemonSetStatus: (ds) => client.updateStatus(DAEMONSETS, ds.metadata?.namespace, ds),
      event: (ds, type, reason, message) => this.recorder.event(asDaemonSet(ds), type, reason, message),
      isAlreadyExists,
      isConflict,
      isNotFound,
      isInvalid,
      isNamespaceTerminating,
      burstReplicas: burstReplicas ?? DAEMONSET_BURST_REPLICAS,
      now: () => new Date(),
      log,
    };
  }
}
