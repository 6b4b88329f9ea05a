import type { Pod } from '../pods/pod.js';
import { tokenRefreshAt, type IssuedToken } from './token-refresh.js';

interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}
/** One source of a projected volume (the kinds the kubelet projects). */
export interface VolumeProjection {
  serviceAccountToken?: { path: string; expirationSeconds?: number; audience?: string };
  configMap?: { name: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { name: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items?: { path: string; mode?: number; fieldRef?: { fieldPath: string } }[] };
}
export interface ProjectedVolumeSource {
  defaultMode?: number;
  sources?: VolumeProjection[];
}

/** Where the files' contents come from (the kubelet's client, as the Node authorizer lets it). */
export interface ProjectionSources {
  /** A TokenRequest for the pod's ServiceAccount, bound to the pod: the token and its expiry. */
  token(pod: Pod, expirationSeconds: number, audience: string | undefined): Promise<IssuedToken>;
  configMap(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  secret(namespace: string, name: string): Promise<Record<string, string> | undefined>;
}

export interface ProjectedFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
  /** A ServiceAccount token's: when it is due for a refresh, and when it expires. */
  readonly token?: { readonly refreshAt: Date; readonly expiresAt: Date };
}

/** The error a volume that cannot be set up gives (the FailedMount event's text). */
export class VolumeSetUpError extends Error {
  override readonly name = 'VolumeSetUpError';
}

/** The downward API fields a projected file may carry (upstream's volume subset). */
function podField(pod: Pod, fieldPath: string): string {
  const meta = pod.metadata ?? {};
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'metadata.labels':
    case 'metadata.annotations': {
      const map = ((fieldPath === 'metadata.labels' ? meta.labels : meta.annotations) ?? {}) as Record<string, string>;
      return Object.keys(map)
        .sort()
        .map((k) => `${k}=${JSON.stringify(map[k])}`)
        .join('\n');
    }
    default:
      throw new VolumeSetUpError(`unsupported fieldPath: ${fieldPath}`);
  }
}

/**
 * The files of a projected volume (upstream's projected volume plugin): a ServiceAccount token, a
 * ConfigMap's or Secret's keys (those `items` name, else all), downward API fields — each with the
 * item's mode or the volume's `defaultMode` (0644). A ConfigMap or Secret that does not exist fails
 * the volume unless optional.
 */
export async function projectedVolumeFiles(pod: Pod, volume: ProjectedVolumeSource, sources: ProjectionSources): Promise<ProjectedFile[]> {
  const defaultMode = volume.defaultMode ?? 0o644;
  const namespace = pod.metadata?.namespace ?? '';
  const files: ProjectedFile[] = [];
  const keys = (kind: string, name: string, data: Record<string, string> | undefined, items: KeyToPath[] | undefined, optional: boolean | undefined) => {
    if (!data) {
      if (optional) return;
      throw new VolumeSetUpError(`${kind} "${name}" not found`);
    }
    for (const item of items ?? Object.keys(data).map((key): KeyToPath => ({ key, path: key }))) {
      const content = data[item.key];
      if (content === undefined) throw new VolumeSetUpError(`${kind} references non-existent ${kind === 'secret' ? 'secret' : 'config'} key: ${item.key}`);
      files.push({ path: item.path, content, mode: item.mode ?? defaultMode });
    }
  };
  for (const source of volume.sources ?? []) {
    if (source.serviceAccountToken) {
      files.push(await tokenFile(pod, source.serviceAccountToken, defaultMode, sources));
    } else if (source.configMap) {
      const { name, items, optional } = source.configMap;
      keys('configmap', name, await sources.configMap(namespace, name), items, optional);
    } else if (source.secret) {
      const { name, items, optional } = source.secret;
      keys('secret', name, await sources.secret(namespace, name), items, optional);
    } else if (source.downwardAPI) {
      for (const item of source.downwardAPI.items ?? []) {
        if (item.fieldRef) files.push({ path: item.path, content: podField(pod, item.fieldRef.fieldPath), mode: item.mode ?? defaultMode });
      }
    }
  }
  return files;
}

/** A serviceAccountToken source's file: a token requested for the pod (1 h unless the source says otherwise). */
export async function tokenFile(pod: Pod, source: NonNullable<VolumeProjection['serviceAccountToken']>, mode: number, sources: Pick<ProjectionSources, 'token'>): Promise<ProjectedFile> {
  const issued = await sources.token(pod, source.expirationSeconds ?? 3600, source.audience);
  return { path: source.path, content: issued.token, mode, token: { refreshAt: tokenRefreshAt(issued), expiresAt: issued.expiresAt } };
}
