import { isStatusError } from '@kubeledger/api';
import type { Registry } from '../registry/registry.js';

/** The namespaces every cluster has (upstream's system namespaces controller creates them). */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/** Creates the system namespaces that are missing; safe on every start and from every replica. */
export async function bootstrapNamespaces(registry: Registry): Promise<void> {
  const namespaces = registry.find('', 'v1', 'namespaces')!;
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await namespaces.create('', { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] } }, { actor: { user: 'system:apiserver' } });
    } catch (err) {
      if (!(isStatusError(err) && err.reason === 'AlreadyExists')) throw err;
    }
  }
}
