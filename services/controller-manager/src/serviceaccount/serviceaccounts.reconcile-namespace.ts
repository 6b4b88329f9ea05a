import type { KubeObject } from '@kubeledger/api';
import type { StepResult } from '@kubeledger/client';
import { SERVICE_ACCOUNTS_TO_ENSURE } from './serviceaccounts.event-handlers.js';

export interface ReconcileNamespaceDeps {
  readonly getNamespace: (name: string) => KubeObject | undefined;
  readonly getServiceAccount: (namespace: string, name: string) => KubeObject | undefined;
  readonly createServiceAccount: (namespace: string, serviceAccount: KubeObject) => Promise<unknown>;
  readonly isAlreadyExists: (err: unknown) => boolean;
  readonly isNamespaceTerminating: (err: unknown) => boolean;
  readonly log: (message: string) => void;
}

/**
 * Upstream's ServiceAccountsController `syncNamespace`: an Active namespace (not one being
 * deleted) gets each ServiceAccount to ensure (`default`) that the cache does not show. One that
 * exists meanwhile, or a namespace that began terminating, is not an error; any other failure is
 * thrown (retried with backoff).
 */
export async function reconcileNamespace(name: string, deps: ReconcileNamespaceDeps): Promise<StepResult> {
  const ns = deps.getNamespace(name);
  if (!ns || (ns['status'] as { phase?: string } | undefined)?.phase !== 'Active') return 'continue';
  for (const saName of SERVICE_ACCOUNTS_TO_ENSURE) {
    if (deps.getServiceAccount(name, saName)) continue;
    try {
      await deps.createServiceAccount(name, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: saName, namespace: name } });
      deps.log(`serviceaccount: created ${name}/${saName}`);
    } catch (err) {
      if (!deps.isAlreadyExists(err) && !deps.isNamespaceTerminating(err)) throw err;
    }
  }
  return 'continue';
}
