import { isStatusError, objectKey, type KubeObject } from '@kubeledger/api';
import type { GenericStore } from '../registry/generic-store.js';
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
  // As upstream's plugins read their informers: from the watch cache, and from storage only when
  // the cache does not have it (yet) — an object created a moment ago on another replica.
  const namespaces = registry.find('', 'v1', 'namespaces')!;
  const serviceAccounts = registry.find('', 'v1', 'serviceaccounts')!;
  const serviceAccount = serviceAccountLookup({
    cached: (namespace, name) => watchCache.get(objectKey({ group: '', resource: 'serviceaccounts', namespace, name })),
    live: (namespace, name) => readIfExists(serviceAccounts, namespace, name),
  });
  return new AdmissionChain(
    [
      namespaceLifecycle(async (name, fresh) => (fresh ? undefined : watchCache.get(objectKey({ group: '', resource: 'namespaces', namespace: '', name }))) ?? readIfExists(namespaces, '', name)),
      serviceAccountAdmission(serviceAccount, generatedName),
      defaultTolerationSeconds(tolerations),
    ].filter((plugin) => !disabled.includes(plugin.name)),
  );
}

/** The stored object, or undefined when there is none (404). */
function readIfExists(store: GenericStore, namespace: string, name: string): Promise<KubeObject | undefined> {
  return store.get(namespace, name).catch((err: unknown) => {
    if (isStatusError(err) && err.code === 404) return undefined;
    throw err;
  });
}
