import type { KubeObject } from '@kubeledger/api';
import { annotationsOf, type DeploymentSpec } from './deployment-spec.js';
import { replicaSetStatus, specReplicas } from './replica-set-fields.js';
import { activeReplicaSets, bySizeNewer, bySizeOlder, findActiveOrLatest, specReplicaCount } from './replica-set-lists.js';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, replicasAnnotation } from './revision-annotations.js';
import { isRollingUpdate, maxSurge } from './rollout-limits.js';

/** A write of a scaling plan. */
export interface ScaleWrite {
  readonly name: string;
  readonly replicas: number;
  /**
   * Set by proportional scaling: the ReplicaSet's replicas annotations are brought up to date even
   * when its size stays, and the event names the direction of the whole scaling. Unset: the write
   * happens only when the size changes.
   */
  readonly proportional?: 'up' | 'down' | '';
}

/**
 * Upstream's `isScalingEvent`: `spec.replicas` is not what an active ReplicaSet was last scaled
 * for (its desired-replicas annotation), so this sync scales instead of rolling out.
 */
export function isScalingEvent(spec: DeploymentSpec, newRS: KubeObject | undefined, oldRSs: readonly KubeObject[]): boolean {
  return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
    const desired = replicasAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
    return desired !== undefined && desired !== spec.replicas;
  });
}

/** util.IsSaturated: the new ReplicaSet was scaled for, asks for and has every replica available. */
export function isSaturated(spec: DeploymentSpec, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  const desired = annotationsOf(rs)[DESIRED_REPLICAS_ANNOTATION];
  return desired !== undefined && /^-?\d+$/.test(desired) && Number(desired) === spec.replicas && specReplicas(rs) === spec.replicas && replicaSetStatus(rs).availableReplicas === spec.replicas;
}

/** integer.RoundToInt32: half away from zero. */
const round = (x: number) => (x < 0 ? Math.ceil(x - 0.5) : Math.floor(x + 0.5));

/**
 * util.getReplicaSetFraction: how many replicas `rs` gains (or, negative, loses) when the
 * Deployment's size moves from what it was scaled for (the max-replicas annotation, else
 * `status.replicas`) to `spec.replicas` + maxSurge, in proportion to its size.
 */
function fraction(rs: KubeObject, spec: DeploymentSpec, statusReplicas: number): number {
  if (spec.replicas === 0) return -specReplicas(rs);
  const size = spec.replicas + maxSurge(spec);
  const annotated = replicasAnnotation(rs, MAX_REPLICAS_ANNOTATION) ?? statusReplicas;
  if (annotated <= 0) return 0; // never scaled proportionally up from nothing
  return round((specReplicas(rs) * size) / annotated) - specReplicas(rs);
}

/** util.GetProportion: the fraction, capped by what is left to add (or to remove). */
function proportion(rs: KubeObject, spec: DeploymentSpec, statusReplicas: number, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const allowed = toAdd - added;
  const share = fraction(rs, spec, statusReplicas);
  return toAdd > 0 ? Math.min(share, allowed) : Math.max(share, allowed);
}

/**
 * Upstream's `scale`, for scaling events and paused Deployments. One active ReplicaSet (or none:
 * the newest) takes `spec.replicas` whole. A saturated new one means the old ones go to 0.
 * Otherwise, in a rolling update, the difference between `spec.replicas` + maxSurge and what the
 * active ReplicaSets ask for is spread over them in proportion to their sizes — scaling up, the
 * largest and then newest first; down, the largest and then oldest first; what rounding leaves
 * goes to the first — so a rollout under way keeps its ratio rather than hastening.
 */
export function planScale(spec: DeploymentSpec, statusReplicas: number, newRS: KubeObject | undefined, oldRSs: readonly KubeObject[]): ScaleWrite[] {
  const nameOf = (rs: KubeObject) => rs.metadata?.name ?? '';
  const only = findActiveOrLatest(newRS, oldRSs);
  if (only) return specReplicas(only) === spec.replicas ? [] : [{ name: nameOf(only), replicas: spec.replicas }];
  if (isSaturated(spec, newRS)) return activeReplicaSets(oldRSs).map((rs) => ({ name: nameOf(rs), replicas: 0 }));
  if (!isRollingUpdate(spec)) return [];

  const active = activeReplicaSets([...oldRSs, newRS]);
  const allowed = spec.replicas > 0 ? spec.replicas + maxSurge(spec) : 0;
  const toAdd = allowed - specReplicaCount(active);
  const operation = toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : '';
  if (toAdd > 0) active.sort(bySizeNewer);
  else if (toAdd < 0) active.sort(bySizeOlder);

  let added = 0;
  const sizes = active.map((rs) => {
    if (toAdd === 0) return specReplicas(rs);
    const share = proportion(rs, spec, statusReplicas, toAdd, added);
    added += share;
    return specReplicas(rs) + share;
  });
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
  return active.map((rs, i) => ({ name: nameOf(rs), replicas: sizes[i]!, proportional: operation }));
}
