import ipaddr from 'ipaddr.js';

/**
 * Node IPAM (upstream's range allocator): each Node gets the first `/<maskSize>` of the cluster
 * CIDR that no other Node holds. IPv4.
 */
export class PodCidrAllocator {
  readonly #base: number;
  readonly #count: number;
  readonly #maskSize: number;
  readonly #used = new Set<number>();

  constructor(clusterCidr: string, maskSize: number) {
    const [network, bits] = ipaddr.parseCIDR(clusterCidr);
    if (network.kind() !== 'ipv4') throw new Error(`cluster CIDR ${clusterCidr}: IPv4 only`);
    if (!Number.isInteger(maskSize) || maskSize < bits || maskSize > 30) throw new Error(`node CIDR mask size ${maskSize} must be between ${bits} and 30`);
    this.#base = toNumber(network.toByteArray()) & (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0);
    this.#count = 2 ** (maskSize - bits);
    this.#maskSize = maskSize;
  }

  /** Marks a CIDR a Node already has as taken (false when it is not one of this range's subnets). */
  occupy(cidr: string): boolean {
    const index = this.#indexOf(cidr);
    if (index === undefined) return false;
    this.#used.add(index);
    return true;
  }

  release(cidr: string): void {
    const index = this.#indexOf(cidr);
    if (index !== undefined) this.#used.delete(index);
  }

  /** The first free subnet, now taken; undefined when the range is full. */
  allocate(): string | undefined {
    for (let i = 0; i < this.#count; i++) {
      if (this.#used.has(i)) continue;
      this.#used.add(i);
      return `${fromNumber(this.#base + i * 2 ** (32 - this.#maskSize))}/${this.#maskSize}`;
    }
    return undefined;
  }

  #indexOf(cidr: string): number | undefined {
    if (!ipaddr.isValidCIDR(cidr)) return undefined;
    const [network, bits] = ipaddr.parseCIDR(cidr);
    if (network.kind() !== 'ipv4' || bits !== this.#maskSize) return undefined;
    const offset = toNumber(network.toByteArray()) - this.#base;
    const size = 2 ** (32 - this.#maskSize);
    if (offset < 0 || offset % size !== 0 || offset / size >= this.#count) return undefined;
    return offset / size;
  }
}

const toNumber = (bytes: number[]) => bytes.reduce((n, b) => n * 256 + b, 0);
const fromNumber = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
