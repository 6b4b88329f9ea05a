import type { KubeObject } from '@kubeledger/api';
import {
  DEPLOYMENTS,
  EventRecorder,
  isConflict,
  isNotFound,
  PODDISRUPTIONBUDGETS,
  PODS,
  REPLICASETS,
  waitForCacheSync,
  type Informer,
  type KubeClient,
  type SharedInformers,
  type ResourceRef,
} from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { podEventHandler, pdbEventHandler, type Enqueue } from './disruption.event-handlers.js';
import { reconcilePdb, type ReconcilePdbDeps } from './disruption.reconcile-pdb.js';
import { PDB_KIND } from './pdb-types.js';
import { scaleFinder } from './scale-finder.js';
import { cleanStalePodDisruption, staleDisruptionWaitMs, type CleanStaleDeps } from './stale-pod-disruption.js';
import { SyncQueue } from '../controller-utils/sync-queue.js';

export interface DisruptionControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create' | 'patch' | 'updateStatus'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
}

const STATEFULSETS: ResourceRef = Object.freeze({ group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true });
const REPLICATIONCONTROLLERS: ResourceRef = Object.freeze({ group: '', version: 'v1', resource: 'replicationcontrollers', namespaced: true });
const tracer = tracerFor('disruption-controller');

/**
 * The disruption controller's wiring (pkg/controller/disruption): informers on budgets and pods
 * feed a queue of budget keys, and on the pods' controllers (ReplicaSets, Deployments,
 * ReplicationControllers, StatefulSets) for their scale; one worker, as upstream, runs
 * {@link reconcilePdb}. A second queue clears the DisruptionTarget condition of pods an eviction
 * marked that did not go ({@link cleanStalePodDisruption}).
 */
export class DisruptionController {
  readonly pdbs: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly owners: readonly Informer<KubeObject>[];
  readonly queue: SyncQueue;
  /** Pods whose DisruptionTarget condition may go stale (upstream's stalePodDisruptionQueue). */
  readonly staleQueue: SyncQueue;
  readonly recorder: EventRecorder;

  constructor(deps: DisruptionControllerDeps) {
    const { client, informers } = deps;
    const log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`));
    this.recorder = new EventRecorder(client, { component: 'controllermanager' }, { log });
    this.pdbs = informers.for(PODDISRUPTIONBUDGETS);
    this.pods = informers.for(PODS);
    const [replicaSets, deployments, replicationControllers, statefulSets] = [
      informers.for(REPLICASETS),
      informers.for(DEPLOYMENTS),
      informers.for(REPLICATIONCONTROLLERS),
      informers.for(STATEFULSETS),
    ];
    this.owners = [replicaSets, deployments, replicationControllers, statefulSets];
    const reconcileDeps: ReconcilePdbDeps = {
      getPdb: (namespace, name) => this.pdbs.get(namespace, name),
      listPods: (namespace) => this.pods.list(namespace),
      findScale: scaleFinder({
        getReplicaSet: (namespace, name) => replicaSets.get(namespace, name),
        getDeployment: (namespace, name) => deployments.get(namespace, name),
        getReplicationController: (namespace, name) => replicationControllers.get(namespace, name),
        getStatefulSet: (namespace, name) => statefulSets.get(namespace, name),
      }),
      updateStatus: (pdb) => client.updateStatus(PODDISRUPTIONBUDGETS, pdb.metadata?.namespace, pdb),
      event: (object, type, reason, message) => this.recorder.event(object.kind ? object : { ...object, ...PDB_KIND }, type, reason, message),
      isConflict,
      isNotFound,
      now: () => new Date(),
      log,
    };
    const queueOptions = { name: 'disruption', tracer, workers: 1, retryMs: deps.retryMs, log };
    this.queue = new SyncQueue((key) => reconcilePdb(key, reconcileDeps), { ...queueOptions, span: 'sync poddisruptionbudget', resource: 'poddisruptionbudgets' });
    const staleDeps: CleanStaleDeps = {
      getPod: (namespace, name) => this.pods.get(namespace, name),
      clearDisruptionTarget: async (namespace, name, now) => {
        const patch = { status: { conditions: [{ type: 'DisruptionTarget', status: 'False', lastTransitionTime: now }] } };
        await client.patch(PODS, namespace, name, patch, 'strategic', { subresource: 'status', fieldManager: 'DisruptionController' });
      },
      isNotFound,
      now: () => new Date(),
    };
    this.staleQueue = new SyncQueue((key) => cleanStalePodDisruption(key, staleDeps), { ...queueOptions, span: 'clean stale pod disruption', resource: 'pods' });
    const enqueue: Enqueue = (key, ctx) => this.queue.add(key, ctx);
    this.pdbs.addEventHandler(pdbEventHandler(enqueue));
    this.pods.addEventHandler(podEventHandler({ listPdbs: (namespace) => this.pdbs.list(namespace), enqueue }));
    const checkStale = (pod: KubeObject) => {
      if (staleDisruptionWaitMs(pod, Date.now()) !== undefined) this.staleQueue.add(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`);
    };
    this.pods.addEventHandler({ onAdd: checkStale, onUpdate: (_old, pod) => checkStale(pod) });
  }

  async start(): Promise<boolean> {
    const all = [this.pdbs, this.pods, ...this.owners];
    for (const i of all) void i.start();
    return waitForCacheSync(...all);
  }

  /** Starts the worker: every budget was queued by the initial list. */
  run(): void {
    this.queue.start();
    this.staleQueue.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.queue.stop(), this.staleQueue.stop()]);
    await this.recorder.flush();
  }
}
