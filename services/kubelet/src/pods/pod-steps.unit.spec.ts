import { describe, expect, it } from 'vitest';
import { ManualClock } from '../probes/manual-clock.js';
import { ProbeManager } from '../probes/probe-manager.js';
import { FakeRuntime } from '../runtime/fake-runtime.js';
import { probeKillGraceSeconds } from './kill-unhealthy-container.js';
import type { Pod } from './pod.js';
import { syncPod } from './pod.reconcile-sync.js';
import { podStepFakes } from './testing/pod-step-fakes.js';
import { forgetPod, terminatePod, terminationGraceSeconds } from './pod.reconcile-terminate.js';

const NOW = new Date('2026-11-24T01:00:00Z');

/** The pod steps' dependencies with fakes: the status writes, events, deletes and log lines are recorded. */
function fakes() {
  const deleted: string[] = [];
  const lines: string[] = [];
  const clock = { now: NOW };
  const runtime = new FakeRuntime({ now: () => clock.now });
  const { deps, written, events, stored } = podStepFakes(runtime, {
    backoff: { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 },
    async deletePod(pod) {
      deleted.push(`${pod.metadata?.namespace}/${pod.metadata?.name} uid=${pod.metadata?.uid}`);
    },
    now: () => clock.now,
    log: (m) => lines.push(m),
  });
  return { deps, runtime, ips: deps.ips, written, events, deleted, lines, clock, stored };
}

const pod = (extra: Partial<Pod> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '5' },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }], restartPolicy: 'Always', terminationGracePeriodSeconds: 30 },
  status: { phase: 'Pending', qosClass: 'BestEffort' },
  ...extra,
});

