import type { KubeObject } from '@kubeledger/api';
import { statusChanged, type ReplicaSetStatus } from './replicaset-status.js';

export interface UpdateStatusDeps {
  /** PUT on the `status` subresource, conditional on the object's resourceVersion. */
  readonly updateStatus: (rs: KubeObject) => Promise<KubeObject>;
  readonly getFreshReplicaSet: (namespace: string, name: string) => Promise<KubeObject>;
  readonly isConflict: (err: unknown) => boolean;
  readonly isNotFound: (err: unknown) => boolean;
}

/**
 * Upstream's `updateReplicaSetStatus`: nothing is written when the status says what the cached
 * ReplicaSet's does; otherwise a PUT of `/status`, and after a conflict (the cache was behind) one
 * more on the ReplicaSet read afresh, unless it was replaced. Resolves with the ReplicaSet as
 * written (the cached one when nothing was, or it is gone); other failures throw.
 */
export async function updateReplicaSetStatus(rs: KubeObject, status: ReplicaSetStatus, deps: UpdateStatusDeps): Promise<KubeObject> {
  if (!statusChanged(rs, status)) return rs;
  try {
    return await deps.updateStatus({ ...rs, status });
  } catch (err) {
    if (deps.isNotFound(err)) return rs;
    if (!deps.isConflict(err)) throw err;
  }
  try {
    const fresh = await deps.getFreshReplicaSet(rs.metadata?.namespace ?? '', rs.metadata?.name ?? '');
    if (fresh.metadata?.uid !== rs.metadata?.uid) return rs;
    return await deps.updateStatus({ ...fresh, status });
  } catch (err) {
    if (deps.isNotFound(err)) return rs;
    throw err;
  }
}
