import type { KubeObject } from '@kubeledger/api';
import { annotationsOf, DEPLOYMENT_KIND, REPLICASET_KIND, withKind } from './deployment-spec.js';
import type { ScaleWrite } from './plan-proportional-scale.js';
import { planHistoryCleanup } from './plan-history-cleanup.js';
import { specReplicas } from './replica-set-fields.js';
import { replicasAnnotationsNeedUpdate, withReplicasAnnotations } from './revision-annotations.js';
import { maxSurge } from './rollout-limits.js';
import type { SyncState } from './deployment.sync-state.js';

export type EventType = 'Normal' | 'Warning';

export interface ReplicaSetWritesDeps {
  /** PUT, conditional on the ReplicaSet's resourceVersion (409 when the cache was behind); resolves with what was stored. */
  readonly updateReplicaSet: (rs: KubeObject) => Promise<KubeObject>;
  /** DELETE, conditional on the ReplicaSet's uid and resourceVersion. */
  readonly deleteReplicaSet: (rs: KubeObject) => Promise<void>;
  readonly event: (object: KubeObject, type: EventType, reason: string, message: string) => void;
  readonly isNotFound: (err: unknown) => boolean;
  readonly log: (message: string) => void;
}

/** Records an event about the Deployment being synced. */
export const deploymentEvent = (state: SyncState, deps: Pick<ReplicaSetWritesDeps, 'event'>, type: EventType, reason: string, message: string): void =>
  deps.event(withKind(state.deployment, DEPLOYMENT_KIND), type, reason, message);

/**
 * Upstream's `scaleReplicaSet`: one conditional update sets `spec.replicas` and the replicas
 * annotations (desired: the Deployment's `spec.replicas`; max: that plus maxSurge) when either is
 * out of date; a size change is recorded as `ScalingReplicaSet` "Scaled up replica set web-abc to 3
 * from 1". Resolves with the ReplicaSet as stored (as given when nothing was written).
 */
export async function scaleReplicaSet(state: SyncState, rs: KubeObject, replicas: number, operation: string, deps: ReplicaSetWritesDeps): Promise<KubeObject> {
  const desired = state.spec.replicas;
  const max = desired + maxSurge(state.spec);
  const from = specReplicas(rs);
  const resize = from !== replicas;
  if (!resize && !replicasAnnotationsNeedUpdate(annotationsOf(rs), desired, max)) return rs;
  const written = await deps.updateReplicaSet({
    ...withKind(rs, REPLICASET_KIND),
    metadata: { ...rs.metadata, annotations: withReplicasAnnotations(annotationsOf(rs), desired, max) },
    spec: { ...(rs['spec'] as object), replicas },
  });
  if (resize) deploymentEvent(state, deps, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata?.name ?? ''} to ${replicas} from ${from}`);
  return written;
}

/** Upstream's `scaleReplicaSetAndRecordEvent`: nothing when the size is right already. */
export function scaleAndRecord(state: SyncState, rs: KubeObject, replicas: number, deps: ReplicaSetWritesDeps): Promise<KubeObject> {
  const from = specReplicas(rs);
  if (from === replicas) return Promise.resolve(rs);
  return scaleReplicaSet(state, rs, replicas, from < replicas ? 'up' : 'down', deps);
}

/**
 * Runs a plan's writes in order (a ReplicaSet written twice is written the second time from what
 * the first write stored); resolves with `replicaSets`, the written ones replaced.
 */
export async function applyScaleWrites(state: SyncState, replicaSets: readonly KubeObject[], writes: readonly ScaleWrite[], deps: ReplicaSetWritesDeps): Promise<KubeObject[]> {
  const current = [...replicaSets];
  for (const write of writes) {
    const i = current.findIndex((rs) => rs.metadata?.name === write.name);
    if (i < 0) continue;
    current[i] =
      write.proportional === undefined ? await scaleAndRecord(state, current[i]!, write.replicas, deps) : await scaleReplicaSet(state, current[i]!, write.replicas, write.proportional, deps);
  }
  return current;
}

/** Deletes the old ReplicaSets beyond `revisionHistoryLimit` ({@link planHistoryCleanup}); one gone already is fine. */
export async function cleanupHistory(state: SyncState, oldRSs: readonly KubeObject[], deps: ReplicaSetWritesDeps): Promise<void> {
  for (const rs of planHistoryCleanup(oldRSs, state.spec.revisionHistoryLimit)) {
    try {
      await deps.deleteReplicaSet(rs);
      deps.log(`deployment ${state.deployment.metadata?.namespace}/${state.deployment.metadata?.name}: deleted old replica set ${rs.metadata?.name} (revision history limit ${state.spec.revisionHistoryLimit})`);
    } catch (err) {
      if (!deps.isNotFound(err)) throw err;
    }
  }
}
