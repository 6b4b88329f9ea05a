import type { KubeObject } from '@kubeledger/api';
import {
  EventRecorder,
  IndexNames,
  isNotFound,
  NODES,
  nodeNameIndexer,
  PODS,
  waitForCacheSync,
  WorkQueue,
  type Informer,
  type KubeClient,
  type SharedInformers,
} from '@kubeledger/client';
import { evictPod, type EvictPodDeps } from './tainteviction.evict-pod.js';
import { NODE_PREFIX, nodeEventHandler, POD_PREFIX, podEventHandler } from './tainteviction.event-handlers.js';
import { reconcileNode, reconcilePod, type ReconcileTaintEvictionDeps } from './tainteviction.reconcile.js';
import { TimedEvictions } from './timed-evictions.js';

/** How soon a pod whose eviction failed is planned again. */
const EVICTION_RETRY_MS = 1000;

export interface TaintEvictionControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create' | 'patch' | 'delete'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * The taint eviction controller's wiring (STYLE 17): informers on Nodes and Pods feed a queue of
 * node and pod keys ({@link reconcileNode}, {@link reconcilePod}), which schedule each pod's
 * eviction in {@link TimedEvictions}; a due one runs {@link evictPod}.
 */
export class TaintEvictionController {
  readonly nodes: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly queue: WorkQueue;
  readonly recorder: EventRecorder;
  readonly evictions: TimedEvictions;
  readonly #evicting = new Set<Promise<void>>();

  constructor(deps: TaintEvictionControllerDeps) {
    const { client, informers } = deps;
    const log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`));
    this.recorder = new EventRecorder(client, { component: 'taint-eviction-controller' }, { log });
    this.nodes = informers.for(NODES);
    this.pods = informers.for(PODS, { [IndexNames.nodeName]: nodeNameIndexer() });
    const evictDeps: EvictPodDeps = {
      getFreshPod: (namespace, name) => client.get(PODS, namespace, name),
      patchPodStatus: (pod, patch) => client.patch(PODS, pod.metadata?.namespace, pod.metadata?.name ?? '', patch, 'strategic', { subresource: 'status' }),
      deletePod: (namespace, name) => client.delete(PODS, namespace, name),
      event: (object, type, reason, message) => this.recorder.event(object, type, reason, message),
      isNotFound,
      now: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    this.evictions = new TimedEvictions((key) => {
      const slash = key.indexOf('/');
      const eviction = evictPod(key.slice(0, slash), key.slice(slash + 1), evictDeps).catch((err: unknown) => {
        log(`tainteviction: deleting pod ${key} failed, trying again: ${(err as Error).message}`);
        // Dropped from the done ones so the pod is planned afresh.
        this.evictions.cancel(key);
        this.queue.addAfter(`${POD_PREFIX}${key}`, EVICTION_RETRY_MS);
      });
      this.#evicting.add(eviction);
      void eviction.finally(() => this.#evicting.delete(eviction));
    });
    const reconcileDeps: ReconcileTaintEvictionDeps = {
      getNode: (name) => this.nodes.get('', name),
      getPod: (namespace, name) => this.pods.get(namespace, name),
      podsOnNode: (name) => this.pods.byIndex(IndexNames.nodeName, name),
      evictions: this.evictions,
      event: (object, type, reason, message) => this.recorder.event(object, type, reason, message),
      now: () => new Date(),
    };
    this.queue = new WorkQueue(
      async (key) => {
        if (key.startsWith(NODE_PREFIX)) return reconcileNode(key.slice(NODE_PREFIX.length), reconcileDeps);
        return reconcilePod(key.slice(POD_PREFIX.length), reconcileDeps);
      },
      // One worker: node and pod keys touch the same schedule, in the order they came (upstream shards by node for that).
      { workers: 1, retryMs: deps.retryMs ?? 1000, maxRetryMs: 60_000, log: (m) => log(`tainteviction: ${m}`) },
    );
    this.nodes.addEventHandler(nodeEventHandler((key) => this.queue.add(key)));
    this.pods.addEventHandler(podEventHandler((key) => this.queue.add(key)));
  }

  async start(): Promise<boolean> {
    void this.nodes.start();
    void this.pods.start();
    return waitForCacheSync(this.nodes, this.pods);
  }

  run(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    this.evictions.clear();
    await Promise.allSettled([...this.#evicting]);
    await this.recorder.flush();
  }
}
