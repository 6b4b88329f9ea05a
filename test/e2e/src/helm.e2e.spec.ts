import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Helm, type HelmResult } from './support/helm.js';
import { useFullStack } from './support/use-full-stack.js';

/**
 * The real helm 4 against a full stack on the process runtime: releases stored as Secrets
 * (protobuf bodies), objects applied server-side (manager "helm"), upgrade, rollback, uninstall,
 * and a post-install Job hook that helm waits for — run by the Job controller, its container a
 * real `sh`. No --wait: the `helm create` chart's nginx has no command the process runtime could run.
 */
describe('helm 4: install, upgrade, rollback, uninstall', () => {
  const stack = useFullStack({ nodes: 1 });
  const kubectl = { run: (...args: string[]) => stack().kubectl.run(...args), ok: (...args: string[]) => stack().kubectl.ok(...args) };
  const server = () => stack().server;
  let helm: Helm;
  let dir = '';
  beforeAll(() => {
    helm = new Helm(server().kubeconfig);
    dir = mkdtempSync(path.join(os.tmpdir(), 'kl-e2e-helm-'));
  });
  afterAll(() => {
    helm?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(({ onTestFailed }) => {
    const from = server().output.length;
    onTestFailed(() => {
      const lines = server().output.slice(from);
      if (lines.length > 0) console.log(`apiserver output during the test:\n${lines.join('\n')}`);
    });
  });

  const getJson = async (...args: string[]) => JSON.parse(await kubectl.ok('get', ...args, '-o', 'json'));
  /** The release's storage Secrets, `name=status` one a line. */
  const releaseSecrets = (release: string) =>
    kubectl.ok('get', 'secrets', '-l', `owner=helm,name=${release}`, '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.status}{"\\n"}{end}');
  const history = async (release: string) =>
    (JSON.parse(await helm.ok('history', release, '-o', 'json')) as { revision: number; status: string; description: string }[]).map((r) => `${r.revision} ${r.status} ${r.description}`);
  const expectOk = (result: HelmResult) => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.stdout;
  };

  it('installs, lists, upgrades, rolls back and uninstalls the chart `helm create` makes', async () => {
    const chart = path.join(dir, 'mychart');
    expect(await helm.ok('create', chart)).toBe(`Creating ${chart}\n`);

    const installed = expectOk(await helm.run('install', 'rel1', chart));
    expect(installed).toMatch(/^NAME: rel1\nLAST DEPLOYED: .+\nNAMESPACE: default\nSTATUS: deployed\nREVISION: 1\nDESCRIPTION: Install complete\n/);

    const list = await helm.ok('list');
    expect(list).toMatch(/^NAME\s+NAMESPACE\s+REVISION\s+UPDATED\s+STATUS\s+CHART\s+APP VERSION\s*\nrel1\s+default\s+1\s+.+\s+deployed\s+mychart-0\.1\.0\s+1\.16\.0\s*\n$/);
    expect(JSON.parse(await helm.ok('list', '-o', 'json'))).toEqual([
      { name: 'rel1', namespace: 'default', revision: '1', updated: expect.any(String), status: 'deployed', chart: 'mychart-0.1.0', app_version: '1.16.0' },
    ]);
    expect(await helm.ok('status', 'rel1')).toMatch(/^NAME: rel1\nLAST DEPLOYED: .+\nNAMESPACE: default\nSTATUS: deployed\nREVISION: 1\nDESCRIPTION: Install complete\n/);

    const selector = ['-l', 'app.kubernetes.io/instance=rel1'];
    expect(await kubectl.ok('get', 'serviceaccounts,services,deployments', ...selector, '-o', 'name')).toBe('serviceaccount/rel1-mychart\nservice/rel1-mychart\ndeployment.apps/rel1-mychart\n');
    const deployment = await getJson('deployment', 'rel1-mychart');
    expect(deployment.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'rel1', 'app.kubernetes.io/name': 'mychart' });
    expect(deployment.metadata.annotations).toMatchObject({ 'meta.helm.sh/release-name': 'rel1', 'meta.helm.sh/release-namespace': 'default' });
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.serviceAccountName).toBe('rel1-mychart');
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ name: 'mychart', image: 'nginx:1.16.0', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] });
    // helm 4 applies server-side: one Apply entry, manager "helm"; the controller-manager's status writes are its own.
    const { managedFields } = (await getJson('deployment', 'rel1-mychart', '--show-managed-fields')).metadata;
    const managers = (managedFields ?? []).map((e: { manager: string; operation: string }) => `${e.manager}/${e.operation}`);
    expect(managers.filter((m: string) => m.startsWith('helm/'))).toEqual(['helm/Apply']);
    for (const m of managers.filter((m: string) => !m.startsWith('helm/'))) expect(m).toBe('kubeledger-controller-manager/Update');
    expect(await kubectl.ok('get', 'service', 'rel1-mychart', '-o', 'jsonpath={.spec.type} {.spec.ports[0].port} {.spec.ports[0].targetPort}')).toBe('ClusterIP 80 http');
    expect(await releaseSecrets('rel1')).toBe('sh.helm.release.v1.rel1.v1=deployed\n');
    expect(await kubectl.ok('get', 'secret', 'sh.helm.release.v1.rel1.v1', '-o', 'jsonpath={.type}')).toBe('helm.sh/release.v1');

    const upgraded = expectOk(await helm.run('upgrade', 'rel1', chart, '--set', 'replicaCount=3'));
    expect(upgraded).toMatch(/^Release "rel1" has been upgraded\. Happy Helming!\nNAME: rel1\nLAST DEPLOYED: .+\nNAMESPACE: default\nSTATUS: deployed\nREVISION: 2\nDESCRIPTION: Upgrade complete\n/);
    expect(await kubectl.ok('get', 'deployment', 'rel1-mychart', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}')).toBe('3 2');
    expect(await releaseSecrets('rel1')).toBe('sh.helm.release.v1.rel1.v1=superseded\nsh.helm.release.v1.rel1.v2=deployed\n');

    expect(expectOk(await helm.run('rollback', 'rel1', '1'))).toBe('Rollback was a success! Happy Helming!\n');
    expect(await kubectl.ok('get', 'deployment', 'rel1-mychart', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}')).toBe('1 3');
    expect(await history('rel1')).toEqual(['1 superseded Install complete', '2 superseded Upgrade complete', '3 deployed Rollback to 1']);
    expect(await helm.ok('status', 'rel1')).toMatch(/\nSTATUS: deployed\nREVISION: 3\nDESCRIPTION: Rollback to 1\n/);
    expect(await releaseSecrets('rel1')).toBe('sh.helm.release.v1.rel1.v1=superseded\nsh.helm.release.v1.rel1.v2=superseded\nsh.helm.release.v1.rel1.v3=deployed\n');

    expect(expectOk(await helm.run('uninstall', 'rel1'))).toBe('release "rel1" uninstalled\n');
    expect(await kubectl.ok('get', 'serviceaccounts,services,deployments', ...selector, '-o', 'name')).toBe('');
    expect(await releaseSecrets('rel1')).toBe('');
    expect(JSON.parse(await helm.ok('list', '-o', 'json'))).toEqual([]);
  });

  it('installs and upgrades a chart of ConfigMap, Secret, ServiceAccount, Role, RoleBinding, Service, Deployment and a Job hook it waits for', async () => {
    const chart = path.join(dir, 'stack');
    writeChart(chart);
    const job = 's1-migrate';
    /** The hook Job helm waited for: the Job controller ran its pod (a real `sh`) to completion. */
    const completedHookJob = async (): Promise<string> => {
      const hook = await getJson('job', job);
      expect(hook.status).toMatchObject({ succeeded: 1, conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] });
      const pods = JSON.parse(await kubectl.ok('get', 'pods', '-l', `batch.kubernetes.io/controller-uid=${hook.metadata.uid}`, '-o', 'json')).items as { status: { phase: string } }[];
      expect(pods.map((p) => p.status.phase)).toEqual(['Succeeded']);
      expect(await kubectl.ok('logs', `job/${job}`)).toBe('migrated\n');
      return hook.metadata.uid;
    };

    const installed = expectOk(await helm.run('install', 's1', chart, '--timeout', '90s'));
    const firstJob = await completedHookJob();
    expect(installed).toMatch(/^NAME: s1\nLAST DEPLOYED: .+\nNAMESPACE: default\nSTATUS: deployed\nREVISION: 1\nDESCRIPTION: Install complete\nTEST SUITE: None\n$/);

    const objects = 'configmaps,secrets,serviceaccounts,roles,rolebindings,services,deployments';
    const ofRelease = ['-l', 'app.kubernetes.io/managed-by=Helm,app.kubernetes.io/instance=s1'];
    expect(await kubectl.ok('get', objects, ...ofRelease, '-o', 'name')).toBe(
      [
        'configmap/s1-config',
        'secret/s1-secret',
        'serviceaccount/s1-sa',
        'role.rbac.authorization.k8s.io/s1-reader',
        'rolebinding.rbac.authorization.k8s.io/s1-reader',
        'service/s1-web',
        'deployment.apps/s1-web',
        '',
      ].join('\n'),
    );
    expect((await getJson('configmap', 's1-config')).data).toEqual({ greeting: 'hello' });
    const secret = await getJson('secret', 's1-secret');
    expect(secret.type).toBe('Opaque');
    expect(secret).not.toHaveProperty('stringData');
    expect(Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]))).toEqual({ password: 's3cret' });
    expect((await getJson('role', 's1-reader')).rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]);
    const binding = await getJson('rolebinding', 's1-reader');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 's1-reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 's1-sa', namespace: 'default' }]);
    expect((await getJson('service', 's1-web')).spec).toMatchObject({ type: 'ClusterIP', selector: { app: 's1-web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] });
    const deployment = await getJson('deployment', 's1-web');
    expect(deployment.metadata.annotations).toMatchObject({ 'meta.helm.sh/release-name': 's1', 'meta.helm.sh/release-namespace': 'default' });
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.serviceAccountName).toBe('s1-sa');
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ name: 'web', image: 'registry.example/stack:1.0', envFrom: [{ configMapRef: { name: 's1-config' } }] });
    const hook = await getJson('job', job);
    expect(hook.metadata.uid).toBe(firstJob);
    expect(hook.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'post-install,post-upgrade', 'helm.sh/hook-delete-policy': 'before-hook-creation' });
    expect(hook.spec.template.spec.containers[0]).toMatchObject({ name: 'migrate', image: 'registry.example/stack:1.0', command: ['sh', '-c', 'echo migrated'] });

    // The upgrade runs the hook again: before-hook-creation deletes the finished Job and creates a new one.
    expect(expectOk(await helm.run('upgrade', 's1', chart, '--set', 'greeting=bonjour', '--timeout', '90s'))).toMatch(/^Release "s1" has been upgraded\. Happy Helming!\nNAME: s1\nLAST DEPLOYED: .+\nNAMESPACE: default\nSTATUS: deployed\nREVISION: 2\nDESCRIPTION: Upgrade complete\n/);
    const secondJob = await completedHookJob();
    expect(secondJob).not.toBe(firstJob);
    expect((await getJson('configmap', 's1-config')).data).toEqual({ greeting: 'bonjour' });
    expect(await kubectl.ok('get', 'jobs', '-o', 'name')).toBe(`job.batch/${job}\n`);
    expect(await history('s1')).toEqual(['1 superseded Install complete', '2 deployed Upgrade complete']);

    // uninstall deletes the release's objects and its storage; a hook's resources are not part of the release and stay.
    expect(expectOk(await helm.run('uninstall', 's1'))).toBe('release "s1" uninstalled\n');
    expect(await kubectl.ok('get', objects, ...ofRelease, '-o', 'name')).toBe('');
    for (const [resource, name] of [['configmap', 's1-config'], ['secret', 's1-secret'], ['serviceaccount', 's1-sa'], ['role', 's1-reader'], ['rolebinding', 's1-reader'], ['service', 's1-web'], ['deployment', 's1-web']] as const) {
      expect((await kubectl.run('get', resource, name)).stderr).toMatch(/^Error from server \(NotFound\): .+ not found\n$/);
    }
    expect(await releaseSecrets('s1')).toBe('');
    expect(await kubectl.ok('get', 'job', job, '-o', 'jsonpath={.metadata.uid}')).toBe(secondJob);
    expect(await kubectl.ok('delete', 'job', job)).toBe(`job.batch "${job}" deleted from default namespace\n`);
  }, 300_000);
});

