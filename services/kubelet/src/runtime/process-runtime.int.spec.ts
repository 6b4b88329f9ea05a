import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Pod, PodStatus } from '../pods/pod.js';
import type { RuntimeContainer, RuntimePod } from './container-runtime.js';
import { ProcessRuntime } from './process-runtime.js';
import { podStepFakes } from '../pods/testing/pod-step-fakes.js';

const NODE = process.execPath;
const stateDirs: string[] = [];
const runtimes: ProcessRuntime[] = [];
const newRuntime = (stateDir = mkdtempSync(path.join(os.tmpdir(), 'kl-process-runtime-'))) => {
  stateDirs.push(stateDir);
  const runtime = new ProcessRuntime({ stateDir, shutdownGraceMs: 200 });
  runtimes.push(runtime);
  return { runtime, stateDir };
};
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.shutdown();
});
afterAll(() => {
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

const target: RuntimePod = { uid: 'u1', namespace: 'default', name: 'web', ip: '127.128.1.2' };
const script = (name: string, code: string, extra: Partial<RuntimeContainer> = {}): RuntimeContainer => ({ name, image: 'node:20', init: false, command: [NODE, '-e', code], ...extra });
const exited = (runtime: ProcessRuntime, uid: string, name: string) =>
  new Promise<void>((resolve) => {
    if (runtime.status(uid, name)?.state === 'exited') return resolve();
    runtime.onExit((u, n) => u === uid && n === name && resolve());
  });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const CRI_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z (stdout|stderr) F (.*)$/;

describe('ProcessRuntime (real processes)', () => {
  it('runs command + args with the env, in the pod sandbox, logging stdout and stderr in the CRI format; exit 0 is Completed', async () => {
    const { runtime, stateDir } = newRuntime();
    const done = exited(runtime, 'u1', 'c');
    const status = await runtime.start(target, script('c', "console.log(process.env.GREETING, process.env.HOSTNAME, process.cwd()); console.error('to stderr'); process.stdout.write('no newline')", { env: [{ name: 'GREETING', value: 'hello' }] }));
    expect(status).toMatchObject({ state: 'running', imageID: 'process://node:20', containerID: expect.stringMatching(/^process:\/\/\d+$/) });
    await done;
    expect(runtime.status('u1', 'c')).toMatchObject({ state: 'exited', exitCode: 0, reason: 'Completed', finishedAt: expect.any(String) });
    const lines = readFileSync(path.join(stateDir, 'pods/u1/logs/c/0.log'), 'utf8').trimEnd().split('\n');
    const parsed = lines.map((l) => CRI_LINE.exec(l)!.slice(1));
    expect(parsed).toEqual(
      expect.arrayContaining([
        ['stdout', `hello web ${path.join(stateDir, 'pods/u1/c')}`],
        ['stderr', 'to stderr'],
        ['stdout', 'no newline'],
      ]),
    );
    expect(lines).toHaveLength(3);
  });

  it('reports a non-zero exit as Error with its code, and a command that does not exist as StartError', async () => {
    const { runtime } = newRuntime();
    const done = exited(runtime, 'u1', 'c');
    await runtime.start(target, script('c', 'process.exit(3)'));
    await done;
    expect(runtime.status('u1', 'c')).toMatchObject({ state: 'exited', exitCode: 3, reason: 'Error' });
    const missing = await runtime.start(target, { name: 'm', image: 'x', init: false, command: ['/nonexistent/bin/tool'] });
    expect(missing).toMatchObject({ state: 'exited', exitCode: 128, reason: 'StartError', message: expect.stringContaining('ENOENT') });
  });

  it('stops with SIGTERM to the process group, and SIGKILL once the grace period is over', async () => {
    const { runtime } = newRuntime();
    await runtime.start(target, script('polite', "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); console.log('up')"));
    await runtime.start(target, script('stubborn', "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); setInterval(() => {}, 1000)"));
    await new Promise((r) => setTimeout(r, 300)); // the handlers are installed
    const [politePid, stubbornPid] = runtime.pids('u1');
    let started = Date.now();
    expect(await runtime.stop('u1', 'polite', 5_000)).toMatchObject({ state: 'exited', exitCode: 0 });
    expect(Date.now() - started).toBeLessThan(2_000);
    started = Date.now();
    expect(await runtime.stop('u1', 'stubborn', 500)).toMatchObject({ state: 'exited', exitCode: 137, reason: 'Error' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect([politePid, stubbornPid].map((pid) => alive(pid!))).toEqual([false, false]);
    runtime.removePod('u1');
  });

  it('refuses privileged containers, hostPID, hostIPC and hostPath outside the sandbox, a container without command, a workingDir outside the sandbox', async () => {
    const { runtime, stateDir } = newRuntime();
    const none = { hostPID: false, hostIPC: false, hostNetwork: true, privileged: [], hostPaths: [] };
    expect(runtime.unsupported('u1', none)).toBeUndefined();
    expect(runtime.unsupported('u1', { ...none, hostPaths: [{ volume: 'scratch', path: path.join(stateDir, 'pods/u1/scratch') }] })).toBeUndefined();
    expect(runtime.unsupported('u1', { ...none, privileged: ['c'], hostPID: true, hostIPC: true, hostPaths: [{ volume: 'etc', path: '/etc' }] })).toBe(
      `the process runtime cannot honour securityContext.privileged (container c), hostPID, hostIPC, hostPath volume etc (/etc, outside the pod's sandbox)`,
    );
    await expect(runtime.start(target, { name: 'c', image: 'nginx', init: false })).rejects.toThrow(/the process runtime needs a command: it cannot run the entrypoint of image "nginx"/);
    await expect(runtime.start(target, script('c', '', { workingDir: '/tmp' }))).rejects.toMatchObject({ name: 'ContainerConfigError', message: expect.stringMatching(/workingDir \/tmp is outside/) });
  });

  it('exec runs a command the way the container runs (env, working dir, own group): exit code, stdout then stderr; a timeout kills it; a missing command is 127', async () => {
    const { runtime, stateDir } = newRuntime();
    await runtime.start(target, script('c', 'setInterval(() => {}, 1000)', { env: [{ name: 'GREETING', value: 'hello' }] }));
    const done = await runtime.exec('u1', 'c', [NODE, '-e', "console.log(process.env.GREETING, process.cwd()); console.error('to stderr'); process.exit(3)"], 10_000);
    expect(done).toEqual({ exitCode: 3, stdout: `hello ${path.join(stateDir, 'pods/u1/c')}\n`, stderr: 'to stderr\n', timedOut: false });
    expect(await runtime.exec('u1', 'c', [NODE, '-e', 'setTimeout(() => {}, 120_000)'], 200)).toMatchObject({ exitCode: 137, timedOut: true });
    expect(await runtime.exec('u1', 'c', ['/nonexistent/probe'], 1_000)).toEqual({ exitCode: 127, stdout: '', stderr: 'exec: "/nonexistent/probe": executable file not found in $PATH', timedOut: false });
    const aborted = new AbortController();
    const running = runtime.exec('u1', 'c', [NODE, '-e', 'setTimeout(() => {}, 120_000)'], 60_000, aborted.signal);
    aborted.abort();
    expect(await running).toMatchObject({ exitCode: 137, timedOut: false });
    await runtime.stop('u1', 'c', 0);
    await expect(runtime.exec('u1', 'c', ['true'], 1_000)).rejects.toThrow('container c is not running');
  });

  it('after a crash of its kubelet, recover() kills the processes the previous one left (pid file), and none is orphaned', async () => {
    const first = newRuntime();
    await first.runtime.start(target, script('c', 'setInterval(() => {}, 1000)'));
    const [pid] = first.runtime.pids('u1');
    expect(readFileSync(path.join(first.stateDir, 'pods/u1/pids'), 'utf8')).toMatch(new RegExp(`^c ${pid} \\d+\\n$`));
    const second = newRuntime(first.stateDir); // a new kubelet on the same state dir
    expect(second.runtime.recover()).toBe(1);
    await exited(first.runtime, 'u1', 'c');
    expect(alive(pid!)).toBe(false);
    expect(existsSync(path.join(first.stateDir, 'pods/u1/pids'))).toBe(false);
    expect(second.runtime.recover()).toBe(0);
  });

  it('recover() also kills a process whose pid was never recorded (its kubelet died right after spawning it), found by its sandbox variable', async () => {
    const first = newRuntime();
    await first.runtime.start(target, script('c', 'setInterval(() => {}, 1000)'));
    const [pid] = first.runtime.pids('u1');
    rmSync(path.join(first.stateDir, 'pods/u1/pids')); // as if the kubelet was killed before writing it
    const other = newRuntime(); // another kubelet's state dir: its processes are not ours
    await other.runtime.start(target, script('c', 'setInterval(() => {}, 1000)'));
    const [otherPid] = other.runtime.pids('u1');
    const second = newRuntime(first.stateDir);
    expect(second.runtime.recover()).toBe(1);
    await exited(first.runtime, 'u1', 'c');
    expect(alive(pid!)).toBe(false);
    expect(alive(otherPid!)).toBe(true);
  });
});

describe('syncPod with the process runtime (restarts, env)', () => {
  function harness() {
    const { runtime, stateDir } = newRuntime();
    const fakes = podStepFakes(runtime, {
      env: {
        configMap: async (_ns, name) => (name === 'cfg' ? { greeting: 'hello from a ConfigMap' } : undefined),
        secret: async (_ns, name) => (name === 'creds' ? { password: 's3cret' } : undefined),
        nodeCapacity: { cpu: '4', memory: '8Gi' },
      },
    });
    runtime.onExit(fakes.wake);
    /** Syncs, then again on each exit or when a restart is due, until `until` holds. */
    const run = (pod: Pod, until: (status: PodStatus) => boolean, timeoutMs = 10_000) => fakes.syncUntil(pod, until, 'the pod status', timeoutMs);
    return { deps: fakes.deps, runtime, stateDir, events: fakes.events, run };
  }
  const pod = (spec: NonNullable<Pod['spec']>): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u2' }, spec: { nodeName: 'node-1', ...spec }, status: { phase: 'Pending' } });

  it('gives the process its env: values, downward API, a ConfigMap and a Secret key (read through the sources), $(VAR) in args, its pod IP and ports', async () => {
    const h = harness();
    const spec = {
      restartPolicy: 'Never' as const,
      containers: [
        {
          name: 'c',
          image: 'node:20',
          command: [NODE, '-e', "for (const k of ['PORT','POD_NAME','POD_IP','NODE','GREETING','PASSWORD','KUBELEDGER_POD_IP','KUBELEDGER_PORT','KUBELEDGER_PORT_ADMIN']) console.log(k + '=' + process.env[k]); console.log('arg=' + process.argv[1])"],
          args: ['$(POD_NAME)-$(PORT)'],
          ports: [{ containerPort: 8080 }, { name: 'admin', containerPort: 9090 }],
          env: [
            { name: 'PORT', value: '8080' },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
            { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'greeting' } } },
            { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
          ],
        },
      ],
    };
    const status = await h.run(pod(spec), (s) => s.phase === 'Succeeded');
    expect(status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const log = readFileSync(path.join(h.stateDir, 'pods/u2/logs/c/0.log'), 'utf8');
    const out = log.split('\n').filter(Boolean).map((l) => CRI_LINE.exec(l)![2]);
    expect(out).toEqual(['PORT=8080', 'POD_NAME=web', 'POD_IP=127.128.1.2', 'NODE=node-1', 'GREETING=hello from a ConfigMap', 'PASSWORD=s3cret', 'KUBELEDGER_POD_IP=127.128.1.2', 'KUBELEDGER_PORT=8080', 'KUBELEDGER_PORT_ADMIN=9090', 'arg=web-8080']);
  });

  it('restarts a failing container (restartPolicy Always) at once, then after the backoff: restartCount grows, CrashLoopBackOff between, a log file per run', async () => {
    const h = harness();
    const spec = { restartPolicy: 'Always' as const, containers: [{ name: 'c', image: 'node:20', command: [NODE, '-e', "console.log('run'); process.exit(1)"] }] };
    const backOffs: string[] = [];
    const status = await h.run(pod(spec), (s) => {
      const c = s.containerStatuses?.[0];
      const message = c?.state.waiting?.reason === 'CrashLoopBackOff' ? c.state.waiting.message : undefined;
      if (message && backOffs.at(-1) !== message) backOffs.push(message);
      return (c?.restartCount ?? 0) >= 3 && message !== undefined;
    });
    expect(status.phase).toBe('Running');
    expect(status.containerStatuses![0]).toMatchObject({
      restartCount: 3,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 400ms restarting failed container=c pod=web_default(u2)' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
    // The first exit restarts at once (no back-off), the second waits 100ms, the third 200ms, the fourth 400ms.
    expect(backOffs.map((m) => m.split(' ')[1])).toEqual(['100ms', '200ms', '400ms']);
    for (const n of [0, 1, 2, 3]) expect(readFileSync(path.join(h.stateDir, `pods/u2/logs/c/${n}.log`), 'utf8')).toMatch(/ stdout F run\n$/);
    expect(h.events.filter((e) => e.startsWith('Warning BackOff'))).toHaveLength(3);
  });

  it('ends a pod whose container exits 1 under restartPolicy Never as Failed, and refuses a privileged one', async () => {
    const h = harness();
    const status = await h.run(pod({ restartPolicy: 'Never', containers: [{ name: 'c', image: 'node:20', command: [NODE, '-e', 'process.exit(1)'] }] }), (s) => s.phase === 'Failed');
    expect(status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });

    const g = harness();
    const refused = await g.run(pod({ containers: [{ name: 'c', image: 'node:20', command: [NODE, '-e', ''], securityContext: { privileged: true } }] }), () => true);
    expect(refused.phase).toBe('Pending');
    expect(refused.containerStatuses![0]!.state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'the process runtime cannot honour securityContext.privileged (container c)' });
    expect(g.runtime.pids('u2')).toEqual([]);
    expect(g.events).toEqual(['Warning Failed Error: the process runtime cannot honour securityContext.privileged (container c)']);
  });
});
