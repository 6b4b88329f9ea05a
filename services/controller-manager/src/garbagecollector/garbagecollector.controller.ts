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
import { discoverResources, discoveryFailure } from '../controller-utils/discover-resources.js';
import { AbsentOwnerCache } from './absent-owner-cache.js';
import { DependencyGraph, type ObjectIdentity } from './dependency-graph.js';
import { attemptToDelete } from './garbagecollector.attempt-to-delete.js';
import { attemptToOrphan } from './garbagecollector.attempt-to-orphan.js';
import type { GcDeps } from './garbagecollector.deps.js';
import { graphEventHandler, type GraphEventDeps } from './garbagecollector.event-handlers.js';
import { deletableResources, GcResourceMap, type GcResource } from './gc-resources.js';
import { objectsWithUnobservedOwners } from './graph-changes.js';

export interface GarbageCollectorDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'patch' | 'delete' | 'requestJson'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  /** Workers per queue (upstream's --concurrent-gc-syncs: 20). */
  readonly workers?: number;
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
  /** How often discovery runs again, new resources getting informers (upstream's GC Sync: 30 s); 0: never. */
  readonly rediscoveryPeriodMs?: number;
}

const tracer = tracerFor('garbage-collector');
const nsOrUndefined = (namespace: string) => (namespace === '' ? undefined : namespace);

/**
 * The garbage collector's wiring (STYLE 17; upstream's GarbageCollector and GraphBuilder): the
 * resources to watch are found by discovery ({@link deletableResources}) when it starts, and again
 * every {@link GarbageCollectorDeps.rediscoveryPeriodMs} ({@link rediscover}: resources new to
 * discovery get informers; resources that vanish keep theirs). One informer per watched resource
 * feeds the {@link DependencyGraph} through the event handlers, which queue uids on two work
 * queues — attemptToDelete ({@link attemptToDelete}: dependents of deleted owners, owners
 * deleting their dependents in the foreground) and attemptToOrphan ({@link attemptToOrphan}:
 * owners deleted with the `orphan` finalizer). `start()` resolves once every informer listed and
 * then queues every object whose owner none of them holds (owners deleted while the
 * controller-manager was down); {@link run} starts the workers (the leader's work) until
 * {@link stop}.
 */
export class GarbageCollector {
  readonly graph = new DependencyGraph();
  readonly absentOwners = new AbsentOwnerCache();
  /** The watched resources, by group and kind (owner references map through it). */
  readonly resources = new GcResourceMap();
  /** By resource name (`pods`, `replicasets.apps`). */
  readonly informers = new Map<string, Informer<KubeObject>>();
  readonly attemptToDeleteQueue: WorkQueue;
  readonly attemptToOrphanQueue: WorkQueue;
  readonly #deleteTraces = new PendingTraces();
  readonly #orphanTraces = new PendingTraces();
  readonly #log: (message: string) => void;
  readonly #sharedInformers: SharedInformers;
  readonly #client: GarbageCollectorDeps['client'];
  readonly #handlerDeps: GraphEventDeps;
  readonly #rediscoveryPeriodMs: number;
  readonly #retryMs: number;
  #rediscoveryTimer: NodeJS.Timeout | undefined;
  #rediscovering = false;
  #stopped = false;
  #synced = false;

