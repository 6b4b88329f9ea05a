import type { KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { failingConditions, updateConditions, type NamespaceCondition } from './namespace-conditions.js';
import { deleteContent, type DeleteContentDeps } from './namespace.delete-content.js';
import { requeueAfterMs } from './plan-content-deletion.js';

/** The finalizer this controller owns (FinalizerKubernetes). */
export const KUBERNETES_FINALIZER = 'kubernetes';
/** Conflicting writes a step retries on a fresh read before giving up (retryOnConflictError). */
const CONFLICT_ATTEMPTS = 5;

export interface ReconcileNamespaceDeps extends DeleteContentDeps {
  /** A fresh read (undefined when the namespace is gone): other writers edit a terminating namespace too. */
  readonly getNamespace: (name: string) => Promise<KubeObject | undefined>;
  readonly updateStatus: (ns: KubeObject) => Promise<KubeObject>;
  /** PUT namespaces/<name>/finalize. */
  readonly finalize: (ns: KubeObject) => Promise<KubeObject>;
  readonly isConflict: (err: unknown) => boolean;
  readonly isNotFound: (err: unknown) => boolean;
  readonly now: () => Date;
  readonly log: (message: string) => void;
}

const specFinalizersOf = (ns: KubeObject) => ((ns['spec'] as { finalizers?: string[] | null } | undefined)?.finalizers ?? []);
const statusOf = (ns: KubeObject) => (ns['status'] ?? {}) as { phase?: string; conditions?: NamespaceCondition[] };
const timestamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * One sync of a namespace (upstream's namespacedResourcesDeleter.Delete): nothing unless it is
 * being deleted; else its phase Terminating, its content deleted, the conditions saying what is
 * left, and — once nothing is — the `kubernetes` finalizer removed through `finalize` (the
 * apiserver removes the namespace when no finalizer is left). Content still going comes back
 * after upstream's estimate; failures are retried with backoff.
 */
export async function reconcileNamespace(name: string, deps: ReconcileNamespaceDeps): Promise<StepResult> {
  let ns = await deps.getNamespace(name);
  if (!ns || ns.metadata?.['deletionTimestamp'] === undefined) return 'continue';
  ns = await withConflictRetry(name, ns, deps, (current) =>
    statusOf(current).phase === 'Terminating' ? Promise.resolve(current) : deps.updateStatus({ ...current, status: { ...statusOf(current), phase: 'Terminating' } }),
  );
  if (!ns || specFinalizersOf(ns).length === 0) return 'continue';

  const summary = await deleteContent(name, deps);
  const now = timestamp(deps.now());
  const { conditions, changed } = updateConditions(statusOf(ns).conditions ?? [], failingConditions(summary, now), now);
  if (changed) {
    try {
      ns = await deps.updateStatus({ ...ns, status: { ...statusOf(ns), conditions } });
    } catch (err) {
      // As upstream: the conditions are a report; the deletion goes on without them.
      deps.log(`namespace ${name}: couldn't update status conditions: ${(err as Error).message}`);
    }
  }
  if (summary.discoveryError !== undefined || summary.contentErrors.length > 0) {
    deps.log(`namespace ${name}: deletion failed: ${[summary.discoveryError, ...summary.contentErrors].filter(Boolean).join('; ')}`);
    return 'requeue';
  }
  if (summary.estimate > 0) return { requeueAfterMs: requeueAfterMs(summary.estimate) };

  await withConflictRetry(name, ns, deps, (current) => {
    const finalizers = [...new Set(specFinalizersOf(current).filter((f) => f !== KUBERNETES_FINALIZER))].sort();
    return deps.finalize({ ...current, spec: { ...(current['spec'] as object | undefined), finalizers } });
  });
  return 'continue';
}

/** Runs `write` on the namespace, again on a fresh read after a conflict; undefined once it is gone or replaced. */
async function withConflictRetry(name: string, ns: KubeObject, deps: ReconcileNamespaceDeps, write: (ns: KubeObject) => Promise<KubeObject>): Promise<KubeObject | undefined> {
  let current = ns;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(current);
    } catch (err) {
      if (deps.isNotFound(err)) return undefined;
      if (!deps.isConflict(err) || attempt >= CONFLICT_ATTEMPTS) throw err;
      const fresh = await deps.getNamespace(name);
      if (!fresh || fresh.metadata?.uid !== current.metadata?.uid) return undefined;
      current = fresh;
    }
  }
}
