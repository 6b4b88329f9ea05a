import type { KubeObject, Taint } from '@kubeledger/api';
import type { BusConnection } from '@kubeledger/bus';
import {
  deletedObject,
  EventRecorder,
  IndexNames,
  isConflict,
  isNotFound,
  LEASES,
  NODES,
  nodeNameIndexer,
  PODS,
  resourceInformer,
  waitForCacheSync,
  type EventSource,
  type Informer,
  type KubeClient,
  type SharedInformers,
} from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { SyncQueue } from '../controller-utils/sync-queue.js';
import { monitorNodeHealth, newMonitorState, type MonitorNodeHealthDeps, type MonitorSettings, type MonitorState } from './nodelifecycle.monitor-node-health.js';
import { reconcileNoScheduleTaints } from './nodelifecycle.reconcile-no-schedule-taints.js';
import { swapNodeTaints, type SwapTaintsDeps } from './nodelifecycle.swap-taints.js';

/** The namespace of the kubelets' heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeLifecycleControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create' | 'patch' | 'updateStatus'>;
  readonly bus: BusConnection | EventSource;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  /** --node-monitor-period (upstream: 5 s). */
  readonly monitorPeriodMs: number;
  readonly settings: MonitorSettings;
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
}

const tracer = tracerFor('node-lifecycle-controller');

/**
 * The node lifecycle controller's wiring (STYLE 17): informers on Nodes, node Leases and Pods;
 * every monitor period (once the previous pass is done) {@link monitorNodeHealth}; and a queue of
 * changed nodes for the NoSchedule condition taints ({@link reconcileNoScheduleTaints}).
 */
export class NodeLifecycleController {
  readonly nodes: Informer<KubeObject>;
  readonly leases: Informer<KubeObject>;
  readonly pods: Informer<KubeObject>;
  readonly queue: SyncQueue;
  readonly recorder: EventRecorder;
  readonly state: MonitorState = newMonitorState();
  readonly #monitorPeriodMs: number;
  readonly #monitorDeps: MonitorNodeHealthDeps;
  readonly #log: (message: string) => void;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<void> | undefined;
  #running = false;

  constructor(deps: NodeLifecycleControllerDeps) {
    const { client, bus, informers } = deps;
    const log = (this.#log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`)));
    this.#monitorPeriodMs = deps.monitorPeriodMs;
    this.recorder = new EventRecorder(client, { component: 'node-controller' }, { log });
    this.nodes = informers.for(NODES);
    this.leases = resourceInformer({ client, bus, resource: LEASES, namespace: NODE_LEASE_NAMESPACE, name: 'node leases', log });
    this.pods = informers.for(PODS, { [IndexNames.nodeName]: nodeNameIndexer() });

    const swapDeps: SwapTaintsDeps = {
      getNode: (name) => this.nodes.get('', name),
      getFreshNode: (name) => client.get(NODES, undefined, name),
      patchTaints: (name, resourceVersion, taints) =>
        client.patch(NODES, undefined, name, { metadata: { resourceVersion }, spec: { taints: taints.length > 0 ? taints : null } }, 'merge'),
      isConflict,
      isNotFound,
      now: () => new Date(),
    };
    const swapTaints = (name: string, add: readonly Taint[], remove: readonly Taint[]) => swapNodeTaints(name, add, remove, swapDeps);
    this.#monitorDeps = {
      listNodes: () => this.nodes.list(),
      leaseRenewTime: (name) => (this.leases.get(NODE_LEASE_NAMESPACE, name)?.['spec'] as { renewTime?: string } | undefined)?.renewTime,
      podsOnNode: (name) => this.pods.byIndex(IndexNames.nodeName, name),
      getFreshNode: (name) => client.get(NODES, undefined, name),
      updateNodeStatus: (node) => client.updateStatus(NODES, undefined, node),
      updatePodStatus: (pod) => client.updateStatus(PODS, pod.metadata?.namespace, pod),
      swapTaints,
      event: (object, type, reason, message) => this.recorder.event(object, type, reason, message),
      isNotFound,
      settings: deps.settings,
      state: this.state,
      now: () => new Date(),
      log,
    };
    const taintsDeps = { getNode: (n: string) => this.nodes.get('', n), swapTaints };
    this.queue = new SyncQueue((name) => reconcileNoScheduleTaints(name, taintsDeps), { name: 'nodelifecycle', tracer, span: 'sync node taints', resource: 'nodes', workers: 8, retryMs: deps.retryMs, log, objectOf: (name) => this.nodes.get('', name) });
    this.nodes.addEventHandler({
      onAdd: (node, _initial, ctx) => this.queue.add(node.metadata?.name ?? '', ctx),
      onUpdate: (_old, node, ctx) => this.queue.add(node.metadata?.name ?? '', ctx),
      onDelete: (object) => this.state.retry.delete(deletedObject(object).metadata?.name ?? ''),
    });
  }

  async start(): Promise<boolean> {
    void this.nodes.start();
    void this.leases.start();
    void this.pods.start();
    return waitForCacheSync(this.nodes, this.leases, this.pods);
  }

  /** Starts the NoSchedule workers and the monitor loop (the leader's work). */
  run(): void {
    this.queue.start();
    this.#running = true;
    this.#schedule(0);
  }

  /** One monitor pass. */
  monitorOnce(): Promise<void> {
    return monitorNodeHealth(this.#monitorDeps);
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#pass;
    await this.queue.stop();
    await this.leases.stop();
    await this.recorder.flush();
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#pass = this.monitorOnce()
        .catch((err: unknown) => this.#log(`nodelifecycle: monitoring node health failed: ${(err as Error).message}`))
        .finally(() => this.#schedule(this.#monitorPeriodMs));
    }, delayMs);
  }
}
