import { randomInt } from 'node:crypto';
import { internalError, type KubeObject } from '@kubeledger/api';
import type { EventStore, WriteContext } from '@kubeledger/event-store';
import { ClaimRegistry, type ClaimParent, type HolderCheck } from './claim-registry.js';
import { ClusterIpRange } from './cluster-ip-range.js';

/** Why a requested cluster IP cannot be had, in upstream's words (ipallocator ErrNotInRange, ErrAllocated). */
export class ClusterIpUnavailable extends Error {
  override readonly name = 'ClusterIpUnavailable';
}

/** Claims per candidate address before a dynamic allocation gives up on a busy range. */
const MAX_DYNAMIC_ATTEMPTS = 16;

/** upstream's IPAddress object, one per allocated cluster IP. */
const ipAddress = (ip: string, parent: ClaimParent): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IPAddress',
  metadata: { name: ip, labels: { 'ipaddress.kubernetes.io/ip-family': 'IPv4', 'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io' } },
  spec: { parentRef: { group: '', resource: 'services', namespace: parent.namespace, name: parent.name } },
});

/**
 * Cluster IPs from the service CIDR, safe across apiserver replicas: each allocated address is an
 * IPAddress claim stored through the event store (see ClaimRegistry). Dynamic allocation picks at
 * random among the free addresses of the upper band first, then the lower one, as upstream does.
 */
export class ClusterIpAllocator {
  readonly range: ClusterIpRange;
  readonly #claims: ClaimRegistry;
  readonly #dryRun: () => ClusterIpAllocator;

  /** `dryRun`: addresses are picked and checked as for a write, and no claim is stored. */
  constructor(store: EventStore, cidr: string, holds: HolderCheck, dryRun = false) {
    this.range = new ClusterIpRange(cidr);
    this.#claims = new ClaimRegistry(store, { group: 'networking.k8s.io', resource: 'ipaddresses', object: ipAddress }, holds, dryRun);
    let dry: ClusterIpAllocator | undefined = dryRun ? this : undefined;
    this.#dryRun = () => (dry ??= new ClusterIpAllocator(store, cidr, holds, true));
  }

  /**
   * The allocator of a dry-run write (upstream's `Allocator.DryRun()`): allocateNext answers a free
   * address, allocate checks that the address is in range and not another Service's, and neither
   * claims anything; release does nothing.
   */
  dryRun(): ClusterIpAllocator {
    return this.#dryRun();
  }

  /** Claims a free address for `parent`; a full range is an internal error, as upstream's. */
  async allocateNext(parent: ClaimParent, ctx: WriteContext): Promise<string> {
    for (let attempt = 0; attempt < MAX_DYNAMIC_ATTEMPTS; attempt++) {
      const taken = await this.#claims.claimed();
      const candidate = this.#pickFree(taken);
      if (candidate === undefined) break;
      if ((await this.#claims.claim(candidate, parent, ctx)) === 'new') return candidate;
    }
    throw internalError(new Error('failed to allocate a serviceIP: range is full'));
  }

  /** Claims `ip` for `parent`, or says why not; true when this call made the claim (false: the parent held it already). */
  async allocate(ip: string, parent: ClaimParent, ctx: WriteContext): Promise<boolean> {
    if (this.range.offsetOf(ip) === undefined) {
      throw new ClusterIpUnavailable(`the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.range.cidr}`);
    }
    const claim = await this.#claims.claim(ip, parent, ctx);
    if (!claim) throw new ClusterIpUnavailable('provided IP is already allocated');
    return claim === 'new';
  }

  async release(ip: string, parent: ClaimParent, ctx: WriteContext): Promise<void> {
    if (this.range.offsetOf(ip) !== undefined) await this.#claims.release(ip, parent, ctx);
  }

  /** A random free address: the dynamic (upper) band first, then the static one. */
  #pickFree(taken: ReadonlySet<string>): string | undefined {
    const { size, staticBand } = this.range;
    for (const [lo, hi] of [[staticBand, size], [0, staticBand]] as const) {
      const span = hi - lo;
      if (span <= 0) continue;
      const start = randomInt(span);
      for (let i = 0; i < span; i++) {
        const address = this.range.addressAt(lo + ((start + i) % span));
        if (!taken.has(address)) return address;
      }
    }
    return undefined;
  }
}
