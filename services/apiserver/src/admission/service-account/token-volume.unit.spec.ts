import { describe, expect, it } from 'vitest';
import { API_TOKEN_MOUNT_PATH, mountServiceAccountToken, shouldAutomount } from './token-volume.js';

const generateName = (base: string) => `${base}abcde`;
const mount = { name: 'kube-api-access-abcde', readOnly: true, mountPath: API_TOKEN_MOUNT_PATH };

describe('mountServiceAccountToken', () => {
  it('adds upstream\'s projected volume and a read-only mount in every container, init ones too', () => {
    const spec = mountServiceAccountToken({ initContainers: [{ name: 'i' }], containers: [{ name: 'a' }, { name: 'b', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] }, generateName);
    expect(spec.volumes).toEqual([
      {
        name: 'kube-api-access-abcde',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ]);
    expect(spec.initContainers?.[0]?.volumeMounts).toEqual([mount]);
    expect(spec.containers?.[0]?.volumeMounts).toEqual([mount]);
    expect(spec.containers?.[1]?.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }, mount]);
  });

  it('leaves containers that mount something at the token path alone, and adds no volume when none needs it', () => {
    const own = { name: 'mine', mountPath: API_TOKEN_MOUNT_PATH };
    const spec = mountServiceAccountToken({ volumes: [{ name: 'mine', emptyDir: {} }], containers: [{ name: 'a', volumeMounts: [own] }] }, generateName);
    expect(spec.volumes).toEqual([{ name: 'mine', emptyDir: {} }]);
    expect(spec.containers?.[0]?.volumeMounts).toEqual([own]);
  });

  it('mounts an existing kube-api-access-* volume instead of adding another', () => {
    const spec = mountServiceAccountToken({ volumes: [{ name: 'kube-api-access-zzzzz', emptyDir: {} }], containers: [{ name: 'a' }] }, generateName);
    expect(spec.volumes).toEqual([{ name: 'kube-api-access-zzzzz', emptyDir: {} }]);
    expect(spec.containers?.[0]?.volumeMounts).toEqual([{ ...mount, name: 'kube-api-access-zzzzz' }]);
  });
});

describe('shouldAutomount', () => {
  it.each([
    [undefined, undefined, true],
    [undefined, false, false],
    [undefined, true, true],
    [true, false, true],
    [false, true, false],
  ])('pod %s, ServiceAccount %s: %s', (pod, sa, expected) => {
    expect(shouldAutomount({ ...(sa !== undefined && { automountServiceAccountToken: sa }) }, { ...(pod !== undefined && { automountServiceAccountToken: pod }) })).toBe(expected);
  });
});
