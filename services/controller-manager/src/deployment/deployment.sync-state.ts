import type { KubeObject } from '@kubeledger/api';
import { deploymentSpec, generationOf, type DeploymentSpec } from './deployment-spec.js';
import { statusOf, type DeploymentStatus } from './deployment-status.js';

/**
 * One sync of one Deployment: the cached object (never mutated), and what the sync decided for
 * it along the way — upstream sets conditions, collisionCount and the revision annotation on its
 * copy of the Deployment as it goes; here they collect in `status` and `revision` and are written
 * once, at the end of the sync.
 */
export interface SyncState {
  readonly deployment: KubeObject;
  readonly spec: DeploymentSpec;
  readonly generation: number;
  /** The stored status with the conditions (and collisionCount) this sync set so far. */
  status: DeploymentStatus;
  /** The revision annotation the Deployment is to carry (its new ReplicaSet's), once known. */
  revision: string | undefined;
  /** The sync's clock reading (condition times, the progress deadline). */
  readonly now: Date;
}

export function syncStateFor(deployment: KubeObject, now: Date): SyncState {
  return { deployment, spec: deploymentSpec(deployment), generation: generationOf(deployment), status: statusOf(deployment), revision: undefined, now };
}