describe('syncPod (fake runtime)', () => {
  it('given volumes that cannot be set up, when synced, then no container starts, FailedMount is recorded and it is tried again', async () => {
    const f = fakes();
    f.deps = { ...f.deps, volumes: async () => Promise.reject(new Error('MountVolume.SetUp failed for volume "kube-api-access-abcde" : failed to fetch token: forbidden')) };
    expect(await syncPod(f.deps, pod())).toEqual({ requeueAfterMs: 2000 });
    expect(f.runtime.status('u1', 'c')).toBeUndefined();
    expect(f.events).toEqual(['Warning FailedMount MountVolume.SetUp failed for volume "kube-api-access-abcde" : failed to fetch token: forbidden']);
    let ready = false;
    f.deps = { ...f.deps, volumes: async () => void (ready = true) };
    expect(await syncPod(f.deps, pod())).toBe('continue');
    expect(ready).toBe(true);
    expect(f.runtime.status('u1', 'c')?.state).toBe('running');
  });

  it('given volumes whose token is due for a refresh later, when synced, then it runs and is synced again at that time', async () => {
    const f = fakes();
    f.deps = { ...f.deps, volumes: async () => new Date(NOW.getTime() + 2_885_600) };
    expect(await syncPod(f.deps, pod())).toEqual({ requeueAfterMs: 2_885_600 });
    expect(f.runtime.status('u1', 'c')?.state).toBe('running');
  });

  it('given a new pod, when synced, then it runs with the first free IP, reports Running and records Pulled/Created/Started', async () => {
    const f = fakes();
    expect(await syncPod(f.deps, pod())).toBe('continue');
    const status = f.written.at(-1)!;
    expect(status).toMatchObject({
      phase: 'Running',
      qosClass: 'BestEffort',
      podIP: '127.128.1.2',
      podIPs: [{ ip: '127.128.1.2' }],
      hostIP: '127.0.0.1',
      hostIPs: [{ ip: '127.0.0.1' }],
      startTime: '2026-11-24T01:00:00Z',
    });
    expect(status.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    expect(status.containerStatuses).toEqual([
      {
        name: 'c',
        image: 'nginx',
        imageID: 'fake://nginx',
        containerID: 'fake://u1/c',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: '2026-11-24T01:00:00Z' } },
        lastState: {},
      },
    ]);
    expect(f.events).toEqual(['Normal Pulled Container image "nginx" already present on machine', 'Normal Created Created container: c', 'Normal Started Started container c']);
  });

  it('keeps PodScheduled as the scheduler wrote it', async () => {
    const f = fakes();
    const scheduled = { type: 'PodScheduled', status: 'True' as const, lastProbeTime: null, lastTransitionTime: '2026-11-24T00:59:00Z' };
    await syncPod(f.deps, pod({ status: { phase: 'Pending', conditions: [scheduled] } }));
    expect(f.written.at(-1)!.conditions!.at(-1)).toEqual(scheduled);
  });

  it('runs init containers to completion before the regular ones', async () => {
    const f = fakes();
    await syncPod(f.deps, pod({ spec: { containers: [{ name: 'c', image: 'nginx' }], initContainers: [{ name: 'setup', image: 'busybox' }] } }));
    const status = f.written.at(-1)!;
    expect(status.phase).toBe('Running');
    expect(status.initContainerStatuses![0]).toMatchObject({ ready: true, started: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }); // as upstream: a completed init container is ready
    expect(f.events.filter((e) => e.includes('Started'))).toEqual(['Normal Started Started container setup', 'Normal Started Started container c']);
  });

  it('given a second sync, then nothing starts again', async () => {
    const f = fakes();
    await syncPod(f.deps, pod());
    await syncPod(f.deps, f.stored()!);
    expect(f.events.filter((e) => e.includes('Started'))).toHaveLength(1);
  });

  it('after a kubelet restart, adopts the running containers and keeps the IP: no new starts, the same status', async () => {
    const first = fakes();
    await syncPod(first.deps, pod());
    const running = first.stored()!;

    const restarted = fakes(); // a new process: empty runtime and allocator
    await syncPod(restarted.deps, running);
    expect(restarted.events).toEqual([]);
    expect(restarted.lines).toEqual(['adopted default/web (u1) containers c at 127.128.1.2']);
    expect(restarted.written.at(-1)).toEqual(running.status);
  });

  it('says so with a Warning when the pod CIDR is exhausted, and tries again later', async () => {
    const f = fakes();
    for (let i = 0; i < 253; i++) f.ips.allocate(`p${i}`);
    expect(await syncPod(f.deps, pod())).toBe('requeue');
    expect(f.events).toEqual(['Warning FailedCreatePodSandBox Failed to create pod sandbox: no IP addresses available in range set: 127.128.1.0/24']);
  });

  it('leaves a finished pod alone', async () => {
    const f = fakes();
    expect(await syncPod(f.deps, pod({ status: { phase: 'Succeeded' } }))).toBe('continue');
    expect(f.written).toEqual([]);
  });
});

