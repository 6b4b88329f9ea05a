import ipaddr from 'ipaddr.js';

/**
 * An IPv4 service CIDR as upstream's IP allocator sees it: every address but the network and
 * broadcast ones, split into a lower static band (min(max(16, size/16), 256) addresses, for IPs
 * users pick) and the upper band dynamic allocation prefers (KEP-3070).
 */
export class ClusterIpRange {
  readonly cidr: string;
  readonly #base: number;
  /** Usable addresses. */
  readonly size: number;
  /** Offsets below this are the static band. */
  readonly staticBand: number;

  constructor(cidr: string) {
    const [address, bits] = ipaddr.parseCIDR(cidr);
    if (address.kind() !== 'ipv4') throw new Error(`service CIDR ${cidr}: only IPv4 service CIDRs are supported`);
    if (bits > 30) throw new Error(`service CIDR ${cidr}: must hold at least two usable addresses (a /30 or larger)`);
    const network = ipaddr.IPv4.networkAddressFromCIDR(cidr);
    this.cidr = `${network.toString()}/${bits}`;
    this.#base = toNumber(network.toString()) + 1;
    const total = 2 ** (32 - bits);
    this.size = total - 2;
    this.staticBand = total <= 16 ? 0 : Math.min(Math.max(16, Math.floor(total / 16)), 256);
  }

  /** The offset of `ip` among the usable addresses, or undefined when it is not one of them. */
  offsetOf(ip: string): number | undefined {
    if (!ipaddr.IPv4.isValidFourPartDecimal(ip)) return undefined;
    const offset = toNumber(ip) - this.#base;
    return offset >= 0 && offset < this.size ? offset : undefined;
  }

  addressAt(offset: number): string {
    return fromNumber(this.#base + offset);
  }

  /** The first usable address: the `kubernetes` Service's. */
  get first(): string {
    return this.addressAt(0);
  }
}

const toNumber = (ip: string): number => ipaddr.IPv4.parse(ip).toByteArray().reduce((n, b) => n * 256 + b, 0);
const fromNumber = (n: number): string => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
