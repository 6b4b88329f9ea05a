import type { KubeObject } from '@kubeledger/api';
import {
  EventRecorder,
  isInvalid,
  isNotFound,
  JOBS,
  PODS,
  waitForCacheSync,
  type Informer,
  type KubeClient,
  type SharedInformers,
} from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { controllerRefOf } from '../controller-utils/controller-ref.js';
import { ReplicaExpectations } from '../controller-utils/replica-expectations.js';
import { jobEventHandler, keyOf, podEventHandler, type Enqueue } from './job.event-handlers.js';
import { reconcileOrphanPod } from './job.orphan-pod.js';
import { reconcileJob, type ReconcileJobDeps } from './job.reconcile-job.js';
import { asJob } from './job-spec.js';
import { FinalizerExpectations } from './finalizer-expectations.js';
import { DEFAULT_POD_FAILURE_BACKOFF_MS, type BackoffRecord } from './pod-failure-backoff.js';
import { isNamespaceTerminating } from '../controller-utils/namespace-terminating.js';
import { SyncQueue } from '../controller-utils/sync-queue.js';

export interface JobControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create' | 'patch' | 'delete' | 'updateStatus'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  /** --concurrent-job-syncs (upstream: 5). */
  readonly workers?: number;
  readonly retryMs?: number;
  /** The first delay before a failed pod is replaced (upstream: 10 s). */
  readonly podFailureBackoffMs?: number;
  readonly log?: (message: string) => void;
}

/** Pods by `<namespace>/<controller uid>`; orphans under `<namespace>/`. */
const BY_CONTROLLER = 'controller';
const tracer = tracerFor('job-controller');

/**
 * The Job controller's wiring (STYLE 17): informers on Jobs and Pods feed a work queue of Job keys
 * through the event handlers, whose workers run {@link reconcileJob}, and a queue of pods whose
 * tracking finalizer no Job sync will remove ({@link reconcileOrphanPod}, one worker as upstream).
 * `start()` resolves once the informers synced; {@link run} starts the workers until {@link stop}.
 */
export class JobController {
  readonly jobs: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly queue: SyncQueue;
  readonly orphanQueue: SyncQueue;
  readonly expectations = new ReplicaExpectations();
  readonly finalizerExpectations = new FinalizerExpectations();
  readonly backoff = new Map<string, BackoffRecord>();
  readonly recorder: EventRecorder;

  constructor(deps: JobControllerDeps) {
    const { client, informers } = deps;
    const log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`));
    this.recorder = new EventRecorder(client, { component: 'job-controller' }, { log });
    this.jobs = informers.for(JOBS);
    this.pods = informers.for(PODS, { [BY_CONTROLLER]: (pod) => [keyOf(pod.metadata?.namespace, controllerRefOf(pod)?.uid ?? '')] });
    const reconcileDeps = this.#reconcileDeps(deps, log);
    const queueOptions = { name: 'job', tracer, retryMs: deps.retryMs, log };
    this.queue = new SyncQueue((key) => reconcileJob(key, reconcileDeps), { ...queueOptions, span: 'sync job', resource: 'jobs', workers: deps.workers ?? 5 });
    this.orphanQueue = new SyncQueue((key) => reconcileOrphanPod(key, reconcileDeps), { ...queueOptions, span: 'release orphan pod', resource: 'pods', workers: 1 });
    const enqueue: Enqueue = (key, ctx) => this.queue.add(key, ctx);
    const enqueueOrphanPod = (key: string) => this.orphanQueue.add(key);
    this.jobs.addEventHandler(
      jobEventHandler({
        enqueue,
        enqueueOrphanPod,
        forgetExpectations: (key) => {
          this.expectations.forget(key);
          this.finalizerExpectations.forget(key);
        },
        ownedPods: (namespace, uid) => this.pods.byIndex(BY_CONTROLLER, keyOf(namespace, uid)),
      }),
    );
    this.pods.addEventHandler(podEventHandler({ getJob: (namespace, name) => this.jobs.get(namespace, name), listJobs: (namespace) => this.jobs.list(namespace), enqueue, enqueueOrphanPod }));
  }

  async start(): Promise<boolean> {
    void this.jobs.start();
    void this.pods.start();
    return waitForCacheSync(this.jobs, this.pods);
  }

  /** Starts the workers: every Job was queued by the initial list. */
  run(): void {
    this.queue.start();
    this.orphanQueue.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.queue.stop(), this.orphanQueue.stop()]);
    await this.recorder.flush();
  }

  #reconcileDeps({ client, podFailureBackoffMs }: JobControllerDeps, log: (message: string) => void): ReconcileJobDeps {
    return {
      getJob: (namespace, name) => this.jobs.get(namespace, name),
      getPod: (namespace, name) => this.pods.get(namespace, name),
      listOwnedPods: (namespace, uid) => this.pods.byIndex(BY_CONTROLLER, keyOf(namespace, uid)),
      listOrphanPods: (namespace) => this.pods.byIndex(BY_CONTROLLER, keyOf(namespace, '')),
      podsRevision: () => this.pods.lastSyncRevision,
      expectations: this.expectations,
      finalizerExpectations: this.finalizerExpectations,
      backoff: this.backoff,
      createPod: (namespace, pod) => client.create(PODS, namespace, pod),
      deletePod: (namespace, name, uid) => client.delete(PODS, namespace, name, uid ? { preconditions: { uid } } : {}),
      patchPod: (namespace, name, patch) => client.patch(PODS, namespace, name, patch, 'strategic'),
      getFreshJob: (namespace, name) => client.get(JOBS, namespace, name),
      updateStatus: (job) => client.updateStatus(JOBS, job.metadata?.namespace, job),
      event: (job, type, reason, message) => this.recorder.event(asJob(job), type, reason, message),
      isNotFound,
      isInvalid,
      isNamespaceTerminating,
      podFailureBackoffMs: podFailureBackoffMs ?? DEFAULT_POD_FAILURE_BACKOFF_MS,
      now: () => new Date(),
      log,
    };
  }
}
