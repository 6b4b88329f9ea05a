import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttp2Server, type Http2Server } from 'node:http2';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '@kubeledger/pki';
import type { ContainerSpec, Pod, PodStatus } from '../pods/pod.js';
import { ProcessRuntime } from '../runtime/process-runtime.js';
import { podStepFakes } from '../pods/testing/pod-step-fakes.js';

const NODE = process.execPath;
/** This file's pods live in 127.128.201.0/24: the first pod of a harness is at .2. */
const POD_IP = '127.128.201.2';

/**
 * An HTTP server on the pod's IP and first port: `/healthz` answers with the code last set through
 * `/set/<code>` (200 at first) and remembers the User-Agent and X-Probe headers it got, which
 * `/seen` tells. With IGNORE_SIGTERM it ignores SIGTERM (as PID 1 of a container does).
 */
const SERVER = `
let code = 200, seen = '';
if (process.env.IGNORE_SIGTERM) process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
require('http').createServer((q, s) => {
  const set = /^\\/set\\/(\\d+)$/.exec(q.url);
  if (set) { code = Number(set[1]); return s.end('ok'); }
  if (q.url === '/seen') return s.end(seen);
  if (q.url === '/healthz') { seen = q.headers['user-agent'] + ' ' + q.headers['x-probe']; s.statusCode = code; return s.end('body'); }
  s.statusCode = 404; s.end();
}).listen(process.env.KUBELEDGER_PORT, process.env.KUBELEDGER_POD_IP, () => console.log('listening'));
`;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** syncPod over the process runtime and real probes, synced again on each exit, probe result change, or restart due. */
function harness() {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'kl-probes-'));
  const runtime = new ProcessRuntime({ stateDir, shutdownGraceMs: 200 });
  const fakes = podStepFakes(runtime, { podCidr: '127.128.201.0/24' });
  const probes = fakes.deps.probes;
  runtime.onExit(fakes.wake);
  probes.onChange(fakes.wake);
  cleanups.push(async () => {
    await probes.stop();
    expect(probes.workerCount).toBe(0);
    await runtime.shutdown();
    rmSync(stateDir, { recursive: true, force: true });
  });
  const run = (pod: Pod, until: (status: PodStatus) => boolean, what: string, timeoutMs = 20_000) => fakes.syncUntil(pod, until, what, timeoutMs);
  return { runtime, probes, stateDir, events: fakes.events, run, pod: fakes.stored };
}

const pod = (name: string, containers: ContainerSpec[], extra: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { nodeName: 'node-1', restartPolicy: 'Always', terminationGracePeriodSeconds: 30, containers, ...extra },
  status: { phase: 'Pending' },
});
const condition = (status: PodStatus, type: string) => status.conditions?.find((c) => c.type === type);
const isReady = (status: PodStatus) => condition(status, 'Ready')?.status === 'True';
const ask = async (url: string) => (await fetch(url)).text();
const fast = { periodSeconds: 1, failureThreshold: 1 };

