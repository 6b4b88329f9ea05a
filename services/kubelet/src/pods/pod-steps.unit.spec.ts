import { describe, expect, it } from 'vitest';
import { PodIpAllocator } from '../network/pod-ip-allocator.js';
import { FakeRuntime } from '../runtime/fake-runtime.js';
import { ContainerHistories } from './container-history.js';
import type { PodStepDeps } from './pod-deps.js';
import type { Pod, PodStatus } from './pod.js';
import { syncPod } from './pod.reconcile-sync.js';
import { forgetPod, terminatePod, terminationGraceSeconds } from './pod.reconcile-terminate.js';

const NOW = new Date('2026-11-24T01:00:00Z');

/** The pod steps' dependencies with fakes: the status writes, events, deletes and log lines are recorded. */
function fakes() {
  const written: PodStatus[] = [];
  const events: string[] = [];
  const deleted: string[] = [];
  const lines: string[] = [];
  const runtime = new FakeRuntime({ now: () => NOW });
  const ips = new PodIpAllocator('127.128.1.0/24');
  let stored: Pod | undefined;
  const clock = { now: NOW };
  const deps: PodStepDeps = {
    runtime,
    ips,
    hostIP: '127.0.0.1',
    podCidr: '127.128.1.0/24',
    history: new ContainerHistories(),
    backoff: { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 },
    env: { configMap: async () => undefined, secret: async () => undefined, nodeCapacity: { cpu: '4', memory: '8Gi' } },
    event: (pod, type, reason, message) => events.push(`${type} ${reason} ${message}`),
    async writeStatus(pod, build) {
      const status = build(stored ?? pod);
      written.push(status);
      stored = { ...(stored ?? pod), status };
      return true;
    },
    async deletePod(pod) {
      deleted.push(`${pod.metadata?.namespace}/${pod.metadata?.name} uid=${pod.metadata?.uid}`);
    },
    now: () => clock.now,
    log: (m) => lines.push(m),
  };
  return { deps, runtime, ips, written, events, deleted, lines, clock, stored: () => stored };
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
    expect(status.initContainerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
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

  it('given restartPolicy Always and an exit 1, then it waits with CrashLoopBackOff, restarts after the backoff counting a restart, and doubles the backoff', async () => {
    const f = fakes();
    await syncPod(f.deps, pod());
    f.runtime.exit('u1', 'c', 1);
    expect(await syncPod(f.deps, f.stored()!)).toEqual({ requeueAfterMs: 10_000 });
    expect(lastTerminated(f)).toMatchObject({
      restartCount: 0,
      ready: false,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=c pod=web_default(u1)' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-11-24T01:00:00Z', finishedAt: '2026-11-24T01:00:00Z', containerID: 'fake://u1/c' } },
    });
    expect(f.written.at(-1)!.phase).toBe('Running');
    expect(f.events.at(-1)).toBe('Warning BackOff Back-off restarting failed container c in pod web_default(u1)');

    f.clock.now = new Date(NOW.getTime() + 5_000);
    expect(await syncPod(f.deps, f.stored()!)).toEqual({ requeueAfterMs: 5_000 });
    expect(f.events.filter((e) => e.includes('BackOff'))).toHaveLength(1);

    f.clock.now = new Date(NOW.getTime() + 10_000);
    expect(await syncPod(f.deps, f.stored()!)).toBe('continue');
    expect(lastTerminated(f)).toMatchObject({ restartCount: 1, ready: true, state: { running: {} }, lastState: { terminated: { exitCode: 1 } } });

    f.runtime.exit('u1', 'c', 0);
    await syncPod(f.deps, f.stored()!);
    expect(lastTerminated(f)).toMatchObject({ restartCount: 1, state: { waiting: { message: expect.stringMatching(/^back-off 20s /) } }, lastState: { terminated: { exitCode: 0, reason: 'Completed' } } });
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
    expect(await syncPod(g.deps, g.stored()!)).toEqual({ requeueAfterMs: 10_000 });
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
