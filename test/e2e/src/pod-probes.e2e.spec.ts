import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentKubeconfig, startComponent, type ComponentProcess } from '@kubeledger/test-cluster';
import { useCluster } from './support/use-cluster.js';
import { eventually } from './support/eventually.js';

const NODE = process.execPath;
const stateDir = mkdtempSync(path.join(os.tmpdir(), 'kl-pod-probes-e2e-'));
/** This file's pods live in 127.128.202.0/24: the first one created is at .2. */
const KUBELET_ENV = {
  KUBELEDGER_NODE_NAME: 'node-1',
  KUBELEDGER_RUNTIME: 'process',
  KUBELEDGER_STATE_DIR: stateDir,
  KUBELEDGER_POD_CIDR: '127.128.202.0/24',
  KUBELEDGER_RESTART_BACKOFF: '0.3',
  KUBELEDGER_RESTART_BACKOFF_MAX: '1',
};

/** An HTTP server on the pod's IP and port whose `/healthz` answers the code last set with `/set/<code>` (200 at first). */
const SERVER = `
let code = 200;
require('http').createServer((q, s) => {
  const set = /^\\/set\\/(\\d+)$/.exec(q.url);
  if (set) { code = Number(set[1]); return s.end('ok'); }
  s.statusCode = q.url === '/healthz' ? code : 404;
  s.end();
}).listen(process.env.KUBELEDGER_PORT, process.env.KUBELEDGER_POD_IP);
`;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Probes on the process runtime, seen through the real kubectl: wait for Ready, describe's Events. */
describe('pod probes (process runtime) with kubectl', () => {
  const cluster = useCluster();
  let kubelet: ComponentProcess | undefined;
  const manifest = (name: string, body: object) => {
    const file = path.join(stateDir, `${name}.json`);
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: 'node-1', ...body } }));
    return file;
  };
  const describePod = (name: string) => cluster.kubectl.ok('describe', 'pod', name);

  beforeAll(async () => {
    const kubeconfig = await componentKubeconfig(cluster.server(), 'system:node:node-1', ['system:nodes']);
    kubelet = await startComponent('kubelet', cluster.server(), kubeconfig, KUBELET_ENV, /\] ready \(/);
  });
  afterAll(async () => {
    await kubelet?.stop(); // SIGTERM: the kubelet stops its probes and its processes
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('kubectl wait --for=condition=Ready holds once the readiness probe passes; a failing probe makes the pod not Ready, and describe shows Unhealthy', async () => {
    const port = await freePort();
    const file = manifest('web', {
      containers: [
        {
          name: 'web',
          image: 'node:20',
          command: [NODE, '-e', SERVER],
          ports: [{ name: 'http', containerPort: port }],
          readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 1, failureThreshold: 1 },
        },
      ],
    });
    await cluster.kubectl.ok('apply', '-f', file);
    expect(await cluster.kubectl.ok('wait', '--for=condition=Ready', 'pod/web', '--timeout=60s')).toContain('pod/web condition met');
    const ip = await cluster.kubectl.ok('get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}');
    expect(ip).toBe('127.128.202.2');

    await fetch(`http://${ip}:${port}/set/500`);
    expect(await cluster.kubectl.ok('wait', '--for=condition=Ready=false', 'pod/web', '--timeout=60s')).toContain('pod/web condition met');
    expect(await cluster.kubectl.ok('get', 'pod', 'web', '-o', 'jsonpath={.status.containerStatuses[0].ready} {.status.containerStatuses[0].restartCount}')).toBe('false 0');
    const described = await eventually(async () => {
      const out = await describePod('web');
      return /Warning\s+Unhealthy\s+.*Readiness probe failed: HTTP probe failed with statuscode: 500/.test(out) ? out : undefined;
    }, 20_000, 'the Unhealthy event in describe');
    expect(described).toMatch(/Readiness:\s+http-get http:\/\/:http\/healthz delay=0s timeout=1s period=1s #success=1 #failure=1/);
    expect(described).toMatch(/Ready\s+False/);
  });

  it('a failing liveness probe restarts the container: describe shows Unhealthy and Killing, restartCount 1', async () => {
    const file = manifest('alive', {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'c',
          image: 'node:20',
          command: [NODE, '-e', 'setInterval(() => {}, 1000)'],
          livenessProbe: { exec: { command: [NODE, '-e', "console.log('not alive'); process.exit(1)"] }, periodSeconds: 1, failureThreshold: 2 },
        },
      ],
    });
    await cluster.kubectl.ok('apply', '-f', file);
    await eventually(async () => (Number(await cluster.kubectl.ok('get', 'pod', 'alive', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}')) >= 1 ? true : undefined), 60_000, 'a restart');
    const described = await eventually(async () => {
      const out = await describePod('alive');
      return /Killing/.test(out) ? out : undefined;
    }, 20_000, 'the Killing event in describe');
    expect(described).toMatch(/Warning\s+Unhealthy\s+.*Liveness probe failed: not alive/);
    expect(described).toMatch(/Normal\s+Killing\s+.*Container c failed liveness probe, will be restarted/);
    // SIGTERM ends the process (a host process, not a container's PID 1, which would ignore it and get SIGKILL: 137).
    expect(described).toMatch(/Last State:\s+Terminated\s+Reason:\s+Error\s+Exit Code:\s+143/);
  });

  it('the kubelet still stops cleanly with probes running: exit 0, its container processes gone', async () => {
    const ids = await cluster.kubectl.ok('get', 'pods', '-o', 'jsonpath={.items[*].status.containerStatuses[*].containerID}');
    const pids = ids.split(' ').map((id) => Number(/^process:\/\/(\d+)$/.exec(id)?.[1]));
    expect(pids.length).toBe(2);
    expect(await kubelet!.stop()).toBe(0);
    kubelet = undefined;
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    await eventually(async () => (pids.some(alive) ? undefined : true), 10_000, 'the container processes to be gone');
  });
});
