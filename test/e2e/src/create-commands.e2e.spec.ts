import { describe, expect, it } from 'vitest';
import { useCluster } from './support/use-cluster.js';

// kubectl's generator subcommands send their objects as application/vnd.kubernetes.protobuf.
describe('kubectl 1.35: create namespace|configmap|secret|deployment (protobuf bodies)', () => {
  const { kubectl } = useCluster();

  it('kubectl create namespace, then content in it', async () => {
    expect(await kubectl.ok('create', 'namespace', 'x')).toBe('namespace/x created\n');
    const ns = JSON.parse(await kubectl.ok('get', 'namespace', 'x', '-o', 'json'));
    expect(ns).toMatchObject({ kind: 'Namespace', metadata: { name: 'x' }, status: { phase: 'Active' } });
    expect(ns.metadata).not.toHaveProperty('namespace');
    expect(await kubectl.ok('create', 'configmap', 'inside', '-n', 'x', '--from-literal=k=v')).toBe('configmap/inside created\n');
    expect(await kubectl.ok('get', 'configmaps', '-n', 'x', '-o', 'name')).toContain('configmap/inside\n');
  });

  it('kubectl create configmap --from-literal, and again: AlreadyExists', async () => {
    expect(await kubectl.ok('create', 'configmap', 'c', '--from-literal=a=b')).toBe('configmap/c created\n');
    expect(await kubectl.ok('get', 'configmap', 'c', '-o', 'jsonpath={.data.a}')).toBe('b');
    const again = await kubectl.run('create', 'configmap', 'c', '--from-literal=a=b');
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('error: failed to create configmap: configmaps "c" already exists\n');
  });

  it('kubectl create secret generic --from-literal keeps the bytes (base64 in JSON)', async () => {
    expect(await kubectl.ok('create', 'secret', 'generic', 's', '--from-literal=p=q')).toBe('secret/s created\n');
    expect(await kubectl.ok('get', 'secret', 's', '-o', 'jsonpath={.data.p}')).toBe(Buffer.from('q').toString('base64'));
  });

  it('kubectl create deployment --image --replicas', async () => {
    expect(await kubectl.ok('create', 'deployment', 'd', '--image=nginx', '--replicas=2')).toBe('deployment.apps/d created\n');
    const deployment = JSON.parse(await kubectl.ok('get', 'deployment', 'd', '-o', 'json'));
    expect(deployment).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default', labels: { app: 'd' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
    });
  });
});
