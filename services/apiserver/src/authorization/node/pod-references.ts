import type { KubeObject } from '@kubeledger/api';

/** What a pod makes its node read: Secrets, ConfigMaps and its ServiceAccount (upstream's node graph edges). */
export interface PodReferences {
  readonly secrets: Set<string>;
  readonly configmaps: Set<string>;
  readonly serviceaccounts: Set<string>;
}

interface EnvSource {
  secretRef?: { name?: string };
  configMapRef?: { name?: string };
}
interface EnvVar {
  valueFrom?: { secretKeyRef?: { name?: string }; configMapKeyRef?: { name?: string } };
}
interface Container {
  env?: EnvVar[];
  envFrom?: EnvSource[];
}
interface Volume {
  secret?: { secretName?: string };
  configMap?: { name?: string };
  projected?: { sources?: Array<{ secret?: { name?: string }; configMap?: { name?: string } }> };
  cephfs?: { secretRef?: { name?: string } };
  csi?: { nodePublishSecretRef?: { name?: string } };
}

/**
 * The Secrets, ConfigMaps and ServiceAccount a pod references (upstream's node graph
 * `AddPod`): volumes (secret, configMap, projected, and the secret refs of volume sources),
 * env and envFrom of every container, init and ephemeral container, imagePullSecrets, and the
 * ServiceAccount the pod runs as.
 */
export function podReferences(pod: KubeObject, into: PodReferences = { secrets: new Set(), configmaps: new Set(), serviceaccounts: new Set() }): PodReferences {
  const spec = (pod['spec'] ?? {}) as {
    serviceAccountName?: string;
    imagePullSecrets?: Array<{ name?: string }>;
    containers?: Container[];
    initContainers?: Container[];
    ephemeralContainers?: Container[];
    volumes?: Volume[];
  };
  const add = (set: Set<string>, name: string | undefined) => name && set.add(name);
  add(into.serviceaccounts, spec.serviceAccountName || 'default');
  for (const s of spec.imagePullSecrets ?? []) add(into.secrets, s.name);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    for (const e of c.env ?? []) {
      add(into.secrets, e.valueFrom?.secretKeyRef?.name);
      add(into.configmaps, e.valueFrom?.configMapKeyRef?.name);
    }
    for (const e of c.envFrom ?? []) {
      add(into.secrets, e.secretRef?.name);
      add(into.configmaps, e.configMapRef?.name);
    }
  }
  for (const v of spec.volumes ?? []) {
    add(into.secrets, v.secret?.secretName);
    add(into.configmaps, v.configMap?.name);
    add(into.secrets, v.cephfs?.secretRef?.name);
    add(into.secrets, v.csi?.nodePublishSecretRef?.name);
    for (const source of v.projected?.sources ?? []) {
      add(into.secrets, source.secret?.name);
      add(into.configmaps, source.configMap?.name);
    }
  }
  return into;
}
