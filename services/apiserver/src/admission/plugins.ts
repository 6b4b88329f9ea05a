import { isStatusError } from '@kubeledger/api';
import type { Registry } from '../registry/registry.js';
import { AdmissionChain } from './admission-chain.js';
import { namespaceLifecycle } from './namespace-lifecycle/namespace-lifecycle.js';

/** Every admission plugin, in the order they run. */
export function admissionChain(registry: Registry): AdmissionChain {
  const namespaces = registry.find('', 'v1', 'namespaces')!;
  return new AdmissionChain([
    namespaceLifecycle((name) =>
      namespaces.get('', name).catch((err: unknown) => {
        if (isStatusError(err) && err.code === 404) return undefined;
        throw err;
      }),
    ),
  ]);
}
