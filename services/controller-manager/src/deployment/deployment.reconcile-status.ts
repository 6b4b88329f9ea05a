import type { KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { annotationsOf, DEPLOYMENT_KIND, withKind } from './deployment-spec.js';
import { calculateStatus, renderStatus, sameStatus, statusOf, type DeploymentStatus } from './deployment-status.js';
import { REVISION_ANNOTATION } from './revision-annotations.js';
import { progressCheckDelayMs, rolloutStatus } from './rollout-status.js';
import type { SyncState } from './deployment.sync-state.js';

export interface DeploymentWritesDeps {
  /** PUT of its `/status`, conditional on its resourceVersion. */
  readonly updateDeploymentStatus: (d: KubeObject) => Promise<KubeObject>;
}

/** A status write of `d` saying `status`. */
export const withStatus = (d: KubeObject, status: DeploymentStatus): KubeObject => ({ ...withKind(d, DEPLOYMENT_KIND), status: renderStatus(status) });

/**
 * Writes what the sync decided, only when it differs from what is stored: the status and the
 * revision annotation, together through `/status`, as upstream does (a Deployment's status
 * write keeps the annotations it is sent, and changes no generation). Resolves with whether
 * anything was written (its event brings the Deployment back).
 */
export async function writeDeployment(state: SyncState, status: DeploymentStatus, deps: DeploymentWritesDeps): Promise<boolean> {
  const d = state.deployment;
  const revised = state.revision !== undefined && annotationsOf(d)[REVISION_ANNOTATION] !== state.revision;
  if (!revised && sameStatus(status, statusOf(d))) return false;
  const annotated = revised ? { ...d, metadata: { ...d.metadata, annotations: { ...annotationsOf(d), [REVISION_ANNOTATION]: state.revision! } } } : d;
  await deps.updateDeploymentStatus(withStatus(annotated, status));
  return true;
}

/**
 * Upstream's `syncRolloutStatus`: writes the status after a rollout step; when nothing changed
 * and the rollout is neither complete nor timed out, comes back when the progress deadline passes.
 */
export async function finishRollout(state: SyncState, allRSs: ReadonlyArray<KubeObject | undefined>, newRS: KubeObject | undefined, deps: DeploymentWritesDeps): Promise<StepResult> {
  const replicaSets = allRSs.filter((rs): rs is KubeObject => rs !== undefined);
  const next = rolloutStatus({ name: state.deployment.metadata?.name ?? '', spec: state.spec, generation: state.generation, current: state.status, allRSs: replicaSets, newRS, now: state.now });
  if (await writeDeployment(state, next, deps)) return 'continue';
  const delay = progressCheckDelayMs(state.spec, state.generation, next, state.now);
  if (delay === undefined) return 'continue';
  return delay === 0 ? 'requeue' : { requeueAfterMs: delay };
}

/** Upstream's `syncDeploymentStatus` (scaling, paused, being deleted): the counts and Available, no progress estimate. */
export async function finishSync(state: SyncState, allRSs: ReadonlyArray<KubeObject | undefined>, newRS: KubeObject | undefined, deps: DeploymentWritesDeps): Promise<StepResult> {
  const replicaSets = allRSs.filter((rs): rs is KubeObject => rs !== undefined);
  await writeDeployment(state, calculateStatus(state.spec, state.generation, state.status, replicaSets, newRS, state.now), deps);
  return 'continue';
}