  constructor(deps: GarbageCollectorDeps) {
    const log = (this.#log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`)));
    this.#sharedInformers = deps.informers;
    this.#client = deps.client;
    this.#rediscoveryPeriodMs = deps.rediscoveryPeriodMs ?? 30_000;
    this.#retryMs = deps.retryMs ?? 1000;
    const queueOptions = { workers: deps.workers ?? 20, retryMs: deps.retryMs ?? 1000, maxRetryMs: 60_000, log: (m: string) => log(`garbagecollector: ${m}`) };
    const gcDeps = this.#gcDeps(deps);
    this.attemptToDeleteQueue = new WorkQueue((uid) => this.#process('attempt to delete', uid, this.#deleteTraces, () => attemptToDelete(uid, gcDeps)), queueOptions);
    this.attemptToOrphanQueue = new WorkQueue((uid) => this.#process('attempt to orphan', uid, this.#orphanTraces, () => attemptToOrphan(uid, gcDeps)), queueOptions);
    this.#handlerDeps = {
      graph: this.graph,
      absentOwners: this.absentOwners,
      synced: () => this.#synced,
      enqueueDelete: (uid: string, ctx?: EventContext) => this.#enqueue(this.attemptToDeleteQueue, this.#deleteTraces, uid, ctx),
      enqueueOrphan: (uid: string, ctx?: EventContext) => this.#enqueue(this.attemptToOrphanQueue, this.#orphanTraces, uid, ctx),
    };
  }

  /**
   * Discovers the resources to watch (again every retry period until discovery answers), starts
   * their informers; resolves true once all listed (false: stopped first), with the objects whose
   * owners are not observed queued.
   */
  async start(): Promise<boolean> {
    while (!this.#stopped) {
      try {
        this.#watch(await this.#discoverDeletable());
        break;
      } catch (err) {
        this.#log(`garbagecollector: discovery failed, retrying in ${this.#retryMs}ms: ${(err as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, this.#retryMs));
      }
    }
    if (this.#stopped) return false;
    if (!(await waitForCacheSync(...this.informers.values()))) return false;
    this.#synced = true;
    const unobserved = objectsWithUnobservedOwners(this.graph);
    for (const uid of unobserved) this.attemptToDeleteQueue.add(uid);
    this.#log(`garbagecollector: ${this.informers.size} resources watched, ${this.graph.size} objects in the graph, ${unobserved.length} naming owners not observed`);
    if (this.#rediscoveryPeriodMs > 0 && !this.#stopped) this.#rediscoveryTimer = setInterval(() => void this.#rediscoverLogged(), this.#rediscoveryPeriodMs);
    return true;
  }

  /**
   * Discovery again (upstream's GC Sync): resources it lists that are not watched yet get an
   * informer and their handler, and are started; resolves with the resources added once their
   * informers listed. The objects they list are checked like any new object (an owner the graph
   * does not hold is confirmed with the apiserver).
   */
  async rediscover(): Promise<readonly GcResource[]> {
    const added = this.#watch(await this.#discoverDeletable());
    if (added.length > 0) {
      this.#log(`garbagecollector: watching ${added.map((r) => refName(r)).join(', ')}, new to discovery`);
      await waitForCacheSync(...added.map((r) => this.informers.get(refName(r))!));
    }
    return added;
  }

  run(): void {
    this.attemptToDeleteQueue.start();
    this.attemptToOrphanQueue.start();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#rediscoveryTimer);
    await Promise.all([this.attemptToDeleteQueue.stop(), this.attemptToOrphanQueue.stop()]);
  }

  async #discoverDeletable(): Promise<GcResource[]> {
    // The resources watched are what discovery lists as deletable (upstream's GetDeletableResources).
    const discovery = await discoverResources((path) => this.#client.requestJson('GET', path));
    const failure = discoveryFailure(discovery);
    // Upstream: discovery errors are temporary; what was found is watched.
    if (failure) this.#log(`garbagecollector: ${failure}`);
    return deletableResources(discovery.resources);
  }

  /** Adds `resources` not watched yet: an informer each with the graph's handler, started. Answers those added. */
  #watch(resources: readonly GcResource[]): GcResource[] {
    const added = this.resources.add(resources);
    for (const resource of added) {
      const informer = this.#sharedInformers.for(resource);
      informer.addEventHandler(graphEventHandler(resource, this.#handlerDeps));
      this.informers.set(refName(resource), informer);
      void informer.start();
    }
    return added;
  }

  async #rediscoverLogged(): Promise<void> {
    if (this.#rediscovering) return; // the previous one is still waiting for its informers
    this.#rediscovering = true;
    try {
      await this.rediscover();
    } catch (err) {
      this.#log(`garbagecollector: rediscovery failed: ${(err as Error).message}`);
    } finally {
      this.#rediscovering = false;
    }
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
      resourceForKind: (apiVersion, kind) => this.resources.forKind(apiVersion, kind),
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
