import type { KubeObject } from '@kubeledger/api';
import { controllerRefOf } from '../controller-utils/controller-ref.js';
import { ConditionTypes, getCondition, newCondition, Reasons, setCondition } from './deployment-conditions.js';
import { annotationsOf, hasProgressDeadline, REPLICASET_KIND, withKind } from './deployment-spec.js';
import { newReplicaSetFor } from './new-replica-set.js';
import { podTemplateHash } from '../controller-utils/pod-template-hash.js';
import { specMinReadySeconds, specReplicas, templateOf } from './replica-set-fields.js';
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets } from './replica-set-lists.js';
import { maxRevision, newReplicaSetAnnotations, REVISION_ANNOTATION } from './revision-annotations.js';
import { deploymentEvent, type ReplicaSetWritesDeps } from './deployment.replica-set-writes.js';
import { withStatus, type DeploymentWritesDeps } from './deployment.reconcile-status.js';
import type { SyncState } from './deployment.sync-state.js';

export interface NewReplicaSetDeps extends ReplicaSetWritesDeps, Pick<DeploymentWritesDeps, 'updateDeploymentStatus'> {
  readonly createReplicaSet: (rs: KubeObject) => Promise<KubeObject>;
  /** The ReplicaSet as the apiserver has it now (not the cache). */
  readonly getFreshReplicaSet: (namespace: string, name: string) => Promise<KubeObject>;
  readonly isAlreadyExists: (err: unknown) => boolean;
  /** The create failed because the namespace is being deleted (nothing to report then). */
  readonly isNamespaceTerminating: (err: unknown) => boolean;
}

/**
 * Upstream's `getAllReplicaSetsAndSyncRevision` without creating: splits the claimed ReplicaSets
 * into the new one (running the current template) and the old ones. An existing new one is
 * brought up to date — the Deployment's annotations, a revision above every old one (a rollback to
 * it gives it the next revision and keeps its earlier ones in `revision-history`),
 * `minReadySeconds` — with one conditional update; its revision becomes the Deployment's; and,
 * with a deadline and no Progressing condition yet, the deadline starts to count
 * (`FoundNewReplicaSet`). Upstream leaves the last two to the next sync after an update; here they
 * happen in the same one.
 */
export async function syncNewReplicaSetRevision(state: SyncState, rsList: readonly KubeObject[], deps: NewReplicaSetDeps): Promise<{ newRS: KubeObject | undefined; oldRSs: KubeObject[] }> {
  const { deployment, spec } = state;
  const existing = findNewReplicaSet(spec.template, rsList);
  const oldRSs = findOldReplicaSets(existing, rsList);
  if (!existing) return { newRS: undefined, oldRSs };
  const { annotations, changed } = newReplicaSetAnnotations(deployment, annotationsOf(existing), maxRevision(oldRSs) + 1);
  let newRS = existing;
  if (changed || specMinReadySeconds(existing) !== spec.minReadySeconds) {
    newRS = await deps.updateReplicaSet({
      ...withKind(existing, REPLICASET_KIND),
      metadata: { ...existing.metadata, annotations },
      spec: { ...(existing['spec'] as object), minReadySeconds: spec.minReadySeconds },
    });
  }
  state.revision = annotationsOf(newRS)[REVISION_ANNOTATION];
  if (hasProgressDeadline(spec) && !getCondition(state.status.conditions, ConditionTypes.Progressing)) {
    const found = newCondition(ConditionTypes.Progressing, 'True', Reasons.FoundNewReplicaSet, `Found new replica set "${newRS.metadata?.name ?? ''}"`, state.now);
    state.status = { ...state.status, conditions: setCondition(state.status.conditions, found) };
  }
  return { newRS, oldRSs };
}

/**
 * Upstream's `getNewReplicaSet`, creating: the ReplicaSet of {@link newReplicaSetFor} under the next
 * revision, named after the template's hash (with `status.collisionCount`). AlreadyExists — a
 * second sync before the cache showed the first's create — is fine when the one there is this
 * Deployment's with this template (read afresh); anything else there is a hash collision:
 * collisionCount is bumped in the status and the sync ends (undefined; the next one tries another
 * name). Another failure is reported as Progressing False `ReplicaSetCreateError` and an event,
 * then thrown. A create records `ScalingReplicaSet` and Progressing True `NewReplicaSetCreated`.
 */
export async function createNewReplicaSet(state: SyncState, oldRSs: readonly KubeObject[], deps: NewReplicaSetDeps): Promise<KubeObject | undefined> {
  const { deployment, spec } = state;
  const revision = maxRevision(oldRSs) + 1;
  const rs = newReplicaSetFor(deployment, oldRSs, podTemplateHash(spec.template, state.status.collisionCount), revision);
  const name = rs.metadata?.name ?? '';
  let created: KubeObject;
  try {
    created = await deps.createReplicaSet(rs);
  } catch (err) {
    if (deps.isAlreadyExists(err)) {
      const there = await deps.getFreshReplicaSet(rs.metadata?.namespace ?? '', name);
      if (controllerRefOf(there)?.uid === deployment.metadata?.uid && equalIgnoreHash(spec.template, templateOf(there))) {
        state.revision = String(revision);
        return there;
      }
      state.status = { ...state.status, collisionCount: (state.status.collisionCount ?? 0) + 1 };
      await deps.updateDeploymentStatus(withStatus(deployment, state.status));
      deps.log(`deployment ${rs.metadata?.namespace}/${deployment.metadata?.name}: replica set ${name} exists with another template (a hash collision); collisionCount now ${state.status.collisionCount}`);
      return undefined;
    }
    if (deps.isNamespaceTerminating(err)) throw err;
    const message = `Failed to create new replica set "${name}": ${err instanceof Error ? err.message : String(err)}`;
    if (hasProgressDeadline(spec)) {
      const failed = newCondition(ConditionTypes.Progressing, 'False', Reasons.ReplicaSetCreateError, message, state.now);
      state.status = { ...state.status, conditions: setCondition(state.status.conditions, failed) };
      await deps.updateDeploymentStatus(withStatus(deployment, state.status)).catch(() => undefined); // the create error is the one to report
    }
    deploymentEvent(state, deps, 'Warning', Reasons.ReplicaSetCreateError, message);
    throw err;
  }
  const replicas = specReplicas(created);
  if (replicas > 0) deploymentEvent(state, deps, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} to ${replicas} from 0`);
  state.revision = String(revision);
  if (hasProgressDeadline(spec)) {
    const createdCondition = newCondition(ConditionTypes.Progressing, 'True', Reasons.NewReplicaSetCreated, `Created new replica set "${name}"`, state.now);
    state.status = { ...state.status, conditions: setCondition(state.status.conditions, createdCondition) };
  }
  return created;
}
