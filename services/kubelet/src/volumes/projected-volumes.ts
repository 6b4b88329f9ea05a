import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Pod } from '../pods/pod.js';
import { projectedVolumeFiles, type ProjectedVolumeSource, type ProjectionSources } from './projected-volume-files.js';

/** A pod's volume directory, as upstream's kubelet lays them out: `<pod dir>/volumes/kubernetes.io~projected/<volume>`. */
export const projectedVolumeDir = (podDir: string, volume: string): string => path.join(podDir, 'volumes', 'kubernetes.io~projected', volume);

/**
 * Sets up a pod's projected volumes (the ServiceAccount's `kube-api-access-*` among them) under
 * its sandbox `podDir`: each volume's files written once (a volume whose directory exists — set up
 * before, by this kubelet or a previous one — is left as it is), atomically (written in a
 * temporary directory, then renamed). The process runtime cannot mount them at their mountPath:
 * the files are there for the container's processes to read. Throws a VolumeSetUpError (or the
 * API's error) naming what failed.
 */
export async function setUpProjectedVolumes(pod: Pod, podDir: string, sources: ProjectionSources): Promise<void> {
  for (const volume of pod.spec?.volumes ?? []) {
    const projected = volume['projected'] as ProjectedVolumeSource | undefined;
    if (!projected) continue;
    const dir = projectedVolumeDir(podDir, volume.name);
    if (existsSync(dir)) continue;
    let files;
    try {
      files = await projectedVolumeFiles(pod, projected, sources);
    } catch (err) {
      throw new Error(`MountVolume.SetUp failed for volume "${volume.name}" : ${(err as Error).message}`);
    }
    const staging = `${dir}.tmp-${process.pid}`;
    for (const file of files) {
      const target = path.join(staging, file.path);
      const rel = path.relative(staging, target);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(file.path)) throw new Error(`MountVolume.SetUp failed for volume "${volume.name}" : invalid path ${file.path}`);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content, { mode: file.mode });
    }
    mkdirSync(staging, { recursive: true });
    renameSync(staging, dir);
  }
}
