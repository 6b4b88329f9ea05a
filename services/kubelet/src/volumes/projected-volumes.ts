import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Pod } from '../pods/pod.js';
import { projectedVolumeFiles, tokenFile, type ProjectedFile, type ProjectedVolumeSource, type ProjectionSources } from './projected-volume-files.js';
import { REFRESH_RETRY_MS, type ProjectedTokenCache } from './token-refresh.js';

/** A pod's volume directory, as upstream's kubelet lays them out: `<pod dir>/volumes/kubernetes.io~projected/<volume>`. */
export const projectedVolumeDir = (podDir: string, volume: string): string => path.join(podDir, 'volumes', 'kubernetes.io~projected', volume);

export interface ProjectedVolumesDeps {
  readonly sources: ProjectionSources;
  /** When the pods' tokens are due for a refresh. */
  readonly tokens: ProjectedTokenCache;
  readonly now: () => Date;
  readonly log: (message: string) => void;
}

/**
 * Sets up a pod's projected volumes (the ServiceAccount's `kube-api-access-*` among them) under
 * its sandbox `podDir`, and keeps their tokens fresh (upstream's projected volume plugin with its
 * token manager). A volume not set up yet gets its files written atomically (in a temporary
 * directory, then renamed). In a volume set up before, the ServiceAccount tokens due for a
 * refresh ({@link ProjectedTokenCache}: older than 80 % of their lifetime or than 24 h, or unknown
 * to this kubelet) are requested again and their files replaced atomically (a temporary file
 * renamed over the old one: a reader sees the old token or the new one); a refresh that fails is
 * logged, the old token kept and tried again shortly. The other files of a volume set up before
 * are left as they are. The process runtime cannot mount volumes at their mountPath: the files
 * are there for the container's processes to read. Answers when the pod's next token refresh is
 * due (undefined: none); throws (the API's error, or a VolumeSetUpError) naming a volume that
 * could not be set up.
 */
export async function setUpProjectedVolumes(pod: Pod, podDir: string, deps: ProjectedVolumesDeps): Promise<Date | undefined> {
  const uid = pod.metadata?.uid ?? '';
  for (const volume of pod.spec?.volumes ?? []) {
    const projected = volume['projected'] as ProjectedVolumeSource | undefined;
    if (!projected) continue;
    const dir = projectedVolumeDir(podDir, volume.name);
    if (existsSync(dir)) {
      await refreshTokens(pod, volume.name, projected, dir, deps);
      continue;
    }
    let files;
    try {
      files = await projectedVolumeFiles(pod, projected, deps.sources);
    } catch (err) {
      throw new Error(`MountVolume.SetUp failed for volume "${volume.name}" : ${(err as Error).message}`);
    }
    const staging = `${dir}.tmp-${process.pid}`;
    for (const file of files) {
      const target = path.join(staging, safePath(volume.name, file.path));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content, { mode: file.mode });
    }
    mkdirSync(staging, { recursive: true });
    renameSync(staging, dir);
    for (const file of files) recordToken(uid, volume.name, file, deps);
  }
  return deps.tokens.nextRefresh(uid);
}

/** The ServiceAccount tokens of a volume set up before that are due, requested again and rewritten. */
async function refreshTokens(pod: Pod, volumeName: string, projected: ProjectedVolumeSource, dir: string, deps: ProjectedVolumesDeps): Promise<void> {
  const uid = pod.metadata?.uid ?? '';
  for (const source of projected.sources ?? []) {
    const tokenSource = source.serviceAccountToken;
    if (!tokenSource || !deps.tokens.due(uid, `${volumeName}/${tokenSource.path}`, deps.now())) continue;
    const target = path.join(dir, safePath(volumeName, tokenSource.path));
    let file: ProjectedFile;
    try {
      file = await tokenFile(pod, tokenSource, existsSync(target) ? statSync(target).mode & 0o777 : (projected.defaultMode ?? 0o644), deps.sources);
    } catch (err) {
      const now = deps.now();
      deps.log(`refreshing the token ${tokenSource.path} of volume ${volumeName} of pod ${pod.metadata?.namespace}/${pod.metadata?.name} failed, keeping the old one: ${(err as Error).message}`);
      deps.tokens.record(uid, `${volumeName}/${tokenSource.path}`, new Date(now.getTime() + REFRESH_RETRY_MS), new Date(now.getTime() + REFRESH_RETRY_MS), now);
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    const staging = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}`);
    writeFileSync(staging, file.content, { mode: file.mode });
    renameSync(staging, target);
    recordToken(uid, volumeName, file, deps);
  }
}

function recordToken(uid: string, volumeName: string, file: ProjectedFile, deps: ProjectedVolumesDeps): void {
  if (file.token) deps.tokens.record(uid, `${volumeName}/${file.path}`, file.token.refreshAt, file.token.expiresAt, deps.now());
}

/** A file's path inside its volume: relative, not leaving it. */
function safePath(volumeName: string, file: string): string {
  const rel = path.relative('/volume', path.join('/volume', file));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(file)) throw new Error(`MountVolume.SetUp failed for volume "${volumeName}" : invalid path ${file}`);
  return file;
}
