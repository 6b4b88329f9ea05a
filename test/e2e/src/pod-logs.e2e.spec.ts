import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentKubeconfig, startComponent, type ComponentProcess } from '@kubeledger/test-cluster';
import { KubeClient, loadKubeconfig, NODES, PODS } from '@kubeledger/client';
import type { KubeObject } from '@kubeledger/api';
import { useCluster } from './support/use-cluster.js';
import { eventually } from './support/eventually.js';

interface Pod extends KubeObject {
  status?: { phase?: string; containerStatuses?: { name: string; restartCount: number; state: { running?: object; waiting?: { reason: string } } }[] };
}

const NODE = process.execPath;
const stateDir = mkdtempSync(path.join(os.tmpdir(), 'kl-pod-logs-e2e-'));
/** When this file appears, the web container prints a line (and removes it). */
const trigger = path.join(stateDir, 'say-more');
const KUBELET_ENV = {
  KUBELEDGER_NODE_NAME: 'node-1',
  KUBELEDGER_RUNTIME: 'process',
  KUBELEDGER_STATE_DIR: stateDir,
  KUBELEDGER_POD_CIDR: '127.128.1.0/24',
  KUBELEDGER_RESTART_BACKOFF: '0.3',
  KUBELEDGER_RESTART_BACKOFF_MAX: '1',
};
const TIMESTAMPED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /;

