import type { KubeObject } from '@kubeledger/api';
import { isConflict, isNotFound, JOBS, waitForCacheSync, type Informer, type KubeClient, type SharedInformers } from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { SyncQueue } from '../controller-utils/sync-queue.js';
import { jobEventHandler, type Enqueue } from './ttlafterfinished.event-handlers.js';
import { reconcileJob, type ReconcileJobDeps } from './ttlafterfinished.reconcile-job.js';

export interface TtlAfterFinishedControllerDeps {
  readonly client: Pick<KubeClient, 'get' | 'delete'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  /** --concurrent-ttl-after-finished-syncs (upstream: 5). */
  readonly workers?: number;
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
}

const tracer = tracerFor('ttl-after-finished-controller');

/**
 * The TTL-after-finished controller's wiring (STYLE 17), upstream's `pkg/controller/ttlafterfinished`:
 * the Job informer queues finished Jobs with `spec.ttlSecondsAfterFinished`; the workers run
 * {@link reconcileJob}, which deletes each once its TTL ran out (and comes back when it will).
 */
export class TtlAfterFinishedController {
  readonly jobs: Informer<KubeObject>;
  readonly queue: SyncQueue;

  constructor(deps: TtlAfterFinishedControllerDeps) {
    const { client, informers } = deps;
    const log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`));
    this.jobs = informers.for(JOBS);
    const reconcileDeps: ReconcileJobDeps = {
      getJob: (namespace, name) => this.jobs.get(namespace, name),
      getFreshJob: (namespace, name) => client.get(JOBS, namespace, name),
      deleteJob: (namespace, name, uid) => client.delete(JOBS, namespace, name, { propagationPolicy: 'Foreground', preconditions: { uid } }),
      isNotFound,
      isConflict,
      now: () => new Date(),
      log,
    };
    this.queue = new SyncQueue((key) => reconcileJob(key, reconcileDeps), {
      name: 'ttl-after-finished',
      tracer,
      span: 'sync job',
      resource: 'jobs',
      workers: deps.workers ?? 5,
      retryMs: deps.retryMs,
      log,
    });
    const enqueue: Enqueue = (key, ctx) => this.queue.add(key, ctx);
    this.jobs.addEventHandler(jobEventHandler(enqueue));
  }

  async start(): Promise<boolean> {
    void this.jobs.start();
    return waitForCacheSync(this.jobs);
  }

  run(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }
}
