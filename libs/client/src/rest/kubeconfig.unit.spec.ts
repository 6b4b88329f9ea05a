import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { renderKubeconfig } from '@kubeledger/pki';
import { loadKubeconfig, parseKubeconfig } from './kubeconfig.js';

const CA = '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A kubeconfig with two contexts, written as kubectl would accept it. */
function twoContexts(): string {
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'local', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(CA) } },
      { name: 'files', cluster: { server: 'https://api.example:443/prefix', 'certificate-authority': 'pki/ca.crt', 'tls-server-name': 'kubernetes' } },
    ],
    users: [
      { name: 'admin', user: { 'client-certificate-data': b64(CERT), 'client-key-data': b64(KEY) } },
      { name: 'robot', user: { token: 'static-token' } },
      { name: 'mounted', user: { tokenFile: 'sa/token', 'client-certificate': '/abs/cert.pem', 'client-key': 'key.pem' } },
    ],
    contexts: [
      { name: 'admin@local', context: { cluster: 'local', user: 'admin' } },
      { name: 'robot@local', context: { cluster: 'local', user: 'robot', namespace: 'team-a' } },
      { name: 'mounted@files', context: { cluster: 'files', user: 'mounted' } },
    ],
    'current-context': 'admin@local',
  });
}

describe('parseKubeconfig', () => {
  it('reads the kubeconfig libs/pki renders: inlined CA, client certificate and key', () => {
    const text = renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: CA, userName: 'kubeledger-admin', credentials: { certPem: CERT, keyPem: KEY } });
    expect(parseKubeconfig(text)).toEqual({ server: 'https://127.0.0.1:6443', ca: CA, cert: CERT, key: KEY });
    const withToken = renderKubeconfig({ server: 'https://h:6443', caPem: CA, userName: 'sa', credentials: { token: 'jwt' }, namespace: 'ns' });
    expect(parseKubeconfig(withToken)).toEqual({ server: 'https://h:6443', ca: CA, token: 'jwt', namespace: 'ns' });
  });

  it('uses current-context, or the context asked for', () => {
    expect(parseKubeconfig(twoContexts())).toMatchObject({ cert: CERT, key: KEY });
    expect(parseKubeconfig(twoContexts(), { context: 'robot@local' })).toEqual({ server: 'https://127.0.0.1:6443', ca: CA, token: 'static-token', namespace: 'team-a' });
  });

  it('reads files relative to the kubeconfig’s directory, keeps the token file for the client to read', () => {
    const read: string[] = [];
    const config = parseKubeconfig(twoContexts(), {
      context: 'mounted@files',
      baseDir: '/etc/kubeledger',
      readFile: (p) => (read.push(p), `contents of ${p}`),
    });
    expect(config).toEqual({
      server: 'https://api.example:443/prefix',
      ca: 'contents of /etc/kubeledger/pki/ca.crt',
      cert: 'contents of /abs/cert.pem',
      key: 'contents of /etc/kubeledger/key.pem',
      tokenFile: '/etc/kubeledger/sa/token',
      tlsServerName: 'kubernetes',
    });
    expect(read).toEqual(['/etc/kubeledger/pki/ca.crt', '/abs/cert.pem', '/etc/kubeledger/key.pem']);
  });

  it('says what is wrong', () => {
    const doc = YAML.parse(twoContexts());
    const text = (change: (d: typeof doc) => void) => {
      const copy = structuredClone(doc);
      change(copy);
      return YAML.stringify(copy);
    };
    expect(() => parseKubeconfig(twoContexts(), { context: 'nope', source: '/k' })).toThrow('/k: context "nope" not found');
    expect(() => parseKubeconfig(text((d) => delete d['current-context']))).toThrow('no context given and no current-context set');
    expect(() => parseKubeconfig(text((d) => (d.clusters[0].cluster.server = 'http://127.0.0.1:8080')))).toThrow(/HTTPS only/);
    expect(() => parseKubeconfig(text((d) => delete d.clusters[0].cluster['certificate-authority-data'])))
      .toThrow(/has no certificate-authority/);
    expect(() => parseKubeconfig(text((d) => (d.users[0].user = { exec: { command: 'aws' } })))).toThrow(/exec and auth-provider credentials are not supported/);
    expect(() => parseKubeconfig(text((d) => delete d.users[0].user['client-key-data'])))
      .toThrow(/client-certificate and client-key go together/);
    expect(() => parseKubeconfig(text((d) => (d.contexts[0].context.user = 'ghost')))).toThrow('user "ghost" not found');
    expect(() => parseKubeconfig(text((d) => (d.contexts[0].context.cluster = 'ghost')))).toThrow('cluster "ghost" not found');
  });
});

describe('loadKubeconfig', () => {
  it('reads the file and the files it names next to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kl-client-kubeconfig-'));
    writeFileSync(join(dir, 'ca.crt'), CA);
    writeFileSync(join(dir, 'config'), YAML.stringify({
      clusters: [{ name: 'c', cluster: { server: 'https://localhost:6443', 'certificate-authority': 'ca.crt' } }],
      users: [{ name: 'u', user: { tokenFile: 'token' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }));
    expect(loadKubeconfig(join(dir, 'config'))).toEqual({ server: 'https://localhost:6443', ca: CA, tokenFile: join(dir, 'token') });
    expect(() => loadKubeconfig(join(dir, 'config'), 'y')).toThrow(`${join(dir, 'config')}: context "y" not found`);
  });
});
