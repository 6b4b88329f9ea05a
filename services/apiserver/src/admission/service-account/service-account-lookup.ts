import type { KubeObject } from '@kubeledger/api';

export interface ServiceAccountLookupDeps {
  /** The watch cache's copy; undefined when it has none. */
  readonly cached: (namespace: string, name: string) => KubeObject | undefined;
  /** A read from storage; undefined when it does not exist. */
  readonly live: (namespace: string, name: string) => Promise<KubeObject | undefined>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export type ServiceAccountLookup = (namespace: string, name: string) => Promise<KubeObject | undefined>;

/**
 * Upstream's getServiceAccount: the cache, then storage — for `default`, which the ServiceAccounts
 * controller creates a moment after its namespace, 10 reads 100–200 ms apart — undefined when none
 * of them finds it.
 */
export function serviceAccountLookup(deps: ServiceAccountLookupDeps): ServiceAccountLookup {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = deps.random ?? Math.random;
  return async (namespace, name) => {
    const cached = deps.cached(namespace, name);
    if (cached) return cached;
    const attempts = name === 'default' ? 10 : 1;
    const interval = 100 + Math.floor(random() * 100);
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await sleep(interval);
      const found = await deps.live(namespace, name);
      if (found) return found;
    }
    return undefined;
  };
}
