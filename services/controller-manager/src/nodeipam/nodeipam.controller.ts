import type { KubeObject } from '@kubeledger/api';
import { deletedObject, EventRecorder, isConflict, isNotFound, NODES, type EventContext, type Informer, type KubeClient, type SharedInformers } from '@kubeledger/client';
import { tracer as tracerFor } from '@kubeledger/telemetry';
import { SyncQueue } from '../controller-utils/sync-queue.js';
import { podCidrsOf, reconcileNode, type ReconcileNodeDeps } from './nodeipam.reconcile-node.js';
import { PodCidrAllocator } from './pod-cidr-allocator.js';

const tracer = tracerFor('nodeipam-controller');

export interface NodeIpamControllerDeps {
  readonly client: Pick<KubeClient, 'list' | 'get' | 'create' | 'patch'>;
  /** The process's shared informers (one per resource). */
  readonly informers: SharedInformers;
  readonly clusterCidr: string;
  readonly nodeCidrMaskSize: number;
  readonly retryMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * Node IPAM's wiring (STYLE 17): the node informer occupies every pod CIDR it sees (the initial
 * list before any allocation: the queue runs only after sync) and queues the nodes without one;
 * {@link reconcileNode} hands those out. A deleted node's CIDRs are released.
 */
export class NodeIpamController {
  readonly nodes: Informer<KubeObject>;
  readonly allocator: PodCidrAllocator;
  readonly queue: SyncQueue;
  readonly recorder: EventRecorder;
  readonly #pending = new Map<string, string>();

  constructor(deps: NodeIpamControllerDeps) {
    const { client, informers } = deps;
    const log = deps.log ?? ((m) => console.log(`[controller-manager] ${m}`));
    this.allocator = new PodCidrAllocator(deps.clusterCidr, deps.nodeCidrMaskSize);
    this.recorder = new EventRecorder(client, { component: 'cidrAllocator' }, { log });
    this.nodes = informers.for(NODES);
    const reconcileDeps: ReconcileNodeDeps = {
      getNode: (name) => this.nodes.get('', name),
      allocator: this.allocator,
      pending: this.#pending,
      patchPodCidr: async (node, cidr) => {
        const patch = { metadata: { resourceVersion: node.metadata?.resourceVersion }, spec: { podCIDR: cidr, podCIDRs: [cidr] } };
        await client.patch(NODES, undefined, node.metadata?.name ?? '', patch, 'merge');
      },
      event: (node, type, reason, message) => this.recorder.event(node, type, reason, message),
      isConflict,
      isNotFound,
      log,
    };
    this.queue = new SyncQueue((name) => reconcileNode(name, reconcileDeps), { name: 'nodeipam', tracer, span: 'sync node cidr', resource: 'nodes', workers: 1, retryMs: deps.retryMs, log });
    const seen = (node: KubeObject, ctx: EventContext | undefined) => {
      const cidrs = podCidrsOf(node);
      if (cidrs.length > 0) {
        for (const cidr of cidrs) this.allocator.occupy(cidr);
        this.#pending.delete(node.metadata?.name ?? '');
      } else this.queue.add(node.metadata?.name ?? '', ctx);
    };
    this.nodes.addEventHandler({
      onAdd: (node, _initial, ctx) => seen(node, ctx),
      onUpdate: (_old, node, ctx) => seen(node, ctx),
      onDelete: (object) => {
        const node = deletedObject(object);
        const name = node.metadata?.name ?? '';
        for (const cidr of podCidrsOf(node)) this.allocator.release(cidr);
        const pending = this.#pending.get(name);
        if (pending !== undefined && !podCidrsOf(node).includes(pending)) this.allocator.release(pending);
        this.#pending.delete(name);
      },
    });
  }

  async start(): Promise<boolean> {
    void this.nodes.start();
    return this.nodes.whenSynced();
  }

  run(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    await this.recorder.flush();
  }
}
