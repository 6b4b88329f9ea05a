import ipaddr from 'ipaddr.js';

/**
 * Pod IPs from the node's pod CIDR (what a CNI's host-local IPAM does): the first free address
 * after the network address and the gateway (`.1`), released when the pod goes. With the default
 * loopback pod ranges every address is reachable on this machine without privileges.
 */
export class PodIpAllocator {
  readonly #first: number;
  readonly #size: number;
  readonly #byPod = new Map<string, number>();
  readonly #used = new Set<number>();

  constructor(podCidr: string) {
    const [network, bits] = ipaddr.parseCIDR(podCidr);
    if (network.kind() !== 'ipv4' || bits > 30) throw new Error(`pod CIDR ${podCidr}: an IPv4 range of at least 4 addresses`);
    this.#first = toNumber(network.toByteArray()) + 2;
    this.#size = 2 ** (32 - bits) - 3; // not the network, gateway or broadcast address
  }

  /** The pod's IP (the same one again for the same pod key); undefined when the range is exhausted. */
  allocate(podKey: string): string | undefined {
    const held = this.#byPod.get(podKey);
    if (held !== undefined) return fromNumber(held);
    for (let i = 0; i < this.#size; i++) {
      const ip = this.#first + i;
      if (this.#used.has(ip)) continue;
      this.#used.add(ip);
      this.#byPod.set(podKey, ip);
      return fromNumber(ip);
    }
    return undefined;
  }

  /** Records an IP a pod already has (after a kubelet restart), if it is in range. */
  restore(podKey: string, ip: string): boolean {
    if (!ipaddr.IPv4.isValid(ip)) return false;
    const n = toNumber(ipaddr.IPv4.parse(ip).toByteArray());
    if (n < this.#first || n >= this.#first + this.#size || (this.#used.has(n) && this.#byPod.get(podKey) !== n)) return false;
    this.#used.add(n);
    this.#byPod.set(podKey, n);
    return true;
  }

  release(podKey: string): void {
    const ip = this.#byPod.get(podKey);
    if (ip === undefined) return;
    this.#byPod.delete(podKey);
    this.#used.delete(ip);
  }
}

const toNumber = (bytes: number[]) => bytes.reduce((n, b) => n * 256 + b, 0);
const fromNumber = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
