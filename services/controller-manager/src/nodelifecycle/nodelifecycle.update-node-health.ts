import type { KubeObject } from '@kubeledger/api';
import { nodeCondition, type NodeCondition } from './node-conditions.js';
import { decideNodeHealth, type HealthSettings, type NodeHealth } from './node-health.js';

export interface UpdateNodeHealthDeps {
  readonly health: Map<string, NodeHealth>;
  readonly leaseRenewTime: (nodeName: string) => string | undefined;
  /** PUT on the node's `status` subresource, conditional on its resourceVersion. */
  readonly updateNodeStatus: (node: KubeObject) => Promise<KubeObject>;
  readonly getFreshNode: (name: string) => Promise<KubeObject>;
  readonly settings: HealthSettings;
  readonly now: () => Date;
}

export interface NodeHealthResult {
  /** The node as it is now (as written, when the controller wrote its status). */
  readonly node: KubeObject;
  readonly observedReady: NodeCondition;
  readonly currentReady: NodeCondition | undefined;
}

const ATTEMPTS = 5;

/**
 * One node's health (upstream's tryUpdateNodeHealth with monitorNodeHealth's retries): decides
 * from its Ready heartbeat and Lease whether the kubelet went quiet, and if so writes its
 * conditions Unknown; a failed write is tried again on the node read afresh, up to 5 times, then
 * thrown (the node is skipped this pass).
 */
export async function updateNodeHealth(node: KubeObject, deps: UpdateNodeHealthDeps): Promise<NodeHealthResult> {
  const name = node.metadata?.name ?? '';
  let current = node;
  for (let attempt = 1; ; attempt++) {
    const now = deps.now();
    const decision = decideNodeHealth(deps.health.get(name), current, deps.leaseRenewTime(name), now, deps.settings);
    deps.health.set(name, decision.health);
    if (!decision.conditions) return { node: current, observedReady: decision.observedReady, currentReady: nodeCondition(current, 'Ready') };
    try {
      const written = await deps.updateNodeStatus({ ...current, status: { ...(current['status'] as object | undefined), conditions: decision.conditions } });
      const ready = decision.conditions.find((c) => c.type === 'Ready');
      deps.health.set(name, { ...decision.health, readyTransitionTimestamp: now.getTime(), ...(ready && { ready }) });
      return { node: written, observedReady: decision.observedReady, currentReady: ready };
    } catch (err) {
      if (attempt >= ATTEMPTS) throw err;
      current = await deps.getFreshNode(name);
    }
  }
}
