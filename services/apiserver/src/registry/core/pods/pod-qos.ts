import type { PodSpec } from './pod-types.js';

const COMPUTE = ['cpu', 'memory'] as const;

/**
 * qos.GetPodQOS: Guaranteed when every container limits cpu and memory and requests the same,
 * BestEffort when none requests or limits either, Burstable otherwise. Quantities are compared as
 * written ("1" and "1000m" count as different).
 */
export function podQOS(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const r of COMPUTE) {
      if (requests[r] !== undefined || limits[r] !== undefined) any = true;
      if (limits[r] === undefined || (requests[r] ?? limits[r]) !== limits[r]) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
