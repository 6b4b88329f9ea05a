import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KubectlResult } from './support/kubectl.js';
import { useCluster } from './support/use-cluster.js';

interface ManagedFieldsEntry {
  readonly manager: string;
  readonly operation: string;
  readonly apiVersion: string;
  readonly time?: string;
  readonly fieldsType: string;
  readonly fieldsV1: Record<string, unknown>;
  readonly subresource?: string;
}

/**
 * Declarative object management with the real kubectl 1.35: client-side apply (three-way strategic
 * merge patches and the last-applied annotation), server-side apply (managedFields, conflicts,
 * --force-conflicts), kubectl diff, --dry-run=server, apply --prune and kubectl edit.
 */
describe('kubectl 1.35: apply, diff, --dry-run=server, --prune, edit', () => {
  const { kubectl, server } = useCluster();
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kl-e2e-apply-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A failing test shows what the apiserver logged while it ran.
  beforeEach(({ onTestFailed }) => {
    const from = server().output.length;
    onTestFailed(() => {
      const lines = server().output.slice(from);
      if (lines.length > 0) console.log(`apiserver output during the test:\n${lines.join('\n')}`);
    });
  });

  /** Writes a manifest of YAML documents (each given as lines) into this file's temp dir. */
  const manifest = (name: string, ...documents: string[][]): string => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, documents.map((lines) => lines.join('\n') + '\n').join('---\n'));
    return file;
  };
  const getJson = async (...args: string[]) => JSON.parse(await kubectl.ok('get', ...args, '-o', 'json'));
  /** metadata.managedFields, which kubectl get leaves out unless asked for. */
  const managedFields = async (...args: string[]): Promise<ManagedFieldsEntry[]> => (await getJson(...args, '--show-managed-fields')).metadata.managedFields ?? [];
  const managers = (entries: readonly ManagedFieldsEntry[]) => entries.map((e) => `${e.manager}/${e.operation}`).sort();
  /** Runs kubectl with `env` added to its environment (the helper passes process.env through when it starts kubectl). */
  const runWithEnv = (env: Record<string, string>, ...args: string[]): Promise<KubectlResult> => {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      return kubectl.run(...args);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  };
  const notFound = async (resource: string, name: string) => (await kubectl.run('get', resource, name)).stderr;

  const webDeployment = (opts: { image: string; port: number; labels: string }) => [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    `  labels: ${opts.labels}`,
    'spec:',
    '  replicas: 1',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    '        - name: web',
    `          image: ${opts.image}`,
    `          ports: [{containerPort: ${opts.port}}]`,
  ];
  const webConfig = (mode: string, labels: string) => ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: web-config', `  labels: ${labels}`, 'data:', `  mode: ${mode}`];
  const webService = [
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: web, labels: {app: web}}',
    'spec:',
    '  selector: {app: web}',
    '  ports: [{name: http, port: 80, targetPort: 8080}]',
  ];

  it('client-side apply creates, leaves unchanged, then configures with a three-way merge that keeps server defaults and other writers’ changes', async () => {
    const v1 = manifest('csa/v1.yaml', webConfig('fast', '{app: web, tier: front}'), webService, webDeployment({ image: 'registry.example/web:1.0', port: 8080, labels: '{app: web, tier: front}' }));
    const created = await kubectl.run('apply', '-f', v1);
    expect(created).toEqual({ code: 0, stdout: 'configmap/web-config created\nservice/web created\ndeployment.apps/web created\n', stderr: '' });
    const again = await kubectl.run('apply', '-f', v1);
    expect(again).toEqual({ code: 0, stdout: 'configmap/web-config unchanged\nservice/web unchanged\ndeployment.apps/web unchanged\n', stderr: '' });

    const clusterIP = await kubectl.ok('get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}');
    expect(clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const createdDeployment = await getJson('deployment', 'web');
    expect(JSON.parse(createdDeployment.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'])).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { annotations: {}, labels: { app: 'web', tier: 'front' }, name: 'web', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'registry.example/web:1.0', ports: [{ containerPort: 8080 }] }] } },
      },
    });

    // Other writers: an annotation on the Deployment and a label on the ConfigMap that are not in the file.
    expect(await kubectl.ok('annotate', 'deployment', 'web', 'team=blue')).toBe('deployment.apps/web annotated\n');
    expect(await kubectl.ok('label', 'configmap', 'web-config', 'owner=ops')).toBe('configmap/web-config labeled\n');

    // v2: new image and container port, the label tier dropped, the ConfigMap's data changed; the Service as it was.
    const v2 = manifest('csa/v2.yaml', webConfig('slow', '{app: web}'), webService, webDeployment({ image: 'registry.example/web:2.0', port: 9090, labels: '{app: web}' }));
    const configured = await kubectl.run('apply', '-f', v2);
    expect(configured).toEqual({ code: 0, stdout: 'configmap/web-config configured\nservice/web unchanged\ndeployment.apps/web configured\n', stderr: '' });

    const deployment = await getJson('deployment', 'web');
    expect(deployment.metadata.labels).toEqual({ app: 'web' });
    expect(deployment.metadata.annotations.team).toBe('blue');
    expect(deployment.metadata.generation).toBe(3); // created 1, annotated 2 (deployments count annotation changes), configured 3
    const lastApplied = JSON.parse(deployment.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    expect(lastApplied.metadata).toEqual({ annotations: {}, labels: { app: 'web' }, name: 'web', namespace: 'default' });
    expect(lastApplied.spec.template.spec.containers).toEqual([{ name: 'web', image: 'registry.example/web:2.0', ports: [{ containerPort: 9090 }] }]);
    // The containers list is merged by name: the image and the ports change, the server's defaults stay.
    expect(deployment.spec.template.spec.containers).toEqual([
      {
        name: 'web',
        image: 'registry.example/web:2.0',
        ports: [{ containerPort: 9090, protocol: 'TCP' }],
        imagePullPolicy: 'IfNotPresent',
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ]);
    expect(deployment.spec).toMatchObject({ replicas: 1, strategy: { type: 'RollingUpdate' }, template: { spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' } } });
    expect(managers(await managedFields('deployment', 'web'))).toEqual(['kubectl-annotate/Update', 'kubectl-client-side-apply/Update']);

    const config = await getJson('configmap', 'web-config');
    expect(config.metadata.labels).toEqual({ app: 'web', owner: 'ops' });
    expect(config.data).toEqual({ mode: 'slow' });

    const service = await getJson('service', 'web');
    expect(service.spec).toMatchObject({ clusterIP, type: 'ClusterIP', sessionAffinity: 'None', ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] });
  });

  it('server-side apply records kubectl as the Apply manager, refuses a conflicting manager, and hands the field over with --force-conflicts', async () => {
    const api = (image: string, replicas: number) =>
      manifest(`ssa/api-${image.replace(/\W/g, '-')}-${replicas}.yaml`, [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: api, labels: {app: api}}',
        'spec:',
        `  replicas: ${replicas}`,
        '  selector: {matchLabels: {app: api}}',
        '  template:',
        '    metadata: {labels: {app: api}}',
        '    spec:',
        `      containers: [{name: api, image: "${image}"}]`,
      ]);
    const created = await kubectl.run('apply', '--server-side', '-f', api('registry.example/api:1.0', 2));
    expect(created).toEqual({ code: 0, stdout: 'deployment.apps/api serverside-applied\n', stderr: '' });
    const fresh = await getJson('deployment', 'api');
    expect(fresh.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
    expect(await managedFields('deployment', 'api')).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"api"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);

    const updated = await kubectl.run('apply', '--server-side', '-f', api('registry.example/api:1.1', 2));
    expect(updated).toEqual({ code: 0, stdout: 'deployment.apps/api serverside-applied\n', stderr: '' });
    expect(await kubectl.ok('get', 'deployment', 'api', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.spec.replicas} {.metadata.generation}')).toBe('registry.example/api:1.1 2 2');
    expect(managers(await managedFields('deployment', 'api'))).toEqual(['kubectl/Apply']);

    // Another manager wants .spec.replicas, which kubectl owns with another value: a conflict, nothing changes.
    const conflicting = api('registry.example/api:1.1', 3);
    const refused = await kubectl.run('apply', '--server-side', '--field-manager=other', '-f', conflicting);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('error: Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas\nPlease review the fields above--they currently have other managers.');
    expect(await kubectl.ok('get', 'deployment', 'api', '-o', 'jsonpath={.spec.replicas}')).toBe('2');
    expect(managers(await managedFields('deployment', 'api'))).toEqual(['kubectl/Apply']);

    const forced = await kubectl.run('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', conflicting);
    expect(forced).toEqual({ code: 0, stdout: 'deployment.apps/api serverside-applied\n', stderr: '' });
    expect(await kubectl.ok('get', 'deployment', 'api', '-o', 'jsonpath={.spec.replicas}')).toBe('3');
    const entries = await managedFields('deployment', 'api');
    expect(managers(entries)).toEqual(['kubectl/Apply', 'other/Apply']);
    const spec = (manager: string) => entries.find((e) => e.manager === manager)?.fieldsV1['f:spec'] as Record<string, unknown>;
    expect(spec('other')).toHaveProperty(['f:replicas']);
    expect(spec('kubectl')).not.toHaveProperty(['f:replicas']);
    // The fields both applied with the same value are shared: each manager still lists the image.
    expect(spec('kubectl')).toMatchObject({ 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"api"}': { 'f:image': {} } } } } });
    expect(spec('other')).toMatchObject({ 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"api"}': { 'f:image': {} } } } } });
  });

  it('kubectl diff (client-side and --server-side) shows a pending change and exits 1, and exits 0 silently once it is applied', async () => {
    const settings = (name: string, color: string) => manifest(`diff/${name}-${color}.yaml`, ['apiVersion: v1', 'kind: ConfigMap', `metadata: {name: ${name}}`, `data: {color: ${color}, size: large}`]);
    const diffLines = (result: KubectlResult, name: string) => {
      expect(result.stdout).toMatch(new RegExp(`^diff -u -N \\S+/LIVE-\\d+/v1\\.ConfigMap\\.default\\.${name} \\S+/MERGED-\\d+/v1\\.ConfigMap\\.default\\.${name}\\n`));
      return result.stdout.split('\n').filter((l) => /^[-+] /.test(l));
    };

    await kubectl.ok('apply', '-f', settings('csa-settings', 'red'));
    const csaRV = await kubectl.ok('get', 'configmap', 'csa-settings', '-o', 'jsonpath={.metadata.resourceVersion}');
    const csaDiff = await kubectl.run('diff', '-f', settings('csa-settings', 'blue'));
    expect(csaDiff.code).toBe(1);
    expect(csaDiff.stderr).toBe('');
    const csaLines = diffLines(csaDiff, 'csa-settings');
    expect(csaLines).toContain('-  color: red');
    expect(csaLines).toContain('+  color: blue');
    expect(csaLines).not.toContain('-  size: large');
    // diff only asked (a dry-run patch): the object is as it was.
    expect(await kubectl.ok('get', 'configmap', 'csa-settings', '-o', 'jsonpath={.data.color} {.metadata.resourceVersion}')).toBe(`red ${csaRV}`);
    expect(await kubectl.ok('apply', '-f', settings('csa-settings', 'blue'))).toBe('configmap/csa-settings configured\n');
    expect(await kubectl.run('diff', '-f', settings('csa-settings', 'blue'))).toEqual({ code: 0, stdout: '', stderr: '' });

    await kubectl.ok('apply', '--server-side', '-f', settings('ssa-settings', 'red'));
    const ssaRV = await kubectl.ok('get', 'configmap', 'ssa-settings', '-o', 'jsonpath={.metadata.resourceVersion}');
    const ssaDiff = await kubectl.run('diff', '--server-side', '-f', settings('ssa-settings', 'blue'));
    expect(ssaDiff.code).toBe(1);
    expect(ssaDiff.stderr).toBe('');
    const ssaLines = diffLines(ssaDiff, 'ssa-settings');
    expect(ssaLines).toContain('-  color: red');
    expect(ssaLines).toContain('+  color: blue');
    expect(ssaLines).not.toContain('-  size: large');
    expect(await kubectl.ok('get', 'configmap', 'ssa-settings', '-o', 'jsonpath={.data.color} {.metadata.resourceVersion}')).toBe(`red ${ssaRV}`);
    expect(await kubectl.ok('apply', '--server-side', '-f', settings('ssa-settings', 'blue'))).toBe('configmap/ssa-settings serverside-applied\n');
    expect(await kubectl.run('diff', '--server-side', '-f', settings('ssa-settings', 'blue'))).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--dry-run=server on create -f, apply -f (client- and server-side) and delete changes nothing on the server', async () => {
    const config = (name: string, value: string) => manifest(`dry/${name}-${value}.yaml`, ['apiVersion: v1', 'kind: ConfigMap', `metadata: {name: ${name}, labels: {app: dry}}`, `data: {k: ${value}}`]);

    // create: printed as created, but the object never exists; the answer has no resourceVersion.
    expect(await kubectl.run('create', '-f', config('dry-new', 'a'), '--dry-run=server')).toEqual({ code: 0, stdout: 'configmap/dry-new created (server dry run)\n', stderr: '' });
    expect(await notFound('configmap', 'dry-new')).toContain('Error from server (NotFound): configmaps "dry-new" not found');
    const answer = JSON.parse(await kubectl.ok('create', '-f', config('dry-new', 'a'), '--dry-run=server', '-o', 'json'));
    expect(answer).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'dry-new', namespace: 'default', uid: expect.stringMatching(/^[0-9a-f-]{36}$/) }, data: { k: 'a' } });
    expect(answer.metadata.resourceVersion).toBeUndefined();
    expect(await notFound('configmap', 'dry-new')).toContain('configmaps "dry-new" not found');

    // apply of an object that does not exist yet.
    expect(await kubectl.run('apply', '-f', config('dry-new', 'a'), '--dry-run=server')).toEqual({ code: 0, stdout: 'configmap/dry-new created (server dry run)\n', stderr: '' });
    expect(await kubectl.run('apply', '--server-side', '-f', config('dry-new', 'a'), '--dry-run=server')).toEqual({ code: 0, stdout: 'configmap/dry-new serverside-applied (server dry run)\n', stderr: '' });
    expect(await notFound('configmap', 'dry-new')).toContain('configmaps "dry-new" not found');

    // apply of a change to an existing object, client-side and server-side.
    expect(await kubectl.ok('apply', '-f', config('dry-old', 'a'))).toBe('configmap/dry-old created\n');
    const before = await getJson('configmap', 'dry-old');
    expect(await kubectl.run('apply', '-f', config('dry-old', 'b'), '--dry-run=server')).toEqual({ code: 0, stdout: 'configmap/dry-old configured (server dry run)\n', stderr: '' });
    expect(await getJson('configmap', 'dry-old')).toEqual(before);
    expect(await kubectl.ok('apply', '--server-side', '-f', config('dry-ssa', 'a'))).toBe('configmap/dry-ssa serverside-applied\n');
    const beforeSsa = await getJson('configmap', 'dry-ssa');
    expect(await kubectl.run('apply', '--server-side', '-f', config('dry-ssa', 'b'), '--dry-run=server')).toEqual({ code: 0, stdout: 'configmap/dry-ssa serverside-applied (server dry run)\n', stderr: '' });
    expect(await getJson('configmap', 'dry-ssa')).toEqual(beforeSsa);

    // delete: printed as deleted, still there.
    expect(await kubectl.run('delete', 'configmap', 'dry-old', '--dry-run=server')).toEqual({ code: 0, stdout: 'configmap "dry-old" deleted from default namespace (server dry run)\n', stderr: '' });
    expect(await getJson('configmap', 'dry-old')).toEqual(before);
  });

  it('--dry-run=server of a Service answers it with a cluster IP allocated as on a create, and stores nothing', async () => {
    const clusterIp = /^\d+\.\d+\.\d+\.\d+$/;
    const created = JSON.parse(await kubectl.ok('create', 'service', 'clusterip', 'dry-svc', '--tcp=80', '--dry-run=server', '-o', 'json'));
    expect(created.spec.clusterIP).toMatch(clusterIp);
    expect(created.spec.clusterIPs).toEqual([created.spec.clusterIP]);
    const file = manifest('dry/dry-svc.yaml', ['apiVersion: v1', 'kind: Service', 'metadata: {name: dry-svc}', 'spec: {selector: {app: dry}, ports: [{port: 80}]}']);
    for (const apply of [['apply'], ['apply', '--server-side']]) {
      const applied = JSON.parse(await kubectl.ok(...apply, '-f', file, '--dry-run=server', '-o', 'json'));
      expect(applied.spec.clusterIP).toMatch(clusterIp);
    }
    expect(await notFound('service', 'dry-svc')).toContain('services "dry-svc" not found');
  });

  it('apply --prune -l deletes the labelled objects it applied before that are no longer in the directory, and keeps the rest', async () => {
    // No --prune-allowlist: kubectl walks its default list of kinds (ConfigMap … PersistentVolumeClaim, ReplicationController, Ingress, PersistentVolume), all served.
    const prune = ['--prune', '-l', 'set=prune'];
    const app = path.join(dir, 'prune');
    manifest('prune/a-config.yaml', ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: prune-config, labels: {set: prune}}', 'data: {k: v}']);
    manifest('prune/b-deployment.yaml', [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: prune-web, labels: {set: prune}}',
      'spec:',
      '  selector: {matchLabels: {app: prune-web}}',
      '  template:',
      '    metadata: {labels: {app: prune-web}}',
      '    spec: {containers: [{name: web, image: registry.example/web:1.0}]}',
    ]);
    manifest('prune/c-old.yaml', ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: prune-old, labels: {set: prune}}', 'data: {k: v}']);
    // Not pruned: made with create (no last-applied annotation), or applied outside the selector.
    await kubectl.ok('create', 'configmap', 'prune-created', '--from-literal=k=v');
    await kubectl.ok('label', 'configmap', 'prune-created', 'set=prune');
    await kubectl.ok('apply', '-f', manifest('elsewhere.yaml', ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: prune-elsewhere, labels: {set: other}}', 'data: {k: v}']));

    // kubectl warns (as against any cluster) that pruning cluster-scoped kinds by default is deprecated.
    const warning = /^W\d{4} [\d:.]+ +\d+ prune\.go:\d+\] Deprecated: kubectl apply will no longer prune non-namespaced resources by default/;
    const first = await kubectl.run('apply', '-f', app, ...prune);
    expect({ code: first.code, stdout: first.stdout }).toEqual({ code: 0, stdout: 'configmap/prune-config created\ndeployment.apps/prune-web created\nconfigmap/prune-old created\n' });
    expect(first.stderr).toMatch(warning);
    expect(first.stderr.trim().split('\n')).toHaveLength(1);
    rmSync(path.join(app, 'c-old.yaml'));
    rmSync(path.join(app, 'b-deployment.yaml'));
    const second = await kubectl.run('apply', '-f', app, ...prune);
    expect({ code: second.code, stdout: second.stdout }).toEqual({ code: 0, stdout: 'configmap/prune-config unchanged\nconfigmap/prune-old pruned\ndeployment.apps/prune-web pruned\n' });
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toMatch(warning);
    expect(await kubectl.ok('get', 'configmaps', '-l', 'set', '-o', 'name')).toBe('configmap/prune-config\nconfigmap/prune-created\nconfigmap/prune-elsewhere\n');
    expect(await notFound('deployment', 'prune-web')).toContain('Error from server (NotFound): deployments.apps "prune-web" not found');
  });

  it('apply --server-side takes over what client-side apply set (kubectl migrates the managedFields) and removes what the file no longer has', async () => {
    const v1 = manifest('migrate-1.yaml', ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: migrate}', 'data: {a: "1", b: "2"}']);
    expect(await kubectl.ok('apply', '-f', v1)).toBe('configmap/migrate created\n');
    expect(managers(await managedFields('configmap', 'migrate'))).toEqual(['kubectl-client-side-apply/Update']);
    const v2 = manifest('migrate-2.yaml', ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: migrate}', 'data: {a: "1", c: "3"}']);
    expect(await kubectl.run('apply', '--server-side', '-f', v2)).toEqual({ code: 0, stdout: 'configmap/migrate serverside-applied\n', stderr: '' });
    expect((await getJson('configmap', 'migrate')).data).toEqual({ a: '1', c: '3' });
    const entries = await managedFields('configmap', 'migrate');
    // kubectl keeps the last-applied annotation up to date with a second apply of its own.
    expect(managers(entries)).toEqual(['kubectl-last-applied/Apply', 'kubectl/Apply']);
    expect(entries.find((e) => e.manager === 'kubectl')!.fieldsV1).toEqual({ 'f:data': { 'f:a': {}, 'f:c': {} } });
    expect(entries.find((e) => e.manager === 'kubectl-last-applied')!.fieldsV1).toEqual({ 'f:metadata': { 'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } });
  });

  it('kubectl edit patches what the editor changed, and changes nothing when the editor changes nothing', async () => {
    expect(await kubectl.ok('create', 'deployment', 'edit-me', '--image=registry.example/edit:1.0', '--replicas=1')).toBe('deployment.apps/edit-me created\n');
    const editor = path.join(dir, 'editor.sh');
    writeFileSync(editor, "#!/bin/sh\nexec sed -i 's/^  replicas: 1$/  replicas: 3/' \"$1\"\n");
    chmodSync(editor, 0o755);

    const edited = await runWithEnv({ KUBE_EDITOR: editor, TMPDIR: dir }, 'edit', 'deployment', 'edit-me');
    expect(edited).toEqual({ code: 0, stdout: 'deployment.apps/edit-me edited\n', stderr: '' });
    expect(await kubectl.ok('get', 'deployment', 'edit-me', '-o', 'jsonpath={.spec.replicas} {.metadata.generation} {.spec.template.spec.containers[0].image}')).toBe('3 2 registry.example/edit:1.0');
    expect(managers(await managedFields('deployment', 'edit-me'))).toEqual(['kubectl-create/Update', 'kubectl-edit/Update']);

    const rv = await kubectl.ok('get', 'deployment', 'edit-me', '-o', 'jsonpath={.metadata.resourceVersion}');
    const untouched = await runWithEnv({ KUBE_EDITOR: 'true', TMPDIR: dir }, 'edit', 'deployment', 'edit-me');
    expect(untouched).toEqual({ code: 0, stdout: '', stderr: 'Edit cancelled, no changes made.\n' });
    expect(await kubectl.ok('get', 'deployment', 'edit-me', '-o', 'jsonpath={.metadata.resourceVersion}')).toBe(rv);
  });
});
