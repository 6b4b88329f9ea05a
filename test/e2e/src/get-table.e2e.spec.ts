import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCluster } from './support/use-cluster.js';

/** kubectl's table: the header and each row split into cells (columns are padded apart by at least two spaces). */
function parseTable(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s{2,}/));
}

const AGE = expect.stringMatching(/^\d+s$/);

describe('kubectl get prints the server-side tables (as=Table)', () => {
  const { kubectl } = useCluster({ KUBELEDGER_SERVICE_CIDR: '10.96.0.0/12' }); // upstream's default range, as the expected rows show
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-e2e-tables-'));
  const create = async (name: string, yaml: string[], ...flags: string[]) => {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, yaml.join('\n') + '\n');
    await kubectl.ok('create', '-f', file, ...flags);
  };
  const fiveHoursAgo = new Date(Date.now() - 5 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');

  beforeAll(async () => {
    await create('team-a', ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: team-a']);
    await create('web-2', ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web-2', 'spec:', '  containers:', '  - name: app', '    image: nginx']);
    await create('web-1', [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web-1',
      'spec:',
      '  nodeName: node-1',
      '  containers:',
      '  - name: app',
      '    image: nginx',
      '  - name: log',
      '    image: fluent-bit',
    ]);
    await create('api-0', ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: api-0', '  namespace: team-a', 'spec:', '  containers:', '  - name: api', '    image: api:1']);
    const status = {
      status: {
        phase: 'Running',
        podIP: '10.244.0.5',
        podIPs: [{ ip: '10.244.0.5' }],
        containerStatuses: [
          { name: 'app', image: 'nginx', imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: fiveHoursAgo } } },
          {
            name: 'log',
            image: 'fluent-bit',
            imageID: '',
            ready: false,
            restartCount: 3,
            started: false,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: fiveHoursAgo, finishedAt: fiveHoursAgo } },
          },
        ],
      },
    };
    await kubectl.ok('patch', 'pod', 'web-1', '--subresource=status', '--type=merge', '-p', JSON.stringify(status));
    for (const [pod, ns] of [['web-2', 'default'], ['api-0', 'team-a']]) {
      await kubectl.ok('patch', 'pod', pod!, '-n', ns!, '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Pending"}}');
    }
    await create('svc', [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: web',
      'spec:',
      '  type: NodePort',
      '  clusterIP: 10.96.0.20',
      '  clusterIPs: [10.96.0.20]',
      '  selector: {app: web}',
      '  ports:',
      '  - {name: http, port: 80, targetPort: 8080, nodePort: 30080, protocol: TCP}',
      '  - {name: dns, port: 53, nodePort: 30053, protocol: UDP}',
    ]);
    for (const name of ['settings', 'flags', 'limits']) await create(`cm-${name}`, ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, 'data:', '  a: "1"', '  b: "2"']);
    await create('secret', ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: token', 'type: Opaque', 'data:', '  user: YWRtaW4=', '  password: cGFzcw==']);
  });

  it('kubectl get pods: READY, STATUS (CrashLoopBackOff), RESTARTS with when, AGE', async () => {
    expect(parseTable(await kubectl.ok('get', 'pods'))).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['web-1', '1/2', 'CrashLoopBackOff', '3 (5h ago)', AGE],
      ['web-2', '0/1', 'Pending', '0', AGE],
    ]);
    expect(parseTable(await kubectl.ok('get', 'pod', 'web-1'))).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['web-1', '1/2', 'CrashLoopBackOff', '3 (5h ago)', AGE],
    ]);
  });

  it('kubectl get pods -o wide adds IP, NODE, NOMINATED NODE, READINESS GATES', async () => {
    expect(parseTable(await kubectl.ok('get', 'pods', '-o', 'wide'))).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
      ['web-1', '1/2', 'CrashLoopBackOff', '3 (5h ago)', AGE, '10.244.0.5', 'node-1', '<none>', '<none>'],
      ['web-2', '0/1', 'Pending', '0', AGE, '<none>', '<none>', '<none>', '<none>'],
    ]);
  });

  it('kubectl get pods -A adds the NAMESPACE column; --sort-by sorts the full objects', async () => {
    expect(parseTable(await kubectl.ok('get', 'pods', '-A'))).toEqual([
      ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['default', 'web-1', '1/2', 'CrashLoopBackOff', '3 (5h ago)', AGE],
      ['default', 'web-2', '0/1', 'Pending', '0', AGE],
      ['team-a', 'api-0', '0/1', 'Pending', '0', AGE],
    ]);
    expect(parseTable(await kubectl.ok('get', 'pods', '-A', '--sort-by=.metadata.name')).map((row) => row.slice(0, 2))).toEqual([
      ['NAMESPACE', 'NAME'],
      ['team-a', 'api-0'],
      ['default', 'web-1'],
      ['default', 'web-2'],
    ]);
  });

  it('kubectl get namespaces: NAME STATUS AGE', async () => {
    const rows = parseTable(await kubectl.ok('get', 'namespaces'));
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(rows.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['default', 'Active'],
      ['kube-node-lease', 'Active'],
      ['kube-public', 'Active'],
      ['kube-system', 'Active'],
      ['team-a', 'Active'],
    ]);
  });

  it('kubectl get svc: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S); -o wide adds SELECTOR', async () => {
    expect(parseTable(await kubectl.ok('get', 'svc'))).toEqual([
      ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
      // Every cluster has the apiserver's own Service, on the first address of the service CIDR.
      ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', AGE],
      ['web', 'NodePort', '10.96.0.20', '<none>', '80:30080/TCP,53:30053/UDP', AGE],
    ]);
    expect(parseTable(await kubectl.ok('get', 'svc', '-o', 'wide'))[2]).toEqual(['web', 'NodePort', '10.96.0.20', '<none>', '80:30080/TCP,53:30053/UDP', AGE, 'app=web']);
  });

  it('kubectl get configmaps,secrets: one table per kind, DATA counts keys, TYPE of the secret', async () => {
    const out = await kubectl.ok('get', 'configmaps,secrets');
    const [configmaps, secrets] = out.split('\n\n');
    expect(parseTable(configmaps!)).toEqual([
      ['NAME', 'DATA', 'AGE'],
      ['configmap/flags', '2', AGE],
      ['configmap/limits', '2', AGE],
      ['configmap/settings', '2', AGE],
    ]);
    expect(parseTable(secrets!)).toEqual([
      ['NAME', 'TYPE', 'DATA', 'AGE'],
      ['secret/token', 'Opaque', '2', AGE],
    ]);
  });

  it('kubectl get --chunk-size=1 pages through every object', async () => {
    expect(parseTable(await kubectl.ok('get', 'configmaps', '--chunk-size=1')).map((row) => row[0])).toEqual(['NAME', 'flags', 'limits', 'settings']);
    expect(parseTable(await kubectl.ok('get', 'pods', '-A', '--chunk-size=1')).map((row) => row[1])).toEqual(['NAME', 'web-1', 'web-2', 'api-0']);
  });

  it('kubectl get leases prints HOLDER (a printer outside the core group)', async () => {
    // No OpenAPI document is served for coordination.k8s.io yet, so kubectl cannot validate the manifest itself.
    await create('lease', ['apiVersion: coordination.k8s.io/v1', 'kind: Lease', 'metadata:', '  name: leader', 'spec:', '  holderIdentity: replica-2'], '--validate=false');
    expect(parseTable(await kubectl.ok('get', 'leases'))).toEqual([
      ['NAME', 'HOLDER', 'AGE'],
      ['leader', 'replica-2', AGE],
    ]);
  });
});
