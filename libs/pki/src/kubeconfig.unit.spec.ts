import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority, defaultServingHosts, issueClientCertificate, renderKubeconfig, writeKubeconfig } from './index.js';

const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8');

describe('renderKubeconfig', () => {
  it('inlines the CA and the client certificate, with one current context', async () => {
    const ca = await createCertificateAuthority();
    const client = await issueClientCertificate(ca, { user: 'admin', groups: ['system:masters'] });
    const config = YAML.parse(
      renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: ca.certPem, userName: 'admin', credentials: client, namespace: 'team-a' }),
    );
    expect(config).toMatchObject({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'kubeledger', cluster: { server: 'https://127.0.0.1:6443' } }],
      users: [{ name: 'admin' }],
      contexts: [{ name: 'admin@kubeledger', context: { cluster: 'kubeledger', user: 'admin', namespace: 'team-a' } }],
      'current-context': 'admin@kubeledger',
    });
    expect(decode(config.clusters[0].cluster['certificate-authority-data'])).toBe(ca.certPem);
    expect(decode(config.users[0].user['client-certificate-data'])).toBe(client.certPem);
    expect(decode(config.users[0].user['client-key-data'])).toBe(client.keyPem);
  });

  it('carries a bearer token instead, and leaves out an absent namespace', () => {
    const config = YAML.parse(
      renderKubeconfig({ server: 'https://k:6443', caPem: 'CA', clusterName: 'c1', userName: 'system:serviceaccount:ns:sa', credentials: { token: 'a.b.c' } }),
    );
    expect(config.users).toEqual([{ name: 'system:serviceaccount:ns:sa', user: { token: 'a.b.c' } }]);
    expect(config.contexts).toEqual([{ name: 'system:serviceaccount:ns:sa@c1', context: { cluster: 'c1', user: 'system:serviceaccount:ns:sa' } }]);
    expect(config['current-context']).toBe('system:serviceaccount:ns:sa@c1');
  });
});

describe('writeKubeconfig', () => {
  it('creates the directories and a file only its owner can read, replacing an older one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kl-pki-'));
    try {
      const path = join(dir, 'a', 'b', 'kubeconfig');
      await writeKubeconfig(path, 'first');
      await writeFile(path, 'loose', { mode: 0o644 });
      await writeKubeconfig(path, 'second');
      expect(await readFile(path, 'utf8')).toBe('second');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('defaultServingHosts', () => {
  it('covers loopback, this host and the kubernetes Service names, then the extra ones, once each', () => {
    expect(defaultServingHosts(['api.example.com', 'localhost', '10.0.0.1'])).toEqual([
      ...new Set([
        'localhost',
        '127.0.0.1',
        '::1',
        hostname(),
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster.local',
      ]),
      'api.example.com',
      '10.0.0.1',
    ]);
  });
});
