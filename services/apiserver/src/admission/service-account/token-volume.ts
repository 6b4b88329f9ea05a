import { WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS } from '../../authentication/service-account-tokens.js';

/** Where the ServiceAccount token volume is mounted in every container (upstream's DefaultAPITokenMountPath). */
export const API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The prefix of the token volume's name (upstream's ServiceAccountVolumeName). */
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
/** The token's lifetime, as upstream's (WarnOnlyBoundTokenExpirationSeconds: 1 h 7 s, a value TokenRequest recognises and extends). */
export const TOKEN_EXPIRATION_SECONDS = WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS;

interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  [field: string]: unknown;
}
interface Container {
  volumeMounts?: VolumeMount[];
  [field: string]: unknown;
}
/** The pod spec fields the token volume touches. */
export interface TokenVolumePodSpec {
  volumes?: { name: string; [field: string]: unknown }[];
  containers?: Container[];
  initContainers?: Container[];
  [field: string]: unknown;
}

/** The projected volume upstream's TokenVolumeSource builds: a bound token, the cluster CA bundle, the namespace. */
export function tokenVolumeSource() {
  return {
    defaultMode: 0o644, // set explicitly, as upstream (kubernetes#104464)
    sources: [
      { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  };
}

/**
 * Upstream's mountServiceAccountToken, on a copy of the spec: every init and regular container
 * without a mount at {@link API_TOKEN_MOUNT_PATH} gets a read-only one of the token volume — the
 * pod's `kube-api-access-*` volume when it has one, else a new one (named by `generateName`) added
 * when some container mounts it. Ephemeral containers cannot be set when a pod is created.
 */
export function mountServiceAccountToken(spec: TokenVolumePodSpec, generateName: (base: string) => string): TokenVolumePodSpec {
  const existing = (spec.volumes ?? []).find((v) => v.name.startsWith(TOKEN_VOLUME_PREFIX));
  const volumeName = existing?.name ?? generateName(TOKEN_VOLUME_PREFIX);
  let mounted = false;
  const withMount = (containers: Container[] | undefined) =>
    containers?.map((c) => {
      if ((c.volumeMounts ?? []).some((m) => m.mountPath === API_TOKEN_MOUNT_PATH)) return c;
      mounted = true;
      return { ...c, volumeMounts: [...(c.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: API_TOKEN_MOUNT_PATH }] };
    });
  const initContainers = withMount(spec.initContainers);
  const containers = withMount(spec.containers);
  return {
    ...spec,
    ...(initContainers && { initContainers }),
    ...(containers && { containers }),
    ...(existing === undefined && mounted ? { volumes: [...(spec.volumes ?? []), { name: volumeName, projected: tokenVolumeSource() }] } : {}),
  };
}

/** Upstream's shouldAutomount: the pod's automountServiceAccountToken wins, then the ServiceAccount's; true when neither says. */
export function shouldAutomount(serviceAccount: { automountServiceAccountToken?: boolean }, pod: { automountServiceAccountToken?: boolean }): boolean {
  return pod.automountServiceAccountToken ?? serviceAccount.automountServiceAccountToken ?? true;
}