/** `kubectl logs` against the real apiserver, which proxies to the real kubelet (process runtime, its HTTPS server on a free port). */
describe('kubectl logs: the apiserver proxies pods/log to the kubelet', () => {
  const cluster = useCluster();
  let kubeconfig: string;
  let kubelet: ComponentProcess | undefined;
  let admin: KubeClient;

  const createPod = (name: string, containers: object[]) =>
    admin.create<Pod>(PODS, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'node-1', containers } } as KubeObject);
  const podWhere = (name: string, what: string, check: (pod: Pod) => boolean) =>
    eventually(async () => {
      const pod = await admin.get<Pod>(PODS, 'default', name);
      return check(pod) ? pod : undefined;
    }, 30_000, `${name}: ${what}`);
  const running = (name: string) => podWhere(name, 'Running', (p) => p.status?.phase === 'Running' && (p.status.containerStatuses ?? []).every((s) => s.state.running));
  /** kubectl's output once `check` likes it (a container's output reaches its log file a little after it runs). */
  const logsUntil = (args: string[], check: (stdout: string) => boolean) =>
    eventually(async () => {
      const result = await cluster.kubectl.run('logs', ...args);
      return result.code === 0 && check(result.stdout) ? result : undefined;
    }, 30_000, `kubectl logs ${args.join(' ')}`);

  beforeAll(async () => {
    kubeconfig = await componentKubeconfig(cluster.server(), 'system:node:node-1', ['system:nodes']);
    admin = new KubeClient(loadKubeconfig(cluster.server().kubeconfig));
    kubelet = await startComponent('kubelet', cluster.server(), kubeconfig, KUBELET_ENV, /\] ready \(/);
    const program = `console.log('hello from web'); console.error('a warning'); console.log('third line'); const fs = require('fs'); setInterval(() => { if (fs.existsSync(${JSON.stringify(trigger)})) { fs.unlinkSync(${JSON.stringify(trigger)}); console.log('late line'); } }, 50);`;
    await createPod('web', [{ name: 'web', image: 'node:20', command: [NODE, '-e', program] }]);
    await running('web');
  });
  afterAll(async () => {
    await kubelet?.stop();
    await admin?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('the Node reports the port the kubelet serves on', async () => {
    const line = await kubelet!.waitForOutput(/serving container logs on https:\/\/127\.0\.0\.1:\d+/);
    const port = Number(/:(\d+) /.exec(line)?.[1]);
    const node = await admin.get<KubeObject & { status?: { daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } } }>(NODES, undefined, 'node-1');
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(port);
  });

  it('kubectl logs shows what the process wrote, stdout and stderr; --tail=1 the last line; --timestamps each line’s time', async () => {
    const all = await logsUntil(['web'], (out) => out.split('\n').length === 4);
    const lines = all.stdout.trimEnd().split('\n');
    // stdout in the order written; stderr comes through its own pipe, so anywhere among them.
    expect(lines.filter((l) => l !== 'a warning')).toEqual(['hello from web', 'third line']);
    expect(lines).toContain('a warning');
    expect(await cluster.kubectl.ok('logs', 'web', '--tail=1')).toBe(`${lines[2]}\n`);
    const stamped = (await cluster.kubectl.ok('logs', 'web', '--timestamps')).trimEnd().split('\n');
    for (const line of stamped) expect(line).toMatch(TIMESTAMPED);
    expect(stamped.map((l) => l.replace(TIMESTAMPED, ''))).toEqual(lines);
    expect(await cluster.kubectl.ok('logs', 'web', '--limit-bytes=5')).toBe(all.stdout.slice(0, 5));
  });

  it('kubectl logs -f streams a line the process writes after it started', async () => {
    const follow = cluster.kubectl.start('logs', '-f', 'web');
    try {
      const before = await follow.waitForOutput(/^(.*\n){3}$/);
      expect(before).toContain('third line\n');
      writeFileSync(trigger, '');
      const out = await follow.waitForOutput(/late line\n/);
      expect(out).toBe(`${before}late line\n`);
    } finally {
      await follow.stop();
    }
  });

  it('kubectl logs --previous shows the run before a crash and restart; without it, the current run', async () => {
    // Each run counts itself in a file of its working directory (kept across restarts); the first run crashes.
    const program = "const fs = require('fs'); const n = fs.existsSync('runs') ? Number(fs.readFileSync('runs', 'utf8')) + 1 : 0; fs.writeFileSync('runs', String(n)); console.log('run ' + n); if (n === 0) process.exit(1); setInterval(() => {}, 1000);";
    await createPod('crash', [{ name: 'c', image: 'node:20', command: [NODE, '-e', program] }]);
    await podWhere('crash', 'running again after a restart', (p) => p.status?.containerStatuses?.[0]?.restartCount === 1 && p.status.containerStatuses[0].state.running !== undefined);
    expect((await logsUntil(['crash'], (out) => out !== '')).stdout).toBe('run 1\n');
    expect(await cluster.kubectl.ok('logs', 'crash', '--previous')).toBe('run 0\n');
    const none = await cluster.kubectl.run('logs', 'web', '--previous');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('Error from server (BadRequest): previous terminated container "web" in pod "web" not found');
  });

  it('kubectl logs -c with a container the pod does not have gives upstream’s error', async () => {
    const wrong = await cluster.kubectl.run('logs', 'web', '-c', 'nope');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('container nope is not valid for pod web');
  });

  it('a pod of two containers without -c: kubectl picks the first and says so; -c picks the other', async () => {
    await createPod('two', [
      { name: 'first', image: 'node:20', command: [NODE, '-e', "console.log('from first'); setInterval(() => {}, 1000)"] },
      { name: 'second', image: 'node:20', command: [NODE, '-e', "console.log('from second'); setInterval(() => {}, 1000)"] },
    ]);
    await running('two');
    const first = await logsUntil(['two'], (out) => out !== '');
    expect(first.stdout).toBe('from first\n');
    expect(first.stderr).toContain('Defaulted container "first" out of: first, second');
    expect((await logsUntil(['two', '-c', 'second'], (out) => out !== '')).stdout).toBe('from second\n');
  });

  it('a container waiting to start has no log yet: upstream’s words', async () => {
    await createPod('nocmd', [{ name: 'c', image: 'node:20' }]);
    await podWhere('nocmd', 'CreateContainerConfigError', (p) => p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'CreateContainerConfigError');
    const waiting = await cluster.kubectl.run('logs', 'nocmd');
    expect(waiting.code).not.toBe(0);
    expect(waiting.stderr).toContain('Error from server (BadRequest): container "c" in pod "nocmd" is waiting to start: CreateContainerConfigError');
  });

  it('the kubelet asks the apiserver who may read logs: a user of the cluster CA without the right gets 403, a cluster admin the log', async () => {
    const line = await kubelet!.waitForOutput(/serving container logs on https:\/\/127\.0\.0\.1:\d+/);
    const port = Number(/:(\d+) /.exec(line)?.[1]);
    const get = (credentials: { cert?: string; key?: string }) =>
      new Promise<{ code: number; body: string }>((resolve, reject) => {
        // The kubelet's certificate is self-signed here (no KUBELEDGER_KUBELET_TLS_CERT_FILE): not verified, as the apiserver does not either.
        request(`https://127.0.0.1:${port}/containerLogs/default/web/web?tailLines=1`, { ...credentials, rejectUnauthorized: false }, async (res) => {
          let body = '';
          for await (const chunk of res) body += String(chunk);
          resolve({ code: res.statusCode!, body });
        }).on('error', reject).end();
      });
    const alice = loadKubeconfig(await componentKubeconfig(cluster.server(), 'alice'));
    expect(await get({ cert: alice.cert!, key: alice.key! })).toEqual({ code: 403, body: 'Forbidden (user=alice, verb=get, resource=nodes, subresource=proxy)' });
    expect(await get({})).toEqual({ code: 401, body: 'Unauthorized' });
    const tls = cluster.server().tls;
    expect(await get({ cert: tls.cert, key: tls.key })).toEqual({ code: 200, body: expect.stringMatching(/line\n$/) });
  });
});
