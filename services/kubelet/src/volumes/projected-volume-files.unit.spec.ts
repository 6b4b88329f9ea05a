import { describe, expect, it } from 'vitest';
import type { Pod } from '../pods/pod.js';
import { projectedVolumeFiles, type ProjectionSources } from './projected-volume-files.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const pod: Pod = { metadata: { name: 'web', namespace: 'app', uid: 'u1', labels: { b: '2', a: '1' } }, spec: { containers: [], serviceAccountName: 'default' } };
/** The ServiceAccount volume the admission plugin adds. */
const kubeApiAccess = {
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
  ],
};

function sources(configMaps: Record<string, Record<string, string>> = { 'kube-root-ca.crt': { 'ca.crt': CA } }) {
  const tokens: string[] = [];
  const s: ProjectionSources = {
    token: async (p, expirationSeconds, audience) => {
      tokens.push(`${p.metadata?.namespace}/${p.metadata?.name} ${expirationSeconds} ${audience ?? '-'}`);
      return { token: 'jwt', expiresAt: new Date('2026-01-01T01:00:07Z'), expirationSeconds };
    },
    configMap: async (_ns, name) => configMaps[name],
    secret: async () => undefined,
  };
  return { s, tokens };
}

describe('projectedVolumeFiles', () => {
  it('gives the kube-api-access volume its token (asked for the volume\'s lifetime), ca.crt and namespace, mode 0644', async () => {
    const { s, tokens } = sources();
    expect(await projectedVolumeFiles(pod, kubeApiAccess, s)).toEqual([
      // Refreshed at 80 % of its lifetime: 48 min 5.6 s after it was issued.
      { path: 'token', content: 'jwt', mode: 0o644, token: { refreshAt: new Date('2026-01-01T00:48:05.600Z'), expiresAt: new Date('2026-01-01T01:00:07Z') } },
      { path: 'ca.crt', content: CA, mode: 0o644 },
      { path: 'namespace', content: 'app', mode: 0o644 },
    ]);
    expect(tokens).toEqual(['app/web 3607 -']);
  });

  it('projects every key without items, item modes, labels; the audience asked', async () => {
    const { s, tokens } = sources({ settings: { x: '1', y: '2' } });
    const files = await projectedVolumeFiles(
      pod,
      {
        defaultMode: 0o600,
        sources: [
          { configMap: { name: 'settings' } },
          { downwardAPI: { items: [{ path: 'labels', mode: 0o444, fieldRef: { fieldPath: 'metadata.labels' } }] } },
          { serviceAccountToken: { path: 'vault', expirationSeconds: 600, audience: 'vault' } },
        ],
      },
      s,
    );
    expect(files).toEqual([
      { path: 'x', content: '1', mode: 0o600 },
      { path: 'y', content: '2', mode: 0o600 },
      { path: 'labels', content: 'a="1"\nb="2"', mode: 0o444 },
      { path: 'vault', content: 'jwt', mode: 0o600, token: expect.objectContaining({ expiresAt: new Date('2026-01-01T01:00:07Z') }) },
    ]);
    expect(tokens).toEqual(['app/web 600 vault']);
  });

  it('fails on a ConfigMap that does not exist unless optional', async () => {
    const { s } = sources({});
    await expect(projectedVolumeFiles(pod, kubeApiAccess, s)).rejects.toThrow('configmap "kube-root-ca.crt" not found');
    await expect(projectedVolumeFiles(pod, { sources: [{ configMap: { name: 'kube-root-ca.crt', optional: true } }] }, s)).resolves.toEqual([]);
  });
});
