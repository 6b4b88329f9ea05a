import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../pods/pod.js';
import type { ProjectionSources } from './projected-volume-files.js';
import { projectedVolumeDir, setUpProjectedVolumes } from './projected-volumes.js';

const pod = (volumes: NonNullable<Pod['spec']>['volumes']): Pod => ({ metadata: { name: 'web', namespace: 'app', uid: 'u1' }, spec: { containers: [], volumes } });
const volume = { name: 'kube-api-access-abcde', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } }] } };

function counting(): { sources: ProjectionSources; calls: () => number } {
  let n = 0;
  return {
    sources: { token: async () => `jwt-${++n}`, configMap: async () => undefined, secret: async () => undefined },
    calls: () => n,
  };
}

describe('setUpProjectedVolumes (in a temporary sandbox)', () => {
  it("writes the volume's files under <pod dir>/volumes/kubernetes.io~projected/<volume>, once", async () => {
    const podDir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-volumes-'));
    const { sources, calls } = counting();
    await setUpProjectedVolumes(pod([volume, { name: 'data', emptyDir: {} }]), podDir, sources);
    const dir = projectedVolumeDir(podDir, 'kube-api-access-abcde');
    expect(dir).toBe(path.join(podDir, 'volumes', 'kubernetes.io~projected', 'kube-api-access-abcde'));
    expect(readFileSync(path.join(dir, 'token'), 'utf8')).toBe('jwt-1');
    expect(readFileSync(path.join(dir, 'namespace'), 'utf8')).toBe('app');
    expect(statSync(path.join(dir, 'token')).mode & 0o777).toBe(0o644 & ~process.umask());
    await setUpProjectedVolumes(pod([volume]), podDir, sources);
    expect(calls()).toBe(1);
  });

  it('says which volume failed and leaves nothing half-written', async () => {
    const podDir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-volumes-'));
    const failing: ProjectionSources = { token: async () => Promise.reject(new Error('failed to fetch token: forbidden')), configMap: async () => undefined, secret: async () => undefined };
    await expect(setUpProjectedVolumes(pod([volume]), podDir, failing)).rejects.toThrow('MountVolume.SetUp failed for volume "kube-api-access-abcde" : failed to fetch token: forbidden');
    expect(() => statSync(projectedVolumeDir(podDir, 'kube-api-access-abcde'))).toThrow(/ENOENT/);
  });
});