/** A chart of the kinds an application chart usually holds, and a Job hook run after install and upgrade. */
function writeChart(chart: string): void {
  const instanceLabel = '  labels: {app.kubernetes.io/instance: {{ .Release.Name }}}';
  const files: Record<string, string[]> = {
    'Chart.yaml': ['apiVersion: v2', 'name: stack', 'version: 0.1.0', 'appVersion: "1.0"'],
    'values.yaml': ['image: registry.example/stack:1.0', 'greeting: hello', 'password: s3cret'],
    'templates/configmap.yaml': ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: {{ .Release.Name }}-config', instanceLabel, 'data:', '  greeting: {{ .Values.greeting | quote }}'],
    'templates/secret.yaml': ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: {{ .Release.Name }}-secret', instanceLabel, 'type: Opaque', 'stringData:', '  password: {{ .Values.password | quote }}'],
    'templates/serviceaccount.yaml': ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: {{ .Release.Name }}-sa', instanceLabel],
    'templates/role.yaml': [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role',
      'metadata:',
      '  name: {{ .Release.Name }}-reader',
      instanceLabel,
      'rules:',
      '  - apiGroups: [""]',
      '    resources: [configmaps]',
      '    verbs: [get, list, watch]',
    ],
    'templates/rolebinding.yaml': [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: RoleBinding',
      'metadata:',
      '  name: {{ .Release.Name }}-reader',
      instanceLabel,
      'roleRef:',
      '  apiGroup: rbac.authorization.k8s.io',
      '  kind: Role',
      '  name: {{ .Release.Name }}-reader',
      'subjects:',
      '  - kind: ServiceAccount',
      '    name: {{ .Release.Name }}-sa',
      '    namespace: {{ .Release.Namespace }}',
    ],
    'templates/service.yaml': [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: {{ .Release.Name }}-web',
      instanceLabel,
      'spec:',
      '  selector:',
      '    app: {{ .Release.Name }}-web',
      '  ports:',
      '    - name: http',
      '      port: 80',
      '      targetPort: 8080',
    ],
    'templates/deployment.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ .Release.Name }}-web',
      instanceLabel,
      'spec:',
      '  replicas: 2',
      '  selector:',
      '    matchLabels:',
      '      app: {{ .Release.Name }}-web',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: {{ .Release.Name }}-web',
      '    spec:',
      '      serviceAccountName: {{ .Release.Name }}-sa',
      '      containers:',
      '        - name: web',
      '          image: {{ .Values.image }}',
      '          command: [sleep, "3600"]',
      '          ports:',
      '            - containerPort: 8080',
      '          envFrom:',
      '            - configMapRef:',
      '                name: {{ .Release.Name }}-config',
    ],
    'templates/migrate-job.yaml': [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: {{ .Release.Name }}-migrate',
      '  annotations:',
      '    helm.sh/hook: post-install,post-upgrade',
      '    helm.sh/hook-delete-policy: before-hook-creation',
      'spec:',
      '  backoffLimit: 0',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      '      containers:',
      '        - name: migrate',
      '          image: {{ .Values.image }}',
      '          command: [sh, -c, echo migrated]',
    ],
  };
  for (const [file, lines] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(chart, file)), { recursive: true });
    writeFileSync(path.join(chart, file), lines.join('\n') + '\n');
  }
}
