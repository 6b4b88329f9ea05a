import { hostname } from 'node:os';

/**
 * The names the apiserver's serving certificate answers to: loopback, this host, and the in-cluster
 * names of the `kubernetes` Service, then `extra` (configured names), without duplicates.
 */
export function defaultServingHosts(extra: readonly string[] = []): string[] {
  const hosts = [
    'localhost',
    '127.0.0.1',
    '::1',
    hostname(),
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
    ...extra,
  ];
  return [...new Set(hosts.filter((host) => host !== ''))];
}
