import type { KubeObject } from '@kubeledger/api';
import type { AdmissionAttributes, MutatingPlugin } from '../admission-plugin.js';

/** --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds (upstream: 300 each). */
export interface DefaultTolerationSettings {
  readonly notReadySeconds: number;
  readonly unreachableSeconds: number;
}

export const DEFAULT_TOLERATION_SECONDS: DefaultTolerationSettings = { notReadySeconds: 300, unreachableSeconds: 300 };

interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly effect?: string;
  readonly [field: string]: unknown;
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

const ignored = (a: AdmissionAttributes) => a.resource.group !== '' || a.resource.resource !== 'pods' || a.subresource !== '' || a.object === undefined;

/** The toleration covers NoExecute taints with `key` (an empty key or effect matches any). */
const covers = (t: Toleration, key: string) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect);

/**
 * DefaultTolerationSeconds, as upstream's: a pod that does not already tolerate the
 * `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable` NoExecute taints gets a
 * toleration of each (`Exists`, for the configured seconds), so it is evicted from a node that
 * stays not ready or unreachable that long rather than at once.
 */
export function defaultTolerationSeconds(settings: DefaultTolerationSettings = DEFAULT_TOLERATION_SECONDS): MutatingPlugin {
  return {
    name: 'DefaultTolerationSeconds',
    handles: (operation) => operation === 'CREATE' || operation === 'UPDATE',
    async admit(a) {
      if (ignored(a)) return a.object;
      const pod = a.object!;
      const spec = (pod['spec'] ?? {}) as { tolerations?: Toleration[] | null };
      const tolerations = spec.tolerations ?? [];
      const added: Toleration[] = [];
      if (!tolerations.some((t) => covers(t, NOT_READY))) added.push({ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: settings.notReadySeconds });
      if (!tolerations.some((t) => covers(t, UNREACHABLE))) added.push({ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: settings.unreachableSeconds });
      if (added.length === 0) return pod;
      return { ...pod, spec: { ...spec, tolerations: [...tolerations, ...added] } } as KubeObject;
    },
  };
}