describe('probes with the process runtime (real processes)', () => {
  it('httpGet readiness (named port, headers): Ready when the server answers 200, not Ready on 500 with an Unhealthy Event', async () => {
    const h = harness();
    const port = await freePort();
    const web = pod('web', [
      {
        name: 'web',
        image: 'node:20',
        command: [NODE, '-e', SERVER],
        ports: [{ name: 'http', containerPort: port }],
        readinessProbe: { httpGet: { path: '/healthz', port: 'http', httpHeaders: [{ name: 'x-probe', value: 'from-the-kubelet' }] }, ...fast },
      },
    ]);
    const ready = await h.run(web, isReady, 'Ready');
    expect(ready.containerStatuses![0]).toMatchObject({ ready: true, started: true, state: { running: {} } });
    expect(condition(ready, 'ContainersReady')?.status).toBe('True');
    expect(await ask(`http://${POD_IP}:${port}/seen`)).toBe('kube-probe/1.35 from-the-kubelet');

    await ask(`http://${POD_IP}:${port}/set/500`);
    const unready = await h.run(web, (s) => !isReady(s), 'not Ready');
    expect(condition(unready, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
    expect(unready.containerStatuses![0]).toMatchObject({ ready: false, restartCount: 0, state: { running: {} } }); // readiness never restarts
    expect(h.events).toContain('Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 500');

    await ask(`http://${POD_IP}:${port}/set/200`);
    await h.run(web, isReady, 'Ready again');
  });

  it('tcpSocket readiness: Ready once the port accepts; a closed port fails with Go\'s dial error', async () => {
    const h = harness();
    const [port, closed] = [await freePort(), await freePort()];
    const tcp = pod('tcp', [
      { name: 'server', image: 'node:20', command: [NODE, '-e', SERVER], ports: [{ containerPort: port }], readinessProbe: { tcpSocket: { port }, ...fast } },
      { name: 'nothing', image: 'node:20', command: [NODE, '-e', 'setInterval(() => {}, 1000)'], readinessProbe: { tcpSocket: { port: closed }, ...fast } },
    ]);
    const status = await h.run(tcp, (s) => s.containerStatuses?.[0]?.ready === true && h.events.some((e) => e.includes('connection refused')), 'server ready');
    expect(status.containerStatuses!.map((c) => c.ready)).toEqual([true, false]);
    expect(condition(status, 'Ready')).toMatchObject({ status: 'False', message: 'containers with unready status: [nothing]' });
    expect(h.events).toContain(`Warning Unhealthy Readiness probe failed: dial tcp ${POD_IP}:${closed}: connect: connection refused`);
  });

  it('exec readiness: the command runs in the container (its env, its working dir); its output is the failure message', async () => {
    const h = harness();
    const check = "const ok = require('fs').existsSync('ready'); console.log(process.env.GREETING + (ok ? ' ready' : ' not yet')); process.exit(ok ? 0 : 1)";
    const exec = pod('exec', [
      { name: 'c', image: 'node:20', command: [NODE, '-e', 'setInterval(() => {}, 1000)'], env: [{ name: 'GREETING', value: 'hello' }], readinessProbe: { exec: { command: [NODE, '-e', check] }, ...fast } },
    ]);
    await h.run(exec, () => h.events.includes('Warning Unhealthy Readiness probe failed: hello not yet\n'), 'a failed exec probe');
    expect(isReady(h.pod()!.status!)).toBe(false);
    writeFileSync(path.join(h.stateDir, 'pods', 'uid-exec', 'c', 'ready'), '');
    const ready = await h.run(exec, isReady, 'Ready');
    expect(ready.containerStatuses![0]!.ready).toBe(true);
  });

  it('liveness: failing past its threshold kills the container (Unhealthy, Killing; SIGKILL after the grace period: 137) and restarts it at once', async () => {
    const h = harness();
    const port = await freePort();
    const live = pod(
      'live',
      [
        {
          name: 'web',
          image: 'node:20',
          command: [NODE, '-e', SERVER],
          env: [{ name: 'IGNORE_SIGTERM', value: '1' }],
          ports: [{ containerPort: port }],
          // Two failures in a row, a second apart, from a second on: a server still starting is not killed.
          livenessProbe: { httpGet: { path: '/healthz', port }, initialDelaySeconds: 1, periodSeconds: 1, failureThreshold: 2 },
        },
      ],
      { terminationGracePeriodSeconds: 1 },
    );
    const first = await h.run(live, (s) => s.containerStatuses?.[0]?.state.running !== undefined, 'running');
    const firstID = first.containerStatuses![0]!.containerID;
    // The server answers once it listens; then it is told to fail.
    for (let deadline = Date.now() + 10_000; ; ) {
      try {
        await ask(`http://${POD_IP}:${port}/set/500`);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const restarted = await h.run(live, (s) => s.containerStatuses?.[0]?.restartCount === 1 && s.containerStatuses[0].state.running !== undefined, 'restarted once');
    const c = restarted.containerStatuses![0]!;
    expect(c.containerID).not.toBe(firstID);
    expect(c.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error', containerID: firstID });
    expect(c.state.waiting).toBeUndefined();
    expect(h.events).toContain('Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 500');
    expect(h.events).toContain('Normal Killing Container web failed liveness probe, will be restarted');
    expect(h.events.filter((e) => e.includes('BackOff'))).toEqual([]); // the first restart is immediate
    // The new process answers 200 again: it stays.
    await h.run(live, (s) => s.containerStatuses?.[0]?.ready === true, 'ready');
    expect(h.pod()!.status!.containerStatuses![0]!.restartCount).toBe(1);
  });

  it('httpGet over HTTPS to another host (no certificate check), and a grpc health check: SERVING is ready, NOT_SERVING fails', async () => {
    const h = harness();
    const [httpsPort, grpcPort] = [await freePort(), await freePort()];
    const { certPem, keyPem } = await createCertificateAuthority('probe-test');
    const https: HttpsServer = createHttpsServer({ cert: certPem, key: keyPem }, (_q, s) => s.end('secure')).listen(httpsPort, '127.0.0.1');
    let serving = 1;
    const services: string[] = [];
    const grpc: Http2Server = createHttp2Server((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        services.push(body.length > 7 ? body.subarray(7).toString('utf8') : '');
        res.writeHead(200, { 'content-type': 'application/grpc' });
        res.addTrailers({ 'grpc-status': '0' });
        res.end(Buffer.from([0, 0, 0, 0, 2, 0x08, serving]));
      });
    }).listen(grpcPort, POD_IP);
    cleanups.push(async () => {
      await new Promise((r) => https.close(r));
      await new Promise((r) => grpc.close(r));
    });
    const p = pod('secure', [
      { name: 'tls', image: 'node:20', command: [NODE, '-e', 'setInterval(() => {}, 1000)'], readinessProbe: { httpGet: { scheme: 'HTTPS', host: '127.0.0.1', port: httpsPort, path: '/' }, ...fast } },
      { name: 'grpc', image: 'node:20', command: [NODE, '-e', 'setInterval(() => {}, 1000)'], readinessProbe: { grpc: { port: grpcPort, service: 'liveness' }, ...fast } },
    ]);
    const ready = await h.run(p, isReady, 'Ready');
    expect(ready.containerStatuses!.map((c) => c.ready)).toEqual([true, true]);
    expect(services).toContain('liveness');
    serving = 2;
    const unready = await h.run(p, (s) => s.containerStatuses?.[1]?.ready === false, 'grpc not ready');
    expect(unready.containerStatuses![0]!.ready).toBe(true);
    expect(h.events).toContain('Warning Unhealthy Readiness probe failed: service unhealthy (responded with "NOT_SERVING")');
  });
});
