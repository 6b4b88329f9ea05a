/** The range the fallback pod CIDRs come from: the default cluster CIDR of node IPAM, loopback addresses. */
export const FALLBACK_CLUSTER_CIDR = '127.128.0.0/10';
const SUBNETS = 2 ** (24 - 10); // /24s in a /10

/**
 * A pod CIDR for a node that was given none and that node IPAM has not assigned one to: a /24 of
 * 127.128.0.0/10 chosen from the node's name. A name ending in a number picks that subnet
 * (`node-1` → 127.128.1.0/24, `node-2` → 127.128.2.0/24: distinct for the numbered nodes
 * `npm start` runs); any other name a subnet by FNV-1a hash of the name, which two names may
 * share — give those nodes KUBELEDGER_POD_CIDR, or let node IPAM assign spec.podCIDR.
 */
export function fallbackPodCidr(nodeName: string): string {
  const numbered = /(\d+)$/.exec(nodeName);
  const index = numbered && Number(numbered[1]) < SUBNETS ? Number(numbered[1]) : fnv1a(nodeName) % SUBNETS;
  return `127.${128 + Math.floor(index / 256)}.${index % 256}.0/24`;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
