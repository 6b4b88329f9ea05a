import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../pods/pod.js';
import type { ProjectionSources } from './projected-volume-files.js';
import { projectedVolumeDir, setUpProjectedVolumes, type ProjectedVolumesDeps } from './projected-volumes.js';
import { ProjectedTokenCache } from './token-refresh.js';

const pod = (volumes: NonNullable<Pod['spec']>['volumes']): Pod => ({ metadata: { name: 'web', namespace: 'app', uid: 'u1' }, spec: { containers: [], volumes } });
const volume = { name: 'kube-api-access-abcde', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } }] } };
const T0 = new Date('2026-01-01T00:00:00Z');
/** 80 % of 3607 s. */
const REFRESH_MS = 2_885_600;

/** Tokens issued for their full lifetime at the clock's time, numbered; the clock is the test's. */
function given(fail?: () => boolean): { deps: ProjectedVolumesDeps; calls: () => number; clock: { now: Date }; lines: string[] } {
  let n = 0;
  const clock = { now: T0 };
  const lines: string[] = [];
  const sources: ProjectionSources = {
    token: async (_pod, expirationSeconds) => {
      if (fail?.()) throw new Error('failed to fetch token: unreachable');
      return { token: `jwt-${++n}`, expiresAt: new Date(clock.now.getTime() + expirationSeconds * 1000), expirationSeconds };
    },
    configMap: async () => undefined,
    secret: async () => undefined,
  };
  return { deps: { sources, tokens: new ProjectedTokenCache(), now: () => clock.now, log: (m) => lines.push(m) }, calls: () => n, clock, lines };
}
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('setUpProjectedVolumes (in a temporary sandbox)', () => {
  it("writes the volume's files under <pod dir>/volumes/kubernetes.io~projected/<volume>, once, and answers when the token is due", async () => {
    const podDir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-volumes-'));
    const { deps, calls } = given();
    expect(await setUpProjectedVolumes(pod([volume, { name: 'data', emptyDir: {} }]), podDir, deps)).toEqual(later(REFRESH_MS));
    const dir = projectedVolumeDir(podDir, 'kube-api-access-abcde');
    expect(dir).toBe(path.join(podDir, 'volumes', 'kubernetes.io~projected', 'kube-api-access-abcde'));
    expect(readFileSync(path.join(dir, 'token'), 'utf8')).toBe('jwt-1');
    expect(readFileSync(path.join(dir, 'namespace'), 'utf8')).toBe('app');
    expect(statSync(path.join(dir, 'token')).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(await setUpProjectedVolumes(pod([volume]), podDir, deps)).toEqual(later(REFRESH_MS));
    expect(calls()).toBe(1);
  });

  it('rewrites the token once it is older than 80 % of its lifetime, and answers the next refresh', async () => {
    const podDir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-volumes-'));
    const { deps, calls, clock } = given();
    await setUpProjectedVolumes(pod([volume]), podDir, deps);
    const token = path.join(projectedVolumeDir(podDir, 'kube-api-access-abcde'), 'token');
    clock.now = later(REFRESH_MS - 1);
    expect(await setUpProjectedVolumes(pod([volume]), podDir, deps)).toEqual(later(REFRESH_MS));
    expect(readFileSync(token, 'utf8')).toBe('jwt-1');
    clock.now = later(REFRESH_MS);
    expect(await setUpProjectedVolumes(pod([volume]), podDir, deps)).toEqual(later(2 * REFRESH_MS));
    expect(readFileSync(token, 'utf8')).toBe('jwt-2');
    expect(statSync(token).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(readFileSync(path.join(projectedVolumeDir(podDir, 'kube-api-access-abcde'), 'namespace'), 'utf8')).toBe('app');
    expect(calls()).toBe(2);
  });

  it('refreshes a token it did not write (a kubelet restarted) at once', async () => {
    const podDir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-volumes-'));
    await setUpProjectedVolumes(pod([volume]), podDir, given().deps);
    const restarted = given();
    expect(await setUpProjectedVolumes(pod([volume]), podDir, restarted.deps)).toEqual(later(REFRESH_MS));
    expect(readFileSync(path.join(projectedVolumeDir(podDir, 'kube-api-access-abcde'), 'token'), 'utf8')).toBe('jwt-1');
    expect(restarted.calls()).toBe(1);
  });

  it('keeps the old token when a refresh fails, and tries again shortly', async () => {
    const podDir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-volumes-'));
    let failing = false;
    const { deps, clock, lines } = given(() => failing);
    await setUpProjectedVolumes(pod([volume]), podDir, deps);
    failing = true;
    clock.now = later(REFRESH_MS);
    expect(await setUpProjectedVolumes(pod([volume]), podDir, deps)).toEqual(later(REFRESH_MS + 10_000));
    expect(readFileSync(path.join(projectedVolumeDir(podDir, 'kube-api-access-abcde'), 'token'), 'utf8')).toBe('jwt-1');
    expect(lines).toEqual(['refreshing the token token of volume kube-api-access-abcde of pod app/web failed, keeping the old one: failed to fetch token: unreachable']);
  });

  it('says which volume failed and leaves nothing half-written', async () => {
    const podDir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-volumes-'));
    const { deps } = given(() => true);
    await expect(setUpProjectedVolumes(pod([volume]), podDir, deps)).rejects.toThrow('MountVolume.SetUp failed for volume "kube-api-access-abcde" : failed to fetch token: unreachable');
    expect(() => statSync(projectedVolumeDir(podDir, 'kube-api-access-abcde'))).toThrow(/ENOENT/);
  });
});
