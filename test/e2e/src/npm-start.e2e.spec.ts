import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '@kubeledger/migrations';
import { REPO_ROOT } from '@kubeledger/test-cluster';
import { Kubectl } from './support/kubectl.js';
import { freePort, listening } from './support/ports.js';

describe('npm start: the control plane on this machine', () => {
  const state = mkdtempSync(path.join(os.tmpdir(), 'kl-start-'));
  const server = new URL(process.env['KUBELEDGER_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  server.pathname = `/kl_start_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    await dropDatabase(server.toString());
    rmSync(state, { recursive: true, force: true });
  });

  it('starts nats-server with per-component users, the apiserver and every component; kubectl run gets a Running process, kubectl expose a ClusterIP that reaches it; SIGTERM stops everything', { timeout: 120_000 }, async () => {
    const natsPort = await freePort();
    const { NATS_URL: _unset, ...env } = process.env;
    // What `npm start` runs (package.json "start"), with its state and ports of its own.
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', 'up'], {
      cwd: REPO_ROOT,
      env: { ...env, DATABASE_URL: server.toString(), KUBELEDGER_STATE_DIR: state, KUBELEDGER_PORT: '0', KUBELEDGER_NATS_PORT: String(natsPort), KUBELEDGER_RUNTIME: 'process', KUBELEDGER_KUBELET_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const up = () => /ready: https:\/\//.test(output) && /\[kubelet node-1\] ready/.test(output) && /\[kubelet node-2\] ready/.test(output) && /\[scheduler\] ready/.test(output) && /\[controller-manager\] ready/.test(output) && /\[proxy\] ready/.test(output);
      for (const deadline = Date.now() + 60_000; !up(); ) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not get ready:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(output).toContain(`starting nats-server on 127.0.0.1:${natsPort} with one user per component`);
      expect(output).toContain(`admin kubeconfig: ${path.join(state, 'kubeconfig')}`);
      expect(readFileSync(path.join(state, 'nats', 'nats-server.conf'), 'utf8')).toContain('kubeledger-kubelet-node-1');

      const kubectl = new Kubectl(path.join(state, 'kubeconfig'));
      try {
        expect(await kubectl.ok('get', 'namespaces', '-o', 'name')).toContain('namespace/kube-system');
        await kubectl.ok('create', 'configmap', 'hello', '--from-literal=k=v');
        // Lists at the head come from the watch cache, fed through the authenticated NATS user.
        expect(await kubectl.ok('get', 'configmaps', '-o', 'name')).toContain('configmap/hello');
        // The pod creation flow: the scheduler binds it, the kubelet on that node runs it (fake runtime).
        // A tiny HTTP server as the container's command, run by the kubelet's process runtime.
        const appPort = await freePort();
        const server = "require('http').createServer((q,s)=>s.end('hi from '+process.env.HOSTNAME)).listen(Number(process.env.PORT), () => console.log('listening'))";
        await kubectl.ok('run', 'web', '--image=any', `--env=PORT=${appPort}`, '--command', '--', process.execPath, '-e', server);
        const waited = await kubectl.run('wait', '--for=condition=Ready', 'pod/web', '--timeout=30s');
        if (waited.code !== 0) throw new Error(`pod/web never became Ready: ${waited.stderr}\n${await kubectl.ok('get', 'pod', 'web', '-o', 'yaml')}\n${output.split('\n').slice(-40).join('\n')}`);
        const pod = JSON.parse(await kubectl.ok('get', 'pod', 'web', '-o', 'json'));
        expect(pod.status.phase).toBe('Running');
        expect(pod.spec.nodeName).toMatch(/^node-[12]$/);
        expect(pod.status.podIP).toMatch(/^127\.128\.[12]\.\d+$/);
        expect(await kubectl.ok('get', 'nodes', '-o', 'name')).toBe('node/node-1\nnode/node-2\n');
        // kubectl logs: the apiserver reaches the kubelet, verifying its serving certificate against the cluster CA.
        expect(output).toContain(`[apiserver] kubelets' serving certificates verified against ${path.join(state, 'pki', 'ca.crt')}`);
        for (const deadline = Date.now() + 20_000; ; ) {
          const logs = await kubectl.run('logs', 'web');
          if (logs.code === 0 && logs.stdout === 'listening\n') break;
          if (Date.now() > deadline) throw new Error(`kubectl logs web: ${JSON.stringify(logs)}`);
          await new Promise((r) => setTimeout(r, 200));
        }
        // The controller-manager publishes the pod as the Service's endpoint.
        await kubectl.ok('expose', 'pod', 'web', '--port=18080', `--target-port=${appPort}`);
        const endpoints = async () => JSON.parse(await kubectl.ok('get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'json')).items.flatMap((s: { endpoints?: Array<{ addresses: string[] }> }) => s.endpoints ?? []);
        for (const deadline = Date.now() + 20_000; (await endpoints()).length === 0; ) {
          if (Date.now() > deadline) throw new Error(`no EndpointSlice for web:\n${output.split('\n').slice(-30).join('\n')}`);
          await new Promise((r) => setTimeout(r, 200));
        }
        expect((await endpoints())[0].addresses).toEqual([pod.status.podIP]);
        // …and the proxy routes the Service's ClusterIP to it.
        const clusterIP = (await kubectl.ok('get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}')).trim();
        let answer = '';
        for (const deadline = Date.now() + 20_000; answer !== 'hi from web'; ) {
          if (Date.now() > deadline) throw new Error(`${clusterIP}:18080 answered ${JSON.stringify(answer)}:\n${output.split('\n').slice(-30).join('\n')}`);
          answer = await fetch(`http://${clusterIP}:18080/`).then((r) => r.text(), (err: Error) => err.message);
          if (answer !== 'hi from web') await new Promise((r) => setTimeout(r, 200));
        }
        // Deleting the pod stops its process.
        await kubectl.ok('delete', 'pod', 'web', '--wait=true', '--timeout=30s');
        expect(await listening(appPort)).toBe(false);
      } finally {
        kubectl.dispose();
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('[apiserver] stopped');
    expect(output).toContain('[scheduler] stopped');
    expect(output).toContain('[proxy] stopped');
    expect(await listening(natsPort)).toBe(false);
    expect(existsSync(path.join(state, 'nats', 'kubeledger-apiserver.env'))).toBe(true);
  });
});
