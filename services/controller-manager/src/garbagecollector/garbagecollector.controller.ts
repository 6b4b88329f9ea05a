import type { KubeObject } from '@kubeledger/api';
import {
  isConflict,
  isNotFound,
  PendingTraces,
  processInSpan,
  refName,
  waitForCacheSync,
  WorkQueue,
  type EventContext,
  type Informer,
  type KubeClient,
  type SharedInformers,
  type StepResult,
} from '@kubeledger/client';
import { objectAttributes, tracer as tracerFor } from '@kubeledger/telemetry';
import { AbsentOwnerCache } from './absent-owner-cache.js';
import { DependencyGraph, type ObjectIdentity } from './dependency-graph.js';
import { attemptToDelete } from './garbagecollector.attempt-to-delete.js';
import { attemptToOrphan } from './garbagecollector.attempt-to-orphan.js';
import type { GcDeps } from './garbagecollector.deps.js';
import { graphEventHandler } from './garbagecollector.event-handlers.js';
import { GC_RESOURCES, type GcResource } from './gc-resources.js';
import { objectsWithUnobservedOwners } from './graph-changes.js';

export interface GarbageCollectorDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'patch' | 'delete'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  /** Workers per queue (upstream's --concurrent-gc-syncs: 20). */
  readonly workers?: number;
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
  /** The resources watched (default {@link GC_RESOURCES}). */
  readonly resources?: readonly GcResource[];
}

const tracer = tracerFor('garbage-collector');
const nsOrUndefined = (namespace: string) => (namespace === '' ? undefined : namespace);

/**
 * The garbage collector's wiring (STYLE 17; upstream's GarbageCollector and GraphBuilder): one
 * informer per watched resource feeds the {@link DependencyGraph} through the event handlers,
 * which queue uids on two work queues — attemptToDelete ({@link attemptToDelete}: dependents of
 * deleted owners, owners deleting their dependents in the foreground) and attemptToOrphan
 * ({@link attemptToOrphan}: owners deleted with the `orphan` finalizer). `start()` resolves once
 * every informer listed and then queues every object whose owner none of them holds (owners
 * deleted while the controller-manager was down); {@link run} starts the workers (the leader's
 * work) until {@link stop}.
 */
export class GarbageCollector {
  readonly graph = new DependencyGraph();
  readonly absentOwners = new AbsentOwnerCache();
  /** By resource name (`pods`, `replicasets.apps`). */
  readonly informers: ReadonlyMap<string, Informer<KubeObject>>;
  readonly attemptToDeleteQueue: WorkQueue;
  readonly attemptToOrphanQueue: WorkQueue;
  readonly #deleteTraces = new PendingTraces();
  readonly #orphanTraces = new PendingTraces();
  readonly #log: (message: string) => void;
  #synced = false;

  constructor(deps: GarbageCollectorDeps) {
    const log = (this.#log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`)));
    const resources = deps.resources ?? GC_RESOURCES;
    const queueOptions = { workers: deps.workers ?? 20, retryMs: deps.retryMs ?? 1000, maxRetryMs: 60_000, log: (m: string) => log(`garbagecollector: ${m}`) };
    const gcDeps = this.#gcDeps(deps);
    this.attemptToDeleteQueue = new WorkQueue((uid) => this.#process('attempt to delete', uid, this.#deleteTraces, () => attemptToDelete(uid, gcDeps)), queueOptions);
    this.attemptToOrphanQueue = new WorkQueue((uid) => this.#process('attempt to orphan', uid, this.#orphanTraces, () => attemptToOrphan(uid, gcDeps)), queueOptions);
    const handlerDeps = {
      graph: this.graph,
      absentOwners: this.absentOwners,
      synced: () => this.#synced,
      enqueueDelete: (uid: string, ctx?: EventContext) => this.#enqueue(this.attemptToDeleteQueue, this.#deleteTraces, uid, ctx),
      enqueueOrphan: (uid: string, ctx?: EventContext) => this.#enqueue(this.attemptToOrphanQueue, this.#orphanTraces, uid, ctx),
    };
    const watched = new Map<string, Informer<KubeObject>>();
    for (const resource of resources) {
      const informer = deps.informers.for(resource);
      informer.addEventHandler(graphEventHandler(resource, handlerDeps));
      watched.set(refName(resource), informer);
    }
    this.informers = watched;
  }

  /** Starts the informers; resolves true once all listed (false: stopped first), with the objects whose owners are not observed queued. */
  async start(): Promise<boolean> {
    for (const informer of this.informers.values()) void informer.start();
    if (!(await waitForCacheSync(...this.informers.values()))) return false;
    this.#synced = true;
    const unobserved = objectsWithUnobservedOwners(this.graph);
    for (const uid of unobserved) this.attemptToDeleteQueue.add(uid);
    this.#log(`garbagecollector: ${this.graph.size} objects in the graph, ${unobserved.length} naming owners not observed`);
    return true;
  }

  run(): void {
    this.attemptToDeleteQueue.start();
    this.attemptToOrphanQueue.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.attemptToDeleteQueue.stop(), this.attemptToOrphanQueue.stop()]);
      }

  #enqueue(queue: WorkQueue, traces: PendingTraces, uid: string, ctx: EventContext | undefined): void {
    traces.note(uid, ctx);
    queue.add(uid);
  }

  /** One uid's work, in a span continuing the event that queued it (DESIGN §7). */
  #process(name: string, uid: string, traces: PendingTraces, work: () => Promise<StepResult>): Promise<StepResult> {
    const identity = this.graph.get(uid)?.identity;
    const attributes = objectAttributes({ namespace: identity?.namespace, name: identity?.name, uid });
    return processInSpan(tracer, `garbagecollector ${name}`, { traceparent: traces.take(uid), ...(identity && { resource: identity.resource.resource }), attributes }, work);
  }

  #gcDeps({ client }: GarbageCollectorDeps): GcDeps {
    const byName = (resource: GcResource) => this.informers.get(refName(resource));
    return {
      graph: this.graph,
      absentOwners: this.absentOwners,
      getCached: (resource, namespace, name) => byName(resource)?.get(namespace, name),
      getLive: async (resource, namespace, name) => {
        try {
          return await client.get(resource, nsOrUndefined(namespace), name);
        } catch (err) {
          if (isNotFound(err)) return undefined;
          throw err;
        }
      },
      deleteObject: (identity: ObjectIdentity, propagationPolicy) =>
        client.delete(identity.resource, nsOrUndefined(identity.namespace), identity.name, { preconditions: { uid: identity.uid }, propagationPolicy }),
      patchObject: async (identity, patch, type) => void (await client.patch(identity.resource, nsOrUndefined(identity.namespace), identity.name, patch, type)),
      enqueueDelete: (uid) => this.attemptToDeleteQueue.add(uid),
      isNotFound,
      isConflict,
      log: this.#log,
    };
  }
}
