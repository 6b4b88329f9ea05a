import type { KubeObject } from '@kubeledger/api';
import { claimObjects } from '../controller-utils/claim-objects.js';
import { DEPLOYMENT_KIND } from './deployment-spec.js';

export interface ClaimReplicaSetsDeps {
  /** A strategic merge patch of a ReplicaSet; resolves with it as stored. */
  readonly patchReplicaSet: (namespace: string, name: string, patch: Record<string, unknown>) => Promise<KubeObject>;
  /** The Deployment as the apiserver has it now (not the cache). */
  readonly getFreshDeployment: (namespace: string, name: string) => Promise<KubeObject>;
  readonly isNotFound: (err: unknown) => boolean;
  readonly isInvalid: (err: unknown) => boolean;
  readonly log: (message: string) => void;
}

/** Upstream's `getReplicaSetsForDeployment` (ClaimReplicaSets): of the namespace's ReplicaSets, those the Deployment owns once done (claimObjects). */
export function claimReplicaSets(d: KubeObject, matches: (rs: KubeObject) => boolean, replicaSets: readonly KubeObject[], deps: ClaimReplicaSetsDeps): Promise<KubeObject[]> {
  return claimObjects(d, DEPLOYMENT_KIND, 'replica set', matches, replicaSets, { ...deps, patch: deps.patchReplicaSet, getFreshOwner: deps.getFreshDeployment });
}
