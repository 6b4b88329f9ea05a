import type { KubeObject } from '@kubeledger/api';
import { nextDaemonSetStatus, type DaemonSetCounts } from './daemonset-status.js';

export interface UpdateStatusDeps {
  /** PUT on the `status` subresource, conditional on the object's resourceVersion. */
  readonly updateDaemonSetStatus: (ds: KubeObject) => Promise<KubeObject>;
  readonly getFreshDaemonSet: (namespace: string, name: string) => Promise<KubeObject>;
  readonly isConflict: (err: unknown) => boolean;
  readonly isNotFound: (err: unknown) => boolean;
}

/**
 * Upstream's `storeDaemonSetStatus`: nothing is written when the cached DaemonSet says it already;
 * otherwise a PUT of `/status`, and after a conflict one more on the DaemonSet read afresh (the
 * same counts; StatusUpdateRetries 1), unless it was replaced or is gone. Other failures throw.
 */
export async function updateDaemonSetStatus(ds: KubeObject, counts: DaemonSetCounts, updateObservedGeneration: boolean, deps: UpdateStatusDeps): Promise<void> {
  const status = nextDaemonSetStatus(ds, counts, updateObservedGeneration);
  if (!status) return;
  try {
    await deps.updateDaemonSetStatus({ ...ds, status });
    return;
  } catch (err) {
    if (deps.isNotFound(err)) return;
    if (!deps.isConflict(err)) throw err;
  }
  try {
    const fresh = await deps.getFreshDaemonSet(ds.metadata?.namespace ?? '', ds.metadata?.name ?? '');
    if (fresh.metadata?.uid !== ds.metadata?.uid) return;
    const observed = updateObservedGeneration ? { observedGeneration: Number(ds.metadata?.['generation'] ?? 0) } : {};
    await deps.updateDaemonSetStatus({ ...fresh, status: { ...(fresh['status'] as object | undefined), ...counts, ...observed } });
  } catch (err) {
    if (deps.isNotFound(err)) return;
    throw err;
  }
}
