import { ifExists, LEASES, NODES, retryOnConflict, type KubeClient } from '@kubeledger/client';
import { NODE_LEASE_NAMESPACE, renewLease, type Lease, type RenewLeaseDeps } from './lease.reconcile-renew.js';
import type { Node, NodeInfo } from './node-status.js';
import { heartbeat, registerNode, type RegisterNodeDeps } from './node.reconcile-register.js';

export interface NodeControllerOptions {
  readonly client: Pick<KubeClient, 'get' | 'create' | 'update' | 'updateStatus'>;
  readonly info: NodeInfo;
  readonly podCidr: string;
  readonly leaseDurationSeconds: number;
  readonly leaseRenewIntervalMs: number;
  readonly statusIntervalMs: number;
  readonly log: (message: string) => void;
  readonly now?: () => Date;
}

/**
 * The kubelet's Node (wiring only): {@link registerNode} once, then every interval a status
 * heartbeat ({@link heartbeat}) and a Lease renewal ({@link renewLease}); a failed round is
 * logged and the next one tries again.
 */
export class NodeController {
  readonly #options: NodeControllerOptions;
  readonly #register: RegisterNodeDeps;
  readonly #lease: RenewLeaseDeps;
  readonly #timers: NodeJS.Timeout[] = [];
  #node: Node | undefined;
  #lastLease: Lease | undefined;
  #leaseRenewals = 0;

  constructor(options: NodeControllerOptions) {
    this.#options = options;
    const { client, info } = options;
    const now = options.now ?? (() => new Date());
    this.#register = {
      info,
      podCidr: options.podCidr,
      now,
      getNode: (name) => ifExists(client.get<Node>(NODES, undefined, name)),
      createNode: (node) => client.create<Node>(NODES, undefined, node),
      updateNode: (node) => client.update<Node>(NODES, undefined, node),
      updateNodeStatus: (node) => client.updateStatus<Node>(NODES, undefined, node),
    };
    this.#lease = {
      nodeName: info.name,
      leaseDurationSeconds: options.leaseDurationSeconds,
      now,
      getLease: (name) => ifExists(client.get<Lease>(LEASES, NODE_LEASE_NAMESPACE, name)),
      createLease: (lease) => client.create<Lease>(LEASES, NODE_LEASE_NAMESPACE, lease),
      updateLease: (lease) => client.update<Lease>(LEASES, NODE_LEASE_NAMESPACE, lease),
    };
  }

  /** Registers the Node and creates its Lease; resolves with the Node as stored. */
  async register(): Promise<Node> {
    this.#node = await retryOnConflict(() => registerNode(this.#register));
    await this.#renewLease();
    return this.#node;
  }

  get leaseRenewals(): number {
    return this.#leaseRenewals;
  }

  /** Starts the heartbeats and renewals. */
  start(): void {
    const every = (ms: number, fn: () => Promise<void>) => {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        fn().finally(() => (running = false));
      }, ms);
      this.#timers.push(timer);
    };
    every(this.#options.statusIntervalMs, () => this.#heartbeat());
    every(this.#options.leaseRenewIntervalMs, () => this.#renewLease());
  }

  stop(): void {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
  }

  async #heartbeat(): Promise<void> {
    try {
      this.#node = await retryOnConflict(async () => {
        const node = await this.#register.getNode(this.#options.info.name);
        // Deleted under us (kubectl delete node): register again, as upstream's kubelet does.
        return node ? heartbeat(this.#register, node) : registerNode(this.#register);
      });
    } catch (err) {
      this.#options.log(`node status update failed: ${(err as Error).message}`);
    }
  }

  async #renewLease(): Promise<void> {
    try {
      this.#lastLease = await renewLease(this.#lease, this.#node ?? {}, this.#lastLease);
      this.#leaseRenewals++;
    } catch (err) {
      this.#lastLease = undefined; // read it again next time
      this.#options.log(`lease renewal failed: ${(err as Error).message}`);
    }
  }
}
