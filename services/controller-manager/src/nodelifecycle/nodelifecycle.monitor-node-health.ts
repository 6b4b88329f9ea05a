import type { KubeObject, Taint } from '@kubeledger/api';
import type { EventType } from '@kubeledger/client';
import type { NodeHealth, HealthSettings } from './node-health.js';
import { markPodsNotReady, type MarkPodsNotReadyDeps } from './nodelifecycle.mark-pods-not-ready.js';
import { markNodeAsReachable, processTaintBaseEviction } from './nodelifecycle.taint-base-eviction.js';
import { updateNodeHealth, type NodeHealthResult, type UpdateNodeHealthDeps } from './nodelifecycle.update-node-health.js';
import { handleDisruption } from './nodelifecycle.handle-disruption.js';
import { mapLimit } from './map-limit.js';
import { TokenBucket } from './token-bucket.js';
import { zoneKeyOf, type EvictionRates, type ZoneState } from './zone-state.js';

export interface MonitorSettings extends HealthSettings, EvictionRates {
  /** --unhealthy-zone-threshold. */
  readonly unhealthyZoneThreshold: number;
}

/** What the monitor keeps between passes. */
export interface MonitorState {
  readonly health: Map<string, NodeHealth>;
  /** The nodes seen, by name: their uid. */
  readonly known: Map<string, string>;
  /** Nodes whose pods could not all be marked not Ready (nodesToRetry). */
  readonly retry: Set<string>;
  readonly zoneStates: Map<string, ZoneState>;
  /** Each zone's NoExecute tainting rate limiter. */
  readonly buckets: Map<string, TokenBucket>;
}

export const newMonitorState = (): MonitorState => ({ health: new Map(), known: new Map(), retry: new Set(), zoneStates: new Map(), buckets: new Map() });

export interface MonitorNodeHealthDeps extends Omit<UpdateNodeHealthDeps, 'health' | 'settings'>, MarkPodsNotReadyDeps {
  readonly listNodes: () => readonly KubeObject[];
  readonly podsOnNode: (nodeName: string) => readonly KubeObject[];
  readonly swapTaints: (name: string, add: readonly Taint[], remove: readonly Taint[]) => Promise<void>;
  readonly event: (object: KubeObject, type: EventType, reason: string, message: string) => void;
  readonly settings: MonitorSettings;
  readonly state: MonitorState;
  readonly log: (message: string) => void;
}

const nodeRef = (name: string, uid: string): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid } });

/**
 * One pass of upstream's monitorNodeHealth: registers new nodes (their NoExecute taints taken off)
 * and forgets deleted ones; updates every node's health; sets each zone's tainting rate from its
 * state — when every zone is fully disrupted, no node is tainted and the NoExecute taints come off
 * (the controller rather than the nodes is likely cut off); then taints the nodes not Ready, and
 * marks the pods of a node that just stopped being Ready not Ready (`NodeNotReady`).
 */
export async function monitorNodeHealth(deps: MonitorNodeHealthDeps): Promise<void> {
  const { state } = deps;
  const nodes = deps.listNodes();
  await registerNodes(nodes, deps);

  const results = await mapLimit(nodes, async (node) => {
    try {
      return await updateNodeHealth(node, { ...deps, health: state.health });
    } catch (err) {
      deps.log(`nodelifecycle: updating the health of node ${node.metadata?.name} failed, skipped this pass: ${(err as Error).message}`);
      return undefined;
    }
  });
  const updated = results.filter((r): r is NodeHealthResult => r !== undefined);
  const allFullyDisrupted = await handleDisruption(updated, deps);

  await mapLimit(updated, async ({ node, observedReady, currentReady }) => {
    const name = node.metadata?.name ?? '';
    if (!currentReady) return;
    try {
      if (!allFullyDisrupted) await processTaintBaseEviction(node, observedReady, { swapTaints: deps.swapTaints, mayTaint: (n) => mayTaint(n, deps) });
    } catch (err) {
      deps.log(`nodelifecycle: tainting node ${name} failed, again next pass: ${(err as Error).message}`);
    }
    const transitioned = currentReady.status !== 'True' && observedReady.status === 'True';
    if (transitioned) deps.event(nodeRef(name, node.metadata?.uid ?? ''), 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    if (transitioned || (state.retry.has(name) && observedReady.status !== 'True')) {
      try {
        await markPodsNotReady(name, deps.podsOnNode(name), deps);
      } catch (err) {
        deps.log(`nodelifecycle: marking the pods of node ${name} not ready failed, again next pass: ${(err as Error).message}`);
        state.retry.add(name);
        return;
      }
    }
    state.retry.delete(name);
  });
}

async function registerNodes(nodes: readonly KubeObject[], deps: MonitorNodeHealthDeps): Promise<void> {
  const { state } = deps;
  const names = new Set(nodes.map((n) => n.metadata?.name ?? ''));
  for (const node of nodes) {
    const name = node.metadata?.name ?? '';
    if (state.known.has(name)) continue;
    const uid = node.metadata?.uid ?? '';
    deps.event(nodeRef(name, uid), 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
    state.known.set(name, uid);
    await markNodeAsReachable(node, deps).catch((err: unknown) => deps.log(`nodelifecycle: untainting new node ${name} failed: ${(err as Error).message}`));
  }
  for (const [name, uid] of state.known) {
    if (names.has(name)) continue;
    deps.event(nodeRef(name, uid), 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`);
    state.known.delete(name);
    state.health.delete(name);
    state.retry.delete(name);
  }
}

/** The node's zone has a token for one more NoExecute taint (a zone of excluded nodes only gets the healthy rate, as upstream's new zones). */
function mayTaint(node: KubeObject, deps: MonitorNodeHealthDeps): boolean {
  const zone = zoneKeyOf(node);
  let bucket = deps.state.buckets.get(zone);
  if (!bucket) deps.state.buckets.set(zone, (bucket = new TokenBucket(deps.settings.evictionRate)));
  return bucket.tryAccept(deps.now().getTime());
}
