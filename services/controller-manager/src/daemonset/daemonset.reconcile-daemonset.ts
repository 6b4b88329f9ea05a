import { isDeepStrictEqual } from 'node:util';
import { matchesLabels, type KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { isBeingDeleted, labelsOf } from '../controller-utils/controller-ref.js';
import { labelSelectorRequirements } from '../controller-utils/label-selector.js';
import { claimDaemonPods, claimRevisions, type ClaimDeps } from './daemonset.claim.js';
import { constructHistory, type ConstructHistoryDeps } from './daemonset.construct-history.js';
import { syncNodes, type SyncNodesDeps } from './daemonset.sync-nodes.js';
import { updateDaemonSetStatus, type UpdateStatusDeps } from './daemonset.update-status.js';
import { daemonSetCounts, nextAvailabilityCheckMs } from './daemonset-status.js';
import { daemonSetSpec, splitKey } from './daemonset-spec.js';
import type { FailedPodsBackoff } from './failed-pods-backoff.js';
import { planNodePods } from './plan-node-pods.js';
import { planRollingUpdate } from './plan-rolling-update.js';
import { podsByNode } from './pods-by-node.js';
import { revisionsToDelete } from './revisions.js';

export interface ReconcileDaemonSetDeps extends ClaimDeps, ConstructHistoryDeps, SyncNodesDeps, UpdateStatusDeps {
  /** From the informers. */
  readonly getDaemonSet: (namespace: string, name: string) => KubeObject | undefined;
  readonly getPod: (namespace: string, name: string) => KubeObject | undefined;
  readonly listNodes: () => readonly KubeObject[];
  /** The namespace's pods (or revisions) whose controller reference names that uid; with '' those without a controller. */
  readonly listPods: (namespace: string, controllerUid: string) => readonly KubeObject[];
  readonly listRevisions: (namespace: string, controllerUid: string) => readonly KubeObject[];
  /** The revision the pod cache is current at. */
  readonly podsRevision: () => number;
  readonly failedPodsBackoff: FailedPodsBackoff;
}

/**
 * One DaemonSet (upstream's `syncDaemonSet`). A DaemonSet selecting everything gets a
 * `SelectingAll` warning and nothing else; one being deleted nothing at all. Otherwise its
 * revisions are claimed and the current one found or made (its hash labels the pods); while the
 * last writes have not shown in the pod cache (the expectations) only the status is written.
 * Else the manage loop puts one pod on each node that should run one and removes the rest, then
 * — nothing written and `RollingUpdate` — one rolling-update step; old revisions beyond the limit
 * go; the status is written, `observedGeneration` included. Comes back when a failed pod's backoff
 * ends, a ready pod passes `minReadySeconds`, or the expectations expire.
 */
export async function reconcileDaemonSet(key: string, deps: ReconcileDaemonSetDeps): Promise<StepResult> {
  const { namespace, name } = splitKey(key);
  const ds = deps.getDaemonSet(namespace, name);
  if (!ds) {
    deps.expectations.forget(key);
    return 'continue';
  }
  const { selector, updateStrategy } = daemonSetSpec(ds);
  if (isDeepStrictEqual(selector, {})) {
    deps.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
    return 'continue';
  }
  const requirements = labelSelectorRequirements(selector);
  if (requirements === null) {
    deps.log(`daemonset ${key}: its selector cannot be read; nothing done`);
    return 'continue';
  }
  if (isBeingDeleted(ds)) return 'continue';
  const matches = (o: KubeObject) => matchesLabels(requirements, labelsOf(o));
  const uid = ds.metadata?.uid ?? '';
  const nodes = deps.listNodes();
  const pods = await claimDaemonPods(ds, matches, [...deps.listPods(namespace, uid), ...deps.listPods(namespace, '')], deps);
  const revisions = await claimRevisions(ds, matches, [...deps.listRevisions(namespace, uid), ...deps.listRevisions(namespace, '')], deps);
  const { hash, old } = await constructHistory(ds, revisions, pods, deps);
  const cache = () => ({ getPod: (pod: string) => deps.getPod(namespace, pod), revision: deps.podsRevision() });
  const satisfied = () => deps.expectations.satisfied(key, cache(), deps.now().getTime());

  if (!satisfied()) {
    await updateDaemonSetStatus(ds, daemonSetCounts(ds, nodes, podsByNode(pods), hash, deps.now()), false, deps);
    return requeue(key, ds, pods, undefined, deps);
  }
  const byNode = podsByNode(pods);
  const plan = planNodePods(ds, nodes, byNode, hash, deps.failedPodsBackoff, deps.now().getTime());
  for (const { pod, node } of plan.failedPods) deps.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${namespace}/${pod.metadata?.name} on node ${node}, will try to kill it`);
  let syncError: unknown;
  try {
    await syncNodes(key, ds, plan.podsToDelete, plan.nodesNeedingPods, hash, deps);
    if (satisfied() && updateStrategy.type === 'RollingUpdate') {
      const step = planRollingUpdate(ds, nodes, byNode, hash, deps.now());
      await syncNodes(key, ds, step.podsToDelete, step.nodesNeedingPods, hash, deps);
    }
    for (const rev of revisionsToDelete(ds, old, pods)) {
      try {
        await deps.deleteRevision(namespace, rev.metadata?.name ?? '');
      } catch (err) {
        if (!deps.isNotFound(err)) throw err;
      }
    }
  } catch (err) {
    syncError = err ?? new Error('syncing the daemon pods failed');
  }
  await updateDaemonSetStatus(ds, daemonSetCounts(ds, nodes, byNode, hash, deps.now()), true, deps);
  if (syncError !== undefined) throw syncError;
  return requeue(key, ds, pods, plan.requeueAfterMs, deps);
}

/** The soonest of: a failed pod's backoff ending, a ready pod becoming available, the expectations expiring. */
function requeue(key: string, ds: KubeObject, pods: readonly KubeObject[], backoffMs: number | undefined, deps: ReconcileDaemonSetDeps): StepResult {
  const now = deps.now();
  const counts = daemonSetCounts(ds, deps.listNodes(), podsByNode(pods), '', now);
  const delays = [backoffMs, nextAvailabilityCheckMs(ds, counts, pods, now), deps.expectations.expiresInMs(key, now.getTime())].filter((d): d is number => d !== undefined);
  return delays.length > 0 ? { requeueAfterMs: Math.min(...delays) } : 'continue';
}
