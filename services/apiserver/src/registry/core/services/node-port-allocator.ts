import { randomInt } from 'node:crypto';
import { internalError, type KubeObject } from '@kubeledger/api';
import type { EventStore, WriteContext } from '@kubeledger/event-store';
import { ClaimRegistry, type ClaimParent, type HolderCheck } from './claim-registry.js';

/** Why a requested node port cannot be had, in upstream's words (portallocator ErrNotInRange, ErrAllocated). */
export class NodePortUnavailable extends Error {
  override readonly name = 'NodePortUnavailable';
}

export interface PortRange {
  readonly base: number;
  readonly size: number;
}

/** `30000-32767` → {base, size}; throws on anything else. */
export function parsePortRange(text: string): PortRange {
  const m = /^(\d+)-(\d+)$/.exec(text.trim());
  const lo = Number(m?.[1]);
  const hi = Number(m?.[2]);
  if (!m || lo < 1 || hi > 65535 || hi < lo) throw new Error(`invalid port range ${JSON.stringify(text)}: want <first>-<last> within 1-65535`);
  return { base: lo, size: hi - lo + 1 };
}

const MAX_DYNAMIC_ATTEMPTS = 16;

/** A node port claim: not an API object upstream (a bitmap there), kept under an internal group here. */
const claimObject = (port: string, parent: ClaimParent): KubeObject => ({
  apiVersion: 'internal.kubeledger.io/v1',
  kind: 'ServiceNodePortClaim',
  metadata: { name: port },
  spec: { parentRef: { group: '', resource: 'services', namespace: parent.namespace, name: parent.name } },
});

/**
 * Node ports for NodePort and LoadBalancer Services, claimed through the event store like cluster
 * IPs (safe across replicas). Dynamic allocation prefers the upper band, leaving the lower
 * min(max(16, size/32), 128) ports for users who pick theirs (KEP-3668).
 */
export class NodePortAllocator {
  readonly range: PortRange;
  readonly #claims: ClaimRegistry;
  readonly #dryRun: () => NodePortAllocator;

  /** `dryRun`: ports are picked and checked as for a write, and no claim is stored. */
  constructor(store: EventStore, range: PortRange, holds: HolderCheck, dryRun = false) {
    this.range = range;
    this.#claims = new ClaimRegistry(store, { group: 'internal.kubeledger.io', resource: 'servicenodeports', object: claimObject }, holds, dryRun);
    let dry: NodePortAllocator | undefined = dryRun ? this : undefined;
    this.#dryRun = () => (dry ??= new NodePortAllocator(store, range, holds, true));
  }

  /** The allocator of a dry-run write (upstream's portallocator operation with dryRun): nothing is claimed or released. */
  dryRun(): NodePortAllocator {
    return this.#dryRun();
  }

  get description(): string {
    return `${this.range.base}-${this.range.base + this.range.size - 1}`;
  }

  async allocateNext(parent: ClaimParent, ctx: WriteContext): Promise<number> {
    const { base, size } = this.range;
    const band = Math.min(Math.max(16, Math.floor(size / 32)), 128);
    for (let attempt = 0; attempt < MAX_DYNAMIC_ATTEMPTS; attempt++) {
      const taken = await this.#claims.claimed();
      let candidate: number | undefined;
      for (const [lo, hi] of [[band, size], [0, Math.min(band, size)]] as const) {
        const span = hi - lo;
        if (span <= 0 || candidate !== undefined) continue;
        const start = randomInt(span);
        for (let i = 0; i < span && candidate === undefined; i++) {
          const port = base + lo + ((start + i) % span);
          if (!taken.has(String(port))) candidate = port;
        }
      }
      if (candidate === undefined) break;
      if ((await this.#claims.claim(String(candidate), parent, ctx)) === 'new') return candidate;
    }
    throw internalError(new Error('failed to allocate a nodePort: range is full'));
  }

  /** Claims `port` for `parent`, or says why not; true when this call made the claim (false: the parent held it already). */
  async allocate(port: number, parent: ClaimParent, ctx: WriteContext): Promise<boolean> {
    if (port < this.range.base || port >= this.range.base + this.range.size) {
      throw new NodePortUnavailable(`provided port is not in the valid range. The range of valid ports is ${this.description}`);
    }
    const claim = await this.#claims.claim(String(port), parent, ctx);
    if (!claim) throw new NodePortUnavailable('provided port is already allocated');
    return claim === 'new';
  }

  async release(port: number, parent: ClaimParent, ctx: WriteContext): Promise<void> {
    await this.#claims.release(String(port), parent, ctx);
  }
}
