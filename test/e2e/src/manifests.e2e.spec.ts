import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCluster } from './support/use-cluster.js';

/** Multi-document manifests through create -f / replace -f, and the output formats of get. */
describe('kubectl 1.35: multi-document manifests and output formats', () => {
  const { kubectl } = useCluster();
  const file = path.join(os.tmpdir(), `kl-e2e-${process.pid}-app.yaml`);
  const app = (image: string, mode: string) =>
    [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: app-config, labels: {app: shop}}',
      `data: {mode: ${mode}}`,
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: app-secret, labels: {app: shop}}',
      'stringData: {password: hunter2}',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: shop, labels: {app: shop}}',
      'spec:',
      '  selector: {app: shop}',
      '  ports: [{name: http, port: 80, targetPort: 8080}]',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: shop, labels: {app: shop}}',
      'spec:',
      '  replicas: 2',
      '  selector: {matchLabels: {app: shop}}',
      '  template:',
      '    metadata: {labels: {app: shop}}',
      '    spec:',
      `      containers: [{name: web, image: "${image}", ports: [{containerPort: 8080}]}]`,
      '',
    ].join('\n');

  it('creates and replaces every document of a manifest, and prints it in each output format', async () => {
    writeFileSync(file, app('registry.example/shop:1.0', 'fast'));
    expect(await kubectl.ok('create', '-f', file)).toBe('configmap/app-config created\nsecret/app-secret created\nservice/shop created\ndeployment.apps/shop created\n');
    expect(await kubectl.ok('get', 'cm,secret,svc,deploy', '-l', 'app=shop', '-o', 'name')).toBe('configmap/app-config\nsecret/app-secret\nservice/shop\ndeployment.apps/shop\n');
    expect(await kubectl.ok('get', 'secret', 'app-secret', '-o', 'jsonpath={.data.password}')).toBe(Buffer.from('hunter2').toString('base64'));

    // replace -f sends every document back (PUT); the service keeps its allocated cluster IP.
    const clusterIP = await kubectl.ok('get', 'svc', 'shop', '-o', 'jsonpath={.spec.clusterIP}');
    expect(clusterIP).toMatch(/^127\.(9[6-9]|1[01][0-9])\.\d+\.\d+$/);
    writeFileSync(file, app('registry.example/shop:2.0', 'slow'));
    const replaced = await kubectl.run('replace', '-f', file);
    expect(replaced.stderr).toBe('');
    expect(replaced.stdout).toBe('configmap/app-config replaced\nsecret/app-secret replaced\nservice/shop replaced\ndeployment.apps/shop replaced\n');
    expect(await kubectl.ok('get', 'cm', 'app-config', '-o', 'jsonpath={.data.mode}')).toBe('slow');
    expect(await kubectl.ok('get', 'deploy', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.metadata.generation}')).toBe('registry.example/shop:2.0 2');
    expect(await kubectl.ok('get', 'svc', 'shop', '-o', 'jsonpath={.spec.clusterIP}')).toBe(clusterIP);

    const yaml = await kubectl.ok('get', 'deployment', 'shop', '-o', 'yaml');
    expect(yaml).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n/);
    expect(yaml).toMatch(/\n {2}replicas: 2\n/);
    expect(yaml).toMatch(/\n {2}resourceVersion: "\d+"\n/);
    const json = JSON.parse(await kubectl.ok('get', 'deployments', '-o', 'json'));
    expect(json).toMatchObject({ kind: 'List', items: [{ kind: 'Deployment', metadata: { name: 'shop' } }] });
    expect(await kubectl.ok('get', 'deployments', '-o', 'jsonpath={.items[*].spec.strategy.type}')).toBe('RollingUpdate');

    expect(await kubectl.ok('delete', '-f', file)).toBe(
      'configmap "app-config" deleted from default namespace\nsecret "app-secret" deleted from default namespace\nservice "shop" deleted from default namespace\ndeployment.apps "shop" deleted from default namespace\n',
    );
  });

  it('refuses an object whose namespace differs from the one it is sent to', async () => {
    const other = path.join(os.tmpdir(), `kl-e2e-${process.pid}-other.yaml`);
    writeFileSync(other, ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: misplaced, namespace: kube-system}', ''].join('\n'));
    const result = await kubectl.run('create', '-f', other, '--namespace', 'default');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('the namespace from the provided object "kube-system" does not match the namespace "default". You must pass \'--namespace=kube-system\' to perform this operation.');
  });
});
