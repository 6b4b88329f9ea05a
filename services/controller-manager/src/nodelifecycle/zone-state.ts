import type { KubeObject } from '@kubeledger/api';
import type { NodeCondition } from './node-conditions.js';

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** Nodes carrying this label are left out of the zone counts (labelNodeDisruptionExclusion). */
export const EXCLUDE_DISRUPTION_LABEL = 'node.kubernetes.io/exclude-disruption';

/** nodetopology.GetZoneKey: `<region>:\x00:<zone>` from the topology labels (or their beta names); '' without either. */
export function zoneKeyOf(node: KubeObject): string {
  const labels = (node.metadata?.labels ?? {}) as Record<string, string>;
  const region = labels['topology.kubernetes.io/region'] || labels['failure-domain.beta.kubernetes.io/region'] || '';
  const zone = labels['topology.kubernetes.io/zone'] || labels['failure-domain.beta.kubernetes.io/zone'] || '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

/**
 * ComputeZoneState: a zone whose nodes are all not Ready is fully disrupted; one with more than
 * two not Ready making at least `unhealthyThreshold` of it partially.
 */
export function computeZoneState(readyConditions: readonly (NodeCondition | undefined)[], unhealthyThreshold: number): ZoneState {
  const ready = readyConditions.filter((c) => c?.status === 'True').length;
  const notReady = readyConditions.length - ready;
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyThreshold) return 'PartialDisruption';
  return 'Normal';
}

export interface EvictionRates {
  /** --node-eviction-rate: nodes tainted per second in a healthy zone. */
  readonly evictionRate: number;
  /** --secondary-node-eviction-rate: in a partially disrupted zone of a large cluster. */
  readonly secondaryEvictionRate: number;
  /** --large-cluster-size-threshold: zones this size or smaller get no NoExecute tainting when partially disrupted. */
  readonly largeClusterThreshold: number;
}

/** setLimiterInZone: how many nodes per second a zone in `state` may have NoExecute-tainted. */
export function zoneEvictionRate(state: ZoneState, zoneSize: number, rates: EvictionRates): number {
  switch (state) {
    case 'Normal':
    case 'FullDisruption':
      return rates.evictionRate;
    case 'PartialDisruption':
      return zoneSize <= rates.largeClusterThreshold ? 0 : rates.secondaryEvictionRate;
    default: {
      const never: never = state;
      return never;
    }
  }
}
