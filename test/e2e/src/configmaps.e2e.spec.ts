import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCluster } from './support/use-cluster.js';

describe('kubectl 1.35: create -f, get, replace -f, delete', () => {
  const { kubectl } = useCluster();
  const manifest = path.join(os.tmpdir(), `kl-e2e-${process.pid}-cm.yaml`);

  it('kubectl explain reads the served OpenAPI v3 documents', async () => {
    expect(await kubectl.ok('explain', 'pods.spec.containers.image')).toMatch(/FIELD: image <string>/);
    expect(await kubectl.ok('explain', 'deployments.spec.strategy')).toMatch(/GROUP:\s+apps/);
  });

  it('kubectl get namespaces shows the system namespaces, and content needs an existing namespace', async () => {
    expect(await kubectl.ok('get', 'namespaces', '-o', 'name')).toBe('namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n');
    const elsewhere = path.join(os.tmpdir(), `kl-e2e-${process.pid}-nowhere.yaml`);
    writeFileSync(elsewhere, ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: x', '  namespace: nowhere', ''].join('\n'));
    const missing = await kubectl.run('create', '-f', elsewhere);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Error from server (NotFound): error when creating "' + elsewhere + '": namespaces "nowhere" not found');
  });

  it('round-trips a configmap through the real client', async () => {
    writeFileSync(manifest, ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  labels: {app: web}', 'data:', '  mode: fast', ''].join('\n'));
    expect(await kubectl.ok('create', '-f', manifest)).toBe('configmap/settings created\n');

    const got = JSON.parse(await kubectl.ok('get', 'configmap', 'settings', '-o', 'json'));
    expect(got).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default', labels: { app: 'web' } }, data: { mode: 'fast' } });
    expect(await kubectl.ok('get', 'cm', 'settings', '-o', 'jsonpath={.data.mode}')).toBe('fast');
    expect(await kubectl.ok('get', 'configmaps', '-o', 'name')).toBe('configmap/settings\n');
    expect(await kubectl.ok('get', 'configmaps', '-l', 'app=web', '-o', 'name')).toBe('configmap/settings\n');
    expect(await kubectl.ok('get', 'configmaps', '-l', 'app!=web', '-o', 'name')).toBe('');
    expect(await kubectl.ok('get', 'configmaps', '--field-selector', 'metadata.name=settings', '-o', 'name')).toBe('configmap/settings\n');
    expect(await kubectl.ok('get', 'configmaps')).toMatch(/^NAME\s+.*\nsettings\s/);

    const again = await kubectl.run('create', '-f', manifest);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('Error from server (AlreadyExists): error when creating "' + manifest + '": configmaps "settings" already exists');

    // kubectl finds fieldValidation in the OpenAPI v3 document and lets the server validate strictly.
    const typo = path.join(os.tmpdir(), `kl-e2e-${process.pid}-typo.yaml`);
    writeFileSync(typo, ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: typo', 'datta:', '  a: b', ''].join('\n'));
    const strict = await kubectl.run('create', '-f', typo);
    expect(strict.code).not.toBe(0);
    expect(strict.stderr).toContain('Error from server (BadRequest): error when creating "' + typo + '": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"');

    writeFileSync(manifest, ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', 'data:', '  mode: slow', ''].join('\n'));
    expect(await kubectl.ok('replace', '-f', manifest)).toBe('configmap/settings replaced\n');
    expect(await kubectl.ok('get', 'cm', 'settings', '-o', 'jsonpath={.data.mode}')).toBe('slow');

    expect(await kubectl.ok('patch', 'configmap', 'settings', '--type=merge', '-p', '{"data":{"mode":"merged"}}')).toBe('configmap/settings patched\n');
    expect(await kubectl.ok('patch', 'configmap', 'settings', '--type=json', '-p', '[{"op":"add","path":"/data/extra","value":"j"}]')).toBe('configmap/settings patched\n');
    expect(await kubectl.ok('label', 'configmap', 'settings', 'tier=gold')).toBe('configmap/settings labeled\n');
    expect(await kubectl.ok('annotate', 'configmap', 'settings', 'note=hello')).toBe('configmap/settings annotated\n');
    const patched = JSON.parse(await kubectl.ok('get', 'cm', 'settings', '-o', 'json'));
    expect(patched).toMatchObject({ data: { mode: 'merged', extra: 'j' }, metadata: { labels: { tier: 'gold' }, annotations: { note: 'hello' } } });

    expect(await kubectl.ok('delete', 'configmap', 'settings')).toBe('configmap "settings" deleted from default namespace\n');
    const missing = await kubectl.run('get', 'configmap', 'settings');
    expect(missing.stderr).toContain('Error from server (NotFound): configmaps "settings" not found');
  });
});
