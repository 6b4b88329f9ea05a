import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCluster } from './support/use-cluster.js';

/** kubectl delete (by name, -l, --all, --wait on finalizers, pods' grace), scale, services' cluster IPs, and the errors kubectl prints. */
describe('kubectl 1.35: delete, scale, services', () => {
  const { kubectl } = useCluster();
  const manifest = (name: string, lines: string[]) => {
    const file = path.join(os.tmpdir(), `kl-e2e-${process.pid}-${name}.yaml`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };

  it('deletes by name, by label selector and --all', async () => {
    for (const [name, tier] of [['one', 'a'], ['two', 'a'], ['three', 'b'], ['four', 'b']]) {
      await kubectl.ok('create', 'configmap', name!, '--from-literal=k=v');
      await kubectl.ok('label', 'configmap', name!, `tier=${tier}`);
    }
    expect(await kubectl.ok('delete', 'configmap', 'one')).toBe('configmap "one" deleted from default namespace\n');
    expect(await kubectl.ok('delete', 'configmaps', '-l', 'tier=a')).toBe('configmap "two" deleted from default namespace\n');
    expect(await kubectl.ok('get', 'configmaps', '-o', 'name')).toBe('configmap/four\nconfigmap/three\n');
    expect(await kubectl.ok('delete', 'configmaps', '--all')).toBe('configmap "four" deleted from default namespace\nconfigmap "three" deleted from default namespace\n');
    expect(await kubectl.ok('get', 'configmaps', '-o', 'name')).toBe('');
  });

  it('delete --wait waits for the finalizer a later patch removes', async () => {
    await kubectl.ok('create', '-f', manifest('held', ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: held', '  finalizers: [example.com/hold]', 'data: {k: v}']));
    const deleting = kubectl.start('delete', 'configmap', 'held', '--wait=true', '--timeout=60s');
    const early = await Promise.race([deleting.exited, new Promise((r) => setTimeout(() => r('still waiting'), 2000))]);
    expect(early).toBe('still waiting');
    expect(await kubectl.ok('get', 'configmap', 'held', '-o', 'jsonpath={.metadata.deletionTimestamp}')).toMatch(/Z$/);
    await kubectl.ok('patch', 'configmap', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}');
    const done = await deleting.exited;
    expect(done).toMatchObject({ code: 0, stdout: 'configmap "held" deleted from default namespace\n' });
    const gone = await kubectl.run('get', 'configmap', 'held');
    expect(gone.stderr).toContain('Error from server (NotFound): configmaps "held" not found');
  });

  it('leaves a pod on a node to its kubelet for the grace period; --force --grace-period=0 removes it', async () => {
    await kubectl.ok('create', '-f', manifest('bound', ['apiVersion: v1', 'kind: Pod', 'metadata: {name: bound}', 'spec:', '  nodeName: node-1', '  containers: [{name: app, image: registry.example/app:1.0}]']));
    await kubectl.ok('delete', 'pod', 'bound', '--wait=false');
    expect(await kubectl.ok('get', 'pod', 'bound', '-o', 'jsonpath={.metadata.deletionGracePeriodSeconds}')).toBe('30');
    const forced = await kubectl.run('delete', 'pod', 'bound', '--grace-period=0', '--force');
    expect(forced.code).toBe(0);
    expect((await kubectl.run('get', 'pod', 'bound')).stderr).toContain('Error from server (NotFound): pods "bound" not found');
  });

  it('kubectl scale deployment sets replicas through the scale subresource', async () => {
    await kubectl.ok('create', 'deployment', 'web', '--image=registry.example/web:1.0', '--replicas=2');
    expect(await kubectl.ok('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas} {.spec.strategy.rollingUpdate.maxSurge} {.spec.template.spec.containers[0].imagePullPolicy}')).toBe('2 25% IfNotPresent');
    expect(await kubectl.ok('scale', 'deployment', 'web', '--replicas=5')).toBe('deployment.apps/web scaled\n');
    expect(await kubectl.ok('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}')).toBe('5');
    expect(await kubectl.ok('get', '--raw', '/apis/apps/v1/namespaces/default/deployments/web/scale')).toContain('"selector":"app=web"');
    const missing = await kubectl.run('scale', 'deployment', 'nope', '--replicas=1');
    expect(missing.stderr).toContain('Error from server (NotFound): deployments.apps "nope" not found');
  });

  it('kubectl get svc shows the kubernetes Service and allocated cluster IPs', async () => {
    await kubectl.ok('create', 'service', 'clusterip', 'api', '--tcp=80:8080');
    const ip = await kubectl.ok('get', 'service', 'api', '-o', 'jsonpath={.spec.clusterIP}');
    const [a, b] = ip.split('.').map(Number);
    expect(a).toBe(127); // the default service range is loopback: 127.96.0.0/12
    expect(b! >= 96 && b! <= 111).toBe(true);
    const table = await kubectl.ok('get', 'services');
    expect(table).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE/);
    expect(table).toMatch(/\nkubernetes\s+ClusterIP\s+127\.96\.0\.1\s+<none>\s+443\/TCP\s/);
    expect(table).toMatch(new RegExp(`\\napi\\s+ClusterIP\\s+${ip.replace(/\./g, '\\.')}\\s+<none>\\s+80/TCP\\s`));
    const taken = await kubectl.run('create', 'service', 'clusterip', 'again', '--tcp=80:8080', `--clusterip=${ip}`);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain(`failed to allocate IP ${ip}: provided IP is already allocated`);
    await kubectl.ok('delete', 'service', 'api');
    expect(await kubectl.ok('create', 'service', 'clusterip', 'again', '--tcp=80:8080', `--clusterip=${ip}`)).toBe('service/again created\n');
  });

  it('prints upstream errors for not-found, already-exists and invalid objects', async () => {
    expect((await kubectl.run('get', 'configmap', 'nope')).stderr).toContain('Error from server (NotFound): configmaps "nope" not found');
    expect((await kubectl.run('delete', 'pod', 'nope')).stderr).toContain('Error from server (NotFound): pods "nope" not found');
    await kubectl.ok('create', 'configmap', 'dup');
    // kubectl's imperative create wraps the server's message; create -f prints it as "Error from server (AlreadyExists)".
    expect((await kubectl.run('create', 'configmap', 'dup')).stderr).toBe('error: failed to create configmap: configmaps "dup" already exists\n');
    const dup = manifest('dup', ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: dup}']);
    expect((await kubectl.run('create', '-f', dup)).stderr).toContain(`Error from server (AlreadyExists): error when creating "${dup}": configmaps "dup" already exists`);
    const mismatch = manifest('mismatch', [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: mismatch}',
      'spec:', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: other}}', '    spec: {containers: [{name: web, image: nginx}]}',
    ]);
    const invalid = await kubectl.run('create', '-f', mismatch);
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain('The Deployment "mismatch" is invalid: spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`');
    const pod = manifest('twins', ['apiVersion: v1', 'kind: Pod', 'metadata: {name: twins}', 'spec:', '  containers: [{name: app, image: a}, {name: app, image: b}]']);
    expect((await kubectl.run('create', '-f', pod)).stderr).toContain('The Pod "twins" is invalid: spec.containers[1].name: Duplicate value: "app"');
  });
});
