import { isStatusError, objectKey } from '@kubeledger/api';
import type { Registry } from '../registry/registry.js';
import type { WatchCache } from '../watch/watch-cache.js';
import { AdmissionChain } from './admission-chain.js';
import { defaultTolerationSeconds, type DefaultTolerationSettings } from './default-toleration-seconds/default-toleration-seconds.js';
import { namespaceLifecycle } from './namespace-lifecycle/namespace-lifecycle.js';
import { generatedName } from '../registry/before-write.js';
import { serviceAccountAdmission } from './service-account/service-account.js';
import { serviceAccountLookup } from './service-account/service-account-lookup.js';

/** Every admission plugin's name, in the order they run (what KUBELEDGER_DISABLE_ADMISSION_PLUGINS may name). */
export const ADMISSION_PLUGIN_NAMES: readonly string[] = ['NamespaceLifecycle', 'ServiceAccount', 'DefaultTolerationSeconds'];

/** Every admission plugin, in the order they run, but those `disabled` (--disable-admission-plugins). */
export function admissionChain(registry: Registry, watchCache: WatchCache, disabled: readonly string[] = [], tolerations?: DefaultTolerationSettings): AdmissionChain {
  const namespaces = registry.find('', 'v1', 'namespaces')!;
  // As upstream's plugin reads its namespace informer: from the watch cache, and from storage only
  // when the cache does not have it (yet) — a namespace created a moment ago on another replica.
  const live = (name: string) =>
    namespaces.get('', name).catch((err: unknown) => {
      if (isStatusError(err) && err.code === 404) return undefined;
      throw err;
    });
  const serviceAccounts = registry.find('', 'v1', 'serviceaccounts')!;
  const serviceAccount = serviceAccountLookup({
    cached: (namespace, name) => watchCache.get(objectKey({ group: '', resource: 'serviceaccounts', namespace, name })),
    live: (namespace, name) =>
      serviceAccounts.get(namespace, name).catch((err: unknown) => {
        if (isStatusError(err) && err.code === 404) return undefined;
        throw err;
      }),
  });
  return new AdmissionChain(
    [
      namespaceLifecycle(async (name, fresh) => (fresh ? undefined : watchCache.get(objectKey({ group: '', resource: 'namespaces', namespace: '', name }))) ?? live(name)),
      serviceAccountAdmission(serviceAccount, generatedName),
      defaultTolerationSeconds(tolerations),
    ].filter((plugin) => !disabled.includes(plugin.name)),
  );
}
