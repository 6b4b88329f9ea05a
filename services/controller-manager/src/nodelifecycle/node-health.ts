import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '@kubeledger/api';
import { conditionsOf, nodeCondition, type NodeCondition } from './node-conditions.js';

/** What the controller remembers of a node between passes (upstream's nodeHealthData); times are the controller's clock, in ms. */
export interface NodeHealth {
  /** When the node last showed a sign of life: a new Ready heartbeat or Lease renewal seen. */
  readonly probeTimestamp: number;
  readonly readyTransitionTimestamp: number;
  /** The Ready condition as last seen. */
  readonly ready?: NodeCondition;
  /** The node Lease's `spec.renewTime` as last seen. */
  readonly leaseRenewTime?: string;
}

export interface HealthSettings {
  /** --node-monitor-grace-period. */
  readonly gracePeriodMs: number;
  /** --node-startup-grace-period: for a node that never posted a Ready condition. */
  readonly startupGracePeriodMs: number;
}

export interface HealthDecision {
  readonly health: NodeHealth;
  /** The Ready condition the node had (a made-up Unknown one when it has none). */
  readonly observedReady: NodeCondition;
  /** The node's conditions to write through /status when they went stale; undefined: nothing to write. */
  readonly conditions?: NodeCondition[];
}

/** The conditions the controller turns Unknown when the kubelet stops posting (NetworkUnavailable is the control plane's). */
const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

const ms = (time: string | undefined) => (time ? Date.parse(time) : Number.NaN);

/**
 * Upstream's tryUpdateNodeHealth, as a decision: a new Ready heartbeat or a renewed Lease since the
 * last pass refreshes the probe time (at `now`, the controller's clock, not the kubelet's); when
 * the probe time is older than the grace period (the startup one for a node without a Ready
 * condition), Ready, MemoryPressure, DiskPressure and PIDPressure become Unknown
 * (`NodeStatusUnknown`, or `NodeStatusNeverUpdated` for one never posted) — written only when
 * the Ready condition changed.
 */
export function decideNodeHealth(saved: NodeHealth | undefined, node: KubeObject, leaseRenewTime: string | undefined, now: Date, settings: HealthSettings): HealthDecision {
  const at = now.getTime();
  const created = ms(node.metadata?.creationTimestamp as string | undefined);
  const currentReady = nodeCondition(node, 'Ready');
  const observedReady: NodeCondition = currentReady ?? {
    type: 'Ready',
    status: 'Unknown',
    lastHeartbeatTime: node.metadata?.creationTimestamp as string | undefined,
    lastTransitionTime: node.metadata?.creationTimestamp as string | undefined,
  };
  const gracePeriodMs = currentReady ? settings.gracePeriodMs : settings.startupGracePeriodMs;

  let health: NodeHealth;
  if (!saved) {
    // First sight: a node that never posted counts from its creation, one that did from now.
    health = currentReady ? { probeTimestamp: at, readyTransitionTimestamp: at, ready: currentReady } : { probeTimestamp: created, readyTransitionTimestamp: created };
  } else if (!saved.ready && !currentReady) {
    health = saved;
  } else if (!saved.ready || !currentReady) {
    health = { probeTimestamp: at, readyTransitionTimestamp: at, ...(currentReady && { ready: currentReady }) };
  } else if (saved.ready.lastHeartbeatTime !== currentReady.lastHeartbeatTime) {
    const transitioned = saved.ready.lastTransitionTime !== currentReady.lastTransitionTime;
    health = { probeTimestamp: at, readyTransitionTimestamp: transitioned ? at : saved.readyTransitionTimestamp, ready: currentReady };
  } else {
    health = saved;
  }
  // A renewed Lease is a sign of life too, even from a kubelet that never posted a status.
  const savedLease = saved?.leaseRenewTime;
  if (leaseRenewTime && (!savedLease || ms(savedLease) < ms(leaseRenewTime))) {
    health = { ...health, leaseRenewTime, probeTimestamp: at };
  } else if (savedLease && health.leaseRenewTime === undefined) {
    health = { ...health, leaseRenewTime: savedLease };
  }

  if (!(at > health.probeTimestamp + gracePeriodMs)) return { health, observedReady };
  const conditions = staleConditions(node, now);
  const ready = conditions.find((c) => c.type === 'Ready');
  if (isDeepStrictEqual(ready, observedReady)) return { health, observedReady };
  return { health, observedReady, conditions };
}

/** The node's conditions with the monitored ones Unknown, as upstream writes them when the kubelet went quiet. */
export function staleConditions(node: KubeObject, now: Date): NodeCondition[] {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const conditions = conditionsOf(node).map((c) =>
    (MONITORED_CONDITIONS as readonly string[]).includes(c.type) && c.status !== 'Unknown'
      ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: stamp }
      : c,
  );
  for (const type of MONITORED_CONDITIONS) {
    if (conditions.some((c) => c.type === type)) continue;
    conditions.push({
      type,
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
      ...(node.metadata?.creationTimestamp !== undefined && { lastHeartbeatTime: node.metadata.creationTimestamp as string }),
      lastTransitionTime: stamp,
    });
  }
  return conditions;
}
