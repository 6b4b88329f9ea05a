import type { Taint } from '@kubeledger/api';
import { mapLimit } from './map-limit.js';
import type { MonitorSettings, MonitorState } from './nodelifecycle.monitor-node-health.js';
import { markNodeAsReachable } from './nodelifecycle.taint-base-eviction.js';
import type { NodeHealthResult } from './nodelifecycle.update-node-health.js';
import { TokenBucket } from './token-bucket.js';
import { computeZoneState, EXCLUDE_DISRUPTION_LABEL, zoneEvictionRate, zoneKeyOf } from './zone-state.js';

export interface HandleDisruptionDeps {
  readonly swapTaints: (name: string, add: readonly Taint[], remove: readonly Taint[]) => Promise<void>;
  readonly settings: MonitorSettings;
  readonly state: MonitorState;
  readonly now: () => Date;
  readonly log: (message: string) => void;
}

/**
 * handleDisruption: each zone's state from its nodes' Ready conditions (nodes labelled
 * `node.kubernetes.io/exclude-disruption` left out) sets its tainting rate. Entering "every zone
 * fully disrupted" untaints every node; leaving it restarts every node's grace period. Resolves
 * with whether every zone is fully disrupted.
 */
export async function handleDisruption(results: readonly NodeHealthResult[], deps: HandleDisruptionDeps): Promise<boolean> {
  const { state, settings } = deps;
  const zones = new Map<string, NodeHealthResult['currentReady'][]>();
  for (const { node, currentReady } of results) {
    if (node.metadata?.labels?.[EXCLUDE_DISRUPTION_LABEL] !== undefined) continue;
    const key = zoneKeyOf(node);
    zones.set(key, [...(zones.get(key) ?? []), currentReady]);
  }
  const states = new Map([...zones].map(([zone, conditions]) => [zone, computeZoneState(conditions, settings.unhealthyZoneThreshold)] as const));
  const allAre = states.size > 0 && [...states.values()].every((s) => s === 'FullDisruption');
  const previous = [...state.zoneStates].filter(([zone]) => states.has(zone));
  const allWere = previous.length > 0 && previous.every(([, s]) => s === 'FullDisruption');
  const now = deps.now().getTime();
  state.zoneStates.clear();
  for (const [zone, s] of states) state.zoneStates.set(zone, s);
  for (const zone of [...state.buckets.keys()]) if (!states.has(zone)) state.buckets.delete(zone);
  for (const [zone, s] of states) {
    const rate = allAre ? 0 : zoneEvictionRate(s, zones.get(zone)!.length, settings);
    const bucket = state.buckets.get(zone);
    if (bucket) bucket.setRate(rate, now);
    else state.buckets.set(zone, new TokenBucket(rate));
  }
  if (allAre && !allWere) {
    deps.log('nodelifecycle: every node is not Ready; entering master disruption mode (no NoExecute taints)');
    await mapLimit(results, ({ node }) => markNodeAsReachable(node, deps).catch((err: unknown) => deps.log(`nodelifecycle: untainting node ${node.metadata?.name} failed: ${(err as Error).message}`)));
  } else if (!allAre && allWere) {
    deps.log('nodelifecycle: some nodes are Ready; exiting master disruption mode');
    for (const [name, health] of state.health) state.health.set(name, { ...health, probeTimestamp: now, readyTransitionTimestamp: now });
  }
  return allAre;
}
