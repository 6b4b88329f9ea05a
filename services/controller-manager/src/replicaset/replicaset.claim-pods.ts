import type { KubeObject } from '@kubeledger/api';
import { claimObjects } from '../controller-utils/claim-objects.js';
import { REPLICASET_KIND } from './replicaset-spec.js';

export interface ClaimPodsDeps {
  /** A strategic merge patch of a pod; resolves with the pod as stored. */
  readonly patchPod: (namespace: string, name: string, patch: Record<string, unknown>) => Promise<KubeObject>;
  /** The ReplicaSet as the apiserver has it now (not the cache). */
  readonly getFreshReplicaSet: (namespace: string, name: string) => Promise<KubeObject>;
  readonly isNotFound: (err: unknown) => boolean;
  readonly isInvalid: (err: unknown) => boolean;
  readonly log: (message: string) => void;
}

/** Upstream's `claimPods`: of the active pods the ReplicaSet owns and its namespace's orphans, those it owns once done (claimObjects). */
export function claimPods(rs: KubeObject, matches: (pod: KubeObject) => boolean, pods: readonly KubeObject[], deps: ClaimPodsDeps): Promise<KubeObject[]> {
  return claimObjects(rs, REPLICASET_KIND, 'pod', matches, pods, { ...deps, patch: deps.patchPod, getFreshOwner: deps.getFreshReplicaSet });
}