describe('syncPod: restarts (restartPolicy, CrashLoopBackOff)', () => {
  const lastTerminated = (f: ReturnType<typeof fakes>) => f.written.at(-1)!.containerStatuses![0]!;

  it('given restartPolicy Always and an exit 1, then it restarts at once the first time, waits with CrashLoopBackOff from the second exit on, and doubles the backoff', async () => {
    const f = fakes();
    await syncPod(f.deps, pod());
    f.runtime.exit('u1', 'c', 1);
    expect(await syncPod(f.deps, f.stored()!)).toBe('continue');
    expect(lastTerminated(f)).toMatchObject({
      restartCount: 1,
      ready: true,
      state: { running: { startedAt: '2026-11-24T01:00:00Z' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-11-24T01:00:00Z', finishedAt: '2026-11-24T01:00:00Z', containerID: 'fake://u1/c' } },
    });
    expect(f.events.filter((e) => e.includes('BackOff'))).toEqual([]);
    expect(f.events.filter((e) => e.includes('Started'))).toHaveLength(2);

    f.clock.now = new Date(NOW.getTime() + 1_000);
    f.runtime.exit('u1', 'c', 1);
    expect(await syncPod(f.deps, f.stored()!)).toEqual({ requeueAfterMs: 10_000 });
    expect(lastTerminated(f)).toMatchObject({
      restartCount: 1,
      ready: false,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=c pod=web_default(u1)' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-24T01:00:01Z' } },
    });
    expect(f.written.at(-1)!.phase).toBe('Running');
    expect(f.events.at(-1)).toBe('Warning BackOff Back-off restarting failed container c in pod web_default(u1)');

    f.clock.now = new Date(NOW.getTime() + 6_000);
    expect(await syncPod(f.deps, f.stored()!)).toEqual({ requeueAfterMs: 5_000 });
    expect(f.events.filter((e) => e.includes('BackOff'))).toHaveLength(1);

    f.clock.now = new Date(NOW.getTime() + 11_000);
    expect(await syncPod(f.deps, f.stored()!)).toBe('continue');
    expect(lastTerminated(f)).toMatchObject({ restartCount: 2, ready: true, state: { running: {} }, lastState: { terminated: { exitCode: 1 } } });

    f.runtime.exit('u1', 'c', 0);
    expect(await syncPod(f.deps, f.stored()!)).toEqual({ requeueAfterMs: 20_000 });
    expect(lastTerminated(f)).toMatchObject({ restartCount: 2, state: { waiting: { message: expect.stringMatching(/^back-off 20s /) } }, lastState: { terminated: { exitCode: 0, reason: 'Completed' } } });
  });

  it('given restartPolicy Never, then an exit is final: Failed for 1, Succeeded for 0', async () => {
    for (const [code, phase] of [
      [1, 'Failed'],
      [0, 'Succeeded'],
    ] as const) {
      const f = fakes();
      await syncPod(f.deps, pod({ spec: { containers: [{ name: 'c', image: 'nginx' }], restartPolicy: 'Never' } }));
      f.runtime.exit('u1', 'c', code);
      expect(await syncPod(f.deps, f.stored()!)).toBe('continue');
      expect(f.written.at(-1)!.phase).toBe(phase);
      expect(lastTerminated(f)).toMatchObject({ restartCount: 0, state: { terminated: { exitCode: code, reason: code === 0 ? 'Completed' : 'Error' } } });
    }
  });

  it('given restartPolicy OnFailure, then exit 0 is final and exit 1 restarts', async () => {
    const f = fakes();
    await syncPod(f.deps, pod({ spec: { containers: [{ name: 'c', image: 'nginx' }], restartPolicy: 'OnFailure' } }));
    f.runtime.exit('u1', 'c', 0);
    await syncPod(f.deps, f.stored()!);
    expect(f.written.at(-1)!.phase).toBe('Succeeded');
    const g = fakes();
    await syncPod(g.deps, pod({ spec: { containers: [{ name: 'c', image: 'nginx' }], restartPolicy: 'OnFailure' } }));
    g.runtime.exit('u1', 'c', 2);
    expect(await syncPod(g.deps, g.stored()!)).toBe('continue');
    expect(g.written.at(-1)!.containerStatuses![0]).toMatchObject({ restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 2 } } });
  });

  it('refuses a pod its runtime cannot honour: nothing starts, CreateContainerConfigError, phase Pending, one Warning Failed', async () => {
    const f = fakes();
    Object.assign(f.runtime, { unsupported: () => 'the process runtime cannot honour securityContext.privileged (container c)' });
    await syncPod(f.deps, pod());
    await syncPod(f.deps, f.stored()!);
    expect(f.runtime.status('u1', 'c')).toBeUndefined();
    expect(f.written.at(-1)!.phase).toBe('Pending');
    expect(lastTerminated(f).state).toEqual({ waiting: { reason: 'CreateContainerConfigError', message: 'the process runtime cannot honour securityContext.privileged (container c)' } });
    expect(f.events).toEqual(['Warning Failed Error: the process runtime cannot honour securityContext.privileged (container c)']);
  });

  it('reports a missing ConfigMap as CreateContainerConfigError and tries again later', async () => {
    const f = fakes();
    const spec = { containers: [{ name: 'c', image: 'nginx', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a' } } }] }] };
    expect(await syncPod(f.deps, pod({ spec }))).toEqual({ requeueAfterMs: 10_000 });
    expect(lastTerminated(f).state).toEqual({ waiting: { reason: 'CreateContainerConfigError', message: 'configmap "cfg" not found' } });
    expect(f.events).toEqual(['Warning Failed Error: configmap "cfg" not found']);
  });

  it('after a kubelet restart with a runtime that cannot adopt, starts the container again and counts a restart', async () => {
    const first = fakes();
    await syncPod(first.deps, pod());
    const restarted = fakes();
    Object.assign(restarted.runtime, { adopt: () => false });
    await syncPod(restarted.deps, first.stored()!);
    expect(restarted.written.at(-1)!.containerStatuses![0]).toMatchObject({
      restartCount: 1,
      state: { running: {} },
      lastState: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', containerID: 'fake://u1/c' } },
    });
  });
});

describe('syncPod: probes', () => {
  /**
   * The fakes with probes that run: the fake runtime's exec (its probes otherwise all succeed)
   * exits with `exits[command[0]]` (0 when unset) saying `not ok`; the probes' clock moves by hand,
   * the kubelet's with it.
   */
  function probing() {
    const f = fakes();
    const clock = new ManualClock(NOW.getTime());
    const exits: Record<string, number> = {};
    Object.assign(f.runtime, {
      probesSucceed: false,
      exec: async (_uid: string, _name: string, command: readonly string[]) => ({ exitCode: exits[command[0]!] ?? 0, stdout: 'not ok', stderr: '', timedOut: false }),
    });
    const probes = new ProbeManager({ runtime: f.runtime, event: f.deps.event, clock });
    const changed: string[] = [];
    probes.onChange((uid) => changed.push(uid));
    const advance = async (ms: number) => {
      await clock.advance(ms);
      f.clock.now = new Date(clock.now());
    };
    return { ...f, deps: { ...f.deps, probes }, probes, clock, exits, changed, advance };
  }
  const probed = (container: object, restartPolicy: 'Always' | 'Never' = 'Always') => pod({ spec: { containers: [{ name: 'c', image: 'nginx', ...container }], restartPolicy, terminationGracePeriodSeconds: 30 } });
  const container = (p: ReturnType<typeof probing>) => p.written.at(-1)!.containerStatuses![0]!;
  const condition = (p: ReturnType<typeof probing>, type: string) => p.written.at(-1)!.conditions!.find((c) => c.type === type);
  const unhealthy = (p: ReturnType<typeof probing>) => p.events.filter((e) => e.startsWith('Warning Unhealthy'));

  it('readiness: not ready until the probe succeeds, not ready again after failureThreshold failures; each result change is heard', async () => {
    const p = probing();
    p.exits['ready'] = 1;
    await syncPod(p.deps, probed({ readinessProbe: { exec: { command: ['ready'] }, periodSeconds: 1, failureThreshold: 2 } }));
    await p.advance(0);
    expect(container(p)).toMatchObject({ ready: false, started: true, state: { running: {} } });
    expect(condition(p, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' });
    expect(unhealthy(p)).toEqual(['Warning Unhealthy Readiness probe failed: not ok']);

    p.exits['ready'] = 0;
    p.changed.length = 0;
    await p.advance(1_000);
    expect(p.changed).toEqual(['u1']);
    await syncPod(p.deps, p.stored()!);
    expect(container(p)).toMatchObject({ ready: true });
    expect(condition(p, 'Ready')).toMatchObject({ status: 'True' });
    expect(condition(p, 'ContainersReady')).toMatchObject({ status: 'True' });

    p.exits['ready'] = 1;
    await p.advance(1_000);
    await syncPod(p.deps, p.stored()!);
    expect(container(p).ready).toBe(true); // one failure: below the threshold
    await p.advance(1_000);
    await syncPod(p.deps, p.stored()!);
    expect(container(p).ready).toBe(false);
    expect(condition(p, 'ContainersReady')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    await p.probes.stop();
    expect(p.clock.pending).toBe(0);
  });

  it('liveness: failing failureThreshold times kills the container (Unhealthy, Killing) and restarts it at once', async () => {
    const p = probing();
    p.exits['alive'] = 1;
    await syncPod(p.deps, probed({ livenessProbe: { exec: { command: ['alive'] }, periodSeconds: 1, failureThreshold: 2 } }));
    await p.advance(2_000);
    expect(unhealthy(p)).toEqual(['Warning Unhealthy Liveness probe failed: not ok', 'Warning Unhealthy Liveness probe failed: not ok']);
    const before = p.runtime.status('u1', 'c')!;
    expect(p.probes.failure('u1', 'c', before)).toBe('liveness');

    p.events.length = 0;
    expect(await syncPod(p.deps, p.stored()!)).toBe('continue');
    expect(p.events).toEqual([
      'Normal Killing Container c failed liveness probe, will be restarted',
      'Normal Pulled Container image "nginx" already present on machine',
      'Normal Created Created container: c',
      'Normal Started Started container c',
    ]);
    expect(container(p)).toMatchObject({
      restartCount: 1,
      state: { running: { startedAt: '2026-11-24T01:00:02Z' } },
      lastState: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-11-24T01:00:00Z', finishedAt: '2026-11-24T01:00:02Z' } },
    });
    expect(p.probes.failure('u1', 'c', p.runtime.status('u1', 'c')!)).toBeUndefined(); // a new instance
    await p.probes.stop();
    expect(p.clock.pending).toBe(0);
  });

  it('liveness under restartPolicy Never: killed, not restarted', async () => {
    const p = probing();
    p.exits['alive'] = 1;
    await syncPod(p.deps, probed({ livenessProbe: { exec: { command: ['alive'] }, periodSeconds: 1, failureThreshold: 1 } }, 'Never'));
    await p.advance(1_000);
    await syncPod(p.deps, p.stored()!);
    expect(p.events).toContain('Normal Killing Container c failed liveness probe');
    expect(container(p)).toMatchObject({ restartCount: 0, state: { terminated: {} } });
    await p.probes.stop();
  });

  it('startup: not started (nor ready) until the startup probe succeeds; readiness and liveness wait for it', async () => {
    const p = probing();
    p.exits['starting'] = 1;
    p.exits['ready'] = 1;
    const spec = probed({
      startupProbe: { exec: { command: ['starting'] }, periodSeconds: 1, failureThreshold: 10 },
      readinessProbe: { exec: { command: ['ready'] }, periodSeconds: 1 },
      livenessProbe: { exec: { command: ['alive'] }, periodSeconds: 1 },
    });
    await syncPod(p.deps, spec);
    await p.advance(2_000);
    await syncPod(p.deps, p.stored()!);
    expect(container(p)).toMatchObject({ started: false, ready: false, state: { running: {} } });
    expect(unhealthy(p)).toEqual(['Warning Unhealthy Startup probe failed: not ok', 'Warning Unhealthy Startup probe failed: not ok']);

    p.exits['starting'] = 0;
    await p.advance(1_000);
    await syncPod(p.deps, p.stored()!);
    expect(container(p)).toMatchObject({ started: true, ready: false });
    await p.advance(0);
    expect(unhealthy(p).at(-1)).toBe('Warning Unhealthy Readiness probe failed: not ok'); // probed once started
    p.exits['ready'] = 0;
    await p.advance(1_000);
    await syncPod(p.deps, p.stored()!);
    expect(container(p)).toMatchObject({ started: true, ready: true });
    await p.probes.stop();
  });

  it('startup failing past its threshold kills the container as a liveness failure does', async () => {
    const p = probing();
    p.exits['starting'] = 1;
    await syncPod(p.deps, probed({ startupProbe: { exec: { command: ['starting'] }, periodSeconds: 1, failureThreshold: 2 } }));
    await p.advance(2_000);
    await syncPod(p.deps, p.stored()!);
    expect(p.events).toContain('Normal Killing Container c failed startup probe, will be restarted');
    expect(container(p).restartCount).toBe(1);
    await p.probes.stop();
  });

  it('the fake runtime runs no probe workers: its containers are started and ready at once', async () => {
    const f = fakes();
    await syncPod(f.deps, probed({ readinessProbe: { httpGet: { port: 8080 } }, livenessProbe: { tcpSocket: { port: 8080 } }, startupProbe: { exec: { command: ['x'] } } }));
    expect(f.written.at(-1)!.containerStatuses![0]).toMatchObject({ started: true, ready: true });
    expect(f.deps.probes.workerCount).toBe(0);
  });

  it('gives a container killed for a failed probe the probe own grace period, else the pod one, never under 2 s', () => {
    const spec = { name: 'c', image: 'x', livenessProbe: { exec: { command: ['x'] }, terminationGracePeriodSeconds: 5 } };
    expect(probeKillGraceSeconds(pod(), spec, 'liveness')).toBe(5);
    expect(probeKillGraceSeconds(pod(), spec, 'startup')).toBe(30);
    expect(probeKillGraceSeconds(pod({ metadata: { deletionGracePeriodSeconds: 10 } }), spec, 'liveness')).toBe(10);
    expect(probeKillGraceSeconds(pod({ spec: { containers: [], terminationGracePeriodSeconds: 0 } }), { name: 'c', image: 'x' }, 'liveness')).toBe(2);
  });
});

describe('terminatePod', () => {
  it('given a running pod marked for deletion, stops its containers, reports them terminated, releases the IP and deletes it with its uid', async () => {
    const f = fakes();
    await syncPod(f.deps, pod());
    const deleting = { ...f.stored()!, metadata: { ...f.stored()!.metadata, deletionTimestamp: '2026-11-24T01:00:30Z', deletionGracePeriodSeconds: 30 } };
    expect(await terminatePod(f.deps, deleting)).toBe('continue');
    expect(f.events.at(-1)).toBe('Normal Killing Stopping container c');
    const status = f.written.at(-1)!;
    expect(status.containerStatuses![0]!.state).toEqual({ terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-11-24T01:00:00Z', finishedAt: '2026-11-24T01:00:00Z', containerID: 'fake://u1/c' } });
    expect(status.conditions!.find((c) => c.type === 'Ready')!.status).toBe('False');
    expect(f.deleted).toEqual(['default/web uid=u1']);
    expect(f.runtime.podCount).toBe(0);
    expect(f.ips.allocate('next')).toBe('127.128.1.2'); // released
  });

  it('after a kubelet restart, finishes a pod it no longer ran (adopts, then stops it)', async () => {
    const first = fakes();
    await syncPod(first.deps, pod());
    const restarted = fakes();
    const deleting = { ...first.stored()!, metadata: { ...first.stored()!.metadata, deletionTimestamp: '2026-11-24T01:00:30Z', deletionGracePeriodSeconds: 30 } };
    await terminatePod(restarted.deps, deleting);
    expect(restarted.events).toEqual(['Normal Killing Stopping container c']);
    expect(restarted.deleted).toEqual(['default/web uid=u1']);
  });

  it('uses the shorter of the deletion grace period and the pod own', () => {
    expect(terminationGraceSeconds(pod({ metadata: { deletionGracePeriodSeconds: 5 } }))).toBe(5);
    expect(terminationGraceSeconds(pod({ metadata: { deletionGracePeriodSeconds: 60 } }))).toBe(30);
    expect(terminationGraceSeconds(pod({ metadata: {} }))).toBe(30);
  });

  it('forgets a pod deleted without it (force delete): stops and releases', async () => {
    const f = fakes();
    await syncPod(f.deps, pod());
    await forgetPod(f.deps, 'default/web', 'u1', ['c']);
    expect(f.runtime.podCount).toBe(0);
    expect(f.ips.allocate('next')).toBe('127.128.1.2');
  });
});
