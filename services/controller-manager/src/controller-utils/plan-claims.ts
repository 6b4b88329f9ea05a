import type { KubeObject } from '@kubeledger/api';
import { controllerRefOf, isBeingDeleted } from './controller-ref.js';

/** The controller claiming objects (a ReplicaSet claiming pods, a Deployment claiming ReplicaSets). */
export interface Claimant {
  readonly uid: string;
  readonly namespace: string;
  /** The controller is being deleted: it neither adopts nor releases. */
  readonly deleting: boolean;
}

/** What to do with each object a controller looks at (its own and the orphans). */
export interface ClaimPlan<T extends KubeObject> {
  /** Owned by the controller and still selected: kept as they are. */
  readonly claimed: T[];
  /** Orphans the selector matches: to be adopted (they count as claimed once adopted). */
  readonly adopt: T[];
  /** Owned by the controller but no longer selected: their owner reference is to be removed. */
  readonly release: T[];
}

/**
 * The decisions of upstream's `BaseControllerRefManager.ClaimObject` for each object: one owned by
 * another controller is ignored; one owned by this controller is kept while it matches and
 * released when it stops matching (unless the controller is being deleted); an orphan that
 * matches is adopted unless the controller or the orphan is being deleted or it lives in another
 * namespace.
 */
export function planClaims<T extends KubeObject>(claimant: Claimant, matches: (object: T) => boolean, objects: readonly T[]): ClaimPlan<T> {
  const plan: ClaimPlan<T> = { claimed: [], adopt: [], release: [] };
  for (const object of objects) {
    const ref = controllerRefOf(object);
    if (ref) {
      if (ref.uid !== claimant.uid) continue;
      if (matches(object)) plan.claimed.push(object);
      else if (!claimant.deleting) plan.release.push(object);
      continue;
    }
    if (claimant.deleting || !matches(object) || isBeingDeleted(object)) continue;
    if ((object.metadata?.namespace ?? '') !== claimant.namespace) continue;
    plan.adopt.push(object);
  }
  return plan;
}
