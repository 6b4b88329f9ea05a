import { rfc3339 } from '@kubeledger/api';
import { inSpan, tracer as tracerFor } from '@kubeledger/telemetry';
import { isContainerConfigError } from '../runtime/container-config-error.js';
import type { RuntimeContainerStatus, RuntimePod } from '../runtime/container-runtime.js';
import { goDuration, restartBackoff } from '../runtime/restart-backoff.js';
import { buildPodStatus } from '../status/build-pod-status.js';
import type { ContainerState, ContainerStatus } from '../status/container-status.js';
import { containerEnv, expandVars } from './container-env.js';
import type { ContainerHistory } from './container-history.js';
import type { StepResult } from '@kubeledger/client';
import type { PodStepDeps } from './pod-deps.js';
import { killUnhealthyContainer } from './kill-unhealthy-container.js';
import { adoptReported, allContainers, containerRestartPolicy, podFeatures, runtimeContainer, runtimePod } from './pod-containers.js';
import { podKey, podUid, type ContainerSpec, type Pod } from './pod.js';

const tracer = tracerFor('kubelet');

/** The result of bringing one container forward: its runtime status, and when to look again (a restart due). */
interface Ensured {
  readonly status: RuntimeContainerStatus | undefined;
  readonly retryAfterMs?: number;
}

/**
 * Brings a pod bound to this node to running (upstream's SyncPod, for a pod that is not being
 * deleted): its IP — the one its status already has after a kubelet restart, else a free one of
 * the node's pod CIDR —; nothing at all when the runtime cannot honour the pod (its containers
 * wait with CreateContainerConfigError); its probes' workers; its containers — adopted when a
 * previous kubelet started them, else init containers one after the other (a sidecar once it has
 * started), then the regular ones, with the Pulled/Created/Started Events; one that failed its
 * liveness or startup probe killed; an exited one started again as its restart policy says, at
 * once the first time and after the CrashLoopBackOff delay from then on —, then its status
 * (started and ready as its probes say). A finished pod (Succeeded, Failed) is left alone, its
 * probes stopped.
 */
export async function syncPod(deps: PodStepDeps, pod: Pod): Promise<StepResult> {
  const uid = podUid(pod);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    await deps.probes.removePod(uid);
    return 'continue';
  }
  const reportedIp = pod.status?.podIP;
  const ip = reportedIp && deps.ips.restore(uid, reportedIp) ? reportedIp : deps.ips.allocate(uid);
  if (!ip) {
    deps.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: no IP addresses available in range set: ${deps.podCidr}`);
    return 'requeue';
  }
  const retries: number[] = [];
  const refusal = deps.runtime.unsupported?.(uid, podFeatures(pod));
  const volumes = refusal ? undefined : await volumesSetUp(deps, pod);
  if (refusal) {
    for (const { spec } of allContainers(pod)) configError(deps, pod, spec.name, refusal, spec.name === allContainers(pod)[0]?.spec.name);
  } else if (!volumes?.ok) {
    retries.push(VOLUME_RETRY_MS); // its containers wait (ContainerCreating), as upstream's volume manager has them
  } else {
    // Synced again when a projected token is due for a refresh.
    if (volumes.refreshAt) retries.push(volumes.refreshAt.getTime() - deps.now().getTime());
    const adopted = adoptReported(deps.runtime, pod, ip);
    if (adopted.length > 0) deps.log(`adopted ${podKey(pod)} (${uid}) containers ${adopted.join(', ')} at ${ip}`);
    const target = runtimePod(pod, ip);
    const probed = allContainers(pod).filter((c) => !c.init || c.spec.restartPolicy === 'Always');
    deps.probes.addPod(pod, ip, probed.map((c) => ({ spec: c.spec, restartPolicy: containerRestartPolicy(pod, c.spec, c.init) })));
    let initDone = true;
    for (const spec of pod.spec?.initContainers ?? []) {
      const { status, retryAfterMs } = await ensure(deps, pod, target, spec, true);
      if (retryAfterMs !== undefined) retries.push(retryAfterMs);
      const sidecar = spec.restartPolicy === 'Always';
      const sidecarStarted = status?.state === 'running' && deps.probes.health(uid, spec.name, status).started;
      if (!status || (sidecar ? !sidecarStarted : !(status.state === 'exited' && status.exitCode === 0))) {
        initDone = false;
        break;
      }
    }
    if (initDone) {
      for (const spec of pod.spec?.containers ?? []) {
        const { retryAfterMs } = await ensure(deps, pod, target, spec, false);
        if (retryAfterMs !== undefined) retries.push(retryAfterMs);
      }
    }
  }

  const exists = await inSpan(tracer, 'status update', {}, () => writeStatus(deps, pod, uid, ip));
  if (!exists) deps.log(`${podKey(pod)} is gone while syncing`);
  return retries.length > 0 ? { requeueAfterMs: Math.max(1, Math.min(...retries)) } : 'continue';
}

/** How soon a pod whose volumes could not be set up is tried again. */
const VOLUME_RETRY_MS = 2000;

/** Sets up the pod's volumes: when a refresh of them is due; not ok (with a FailedMount Event) when that failed. */
async function volumesSetUp(deps: PodStepDeps, pod: Pod): Promise<{ readonly ok: boolean; readonly refreshAt?: Date }> {
  try {
    const refreshAt = await deps.volumes?.(pod);
    return { ok: true, ...(refreshAt && { refreshAt }) };
  } catch (err) {
    deps.event(pod, 'Warning', 'FailedMount', (err as Error).message);
    return { ok: false };
  }
}

/** Writes the pod's status as the runtime and probes have it (false: the pod is gone). */
function writeStatus(deps: PodStepDeps, pod: Pod, uid: string, ip: string): Promise<boolean> {
  return deps.writeStatus(pod, (current) =>
    buildPodStatus(current, {
      hostIP: deps.hostIP,
      podIP: ip,
      runtime: (name) => deps.runtime.status(uid, name),
      history: (name) => deps.history.get(uid, name),
      health: (name, status) => deps.probes.health(uid, name, status),
      terminating: false,
      now: rfc3339(deps.now()),
    }),
  );
}

/**
 * One container: started when the runtime has none; killed when it failed its liveness or startup
 * probe; restarted when it exited (or was killed so) and its policy says so — at once the first
 * time, after the CrashLoopBackOff delay from then on.
 */
async function ensure(deps: PodStepDeps, pod: Pod, target: RuntimePod, spec: ContainerSpec, init: boolean): Promise<Ensured> {
  const uid = target.uid;
  let current = deps.runtime.status(uid, spec.name);
  const reported = allContainers(pod).find((c) => c.spec.name === spec.name)?.reported;
  if (!current) {
    // Never started by this kubelet: the first start, or again after a kubelet restart (a restart when one ran before).
    const history = deps.history.get(uid, spec.name) ?? historyAfterKubeletRestart(reported, rfc3339(deps.now()));
    return start(deps, pod, target, spec, init, history);
  }
  const policy = containerRestartPolicy(pod, spec, init);
  const unhealthy = current.state === 'running' ? deps.probes.failure(uid, spec.name, current) : undefined;
  if (current.state === 'running') {
    if (!unhealthy) return { status: current };
    current = (await killUnhealthyContainer(deps, pod, spec, init, unhealthy, policy !== 'Never')) ?? current;
    if (current.state === 'running') return { status: current };
  }
  let history = deps.history.get(uid, spec.name) ?? { restartCount: reported?.restartCount ?? 0, lastState: reported?.lastState ?? {} };
  const exit = `${history.restartCount}/${current.containerID}@${current.startedAt}`;
  // A container killed for a failed probe restarts whatever its exit code (unless Never), as upstream.
  const restarting = unhealthy !== undefined || history.handledExit === exit;
  if (policy === 'Never' || (policy === 'OnFailure' && current.exitCode === 0 && !restarting)) return { status: current };
  const nowMs = deps.now().getTime();
  if (history.handledExit !== exit) {
    const ranForMs = Date.parse(current.finishedAt ?? '') - Date.parse(current.startedAt);
    const { waitMs, next } = restartBackoff(history.backoff, Number.isNaN(ranForMs) ? 0 : ranForMs, deps.backoff);
    // Upstream measures the wait from the end of the last exited instance: this one — or, for a
    // container killed for a failed probe (it was running when the kubelet decided), the one before.
    const previousEnd = Date.parse(history.lastState.terminated?.finishedAt ?? '');
    const from = unhealthy && !Number.isNaN(previousEnd) ? previousEnd : nowMs;
    const { waiting: _waiting, ...rest } = history;
    history = { ...rest, handledExit: exit, backoff: next, restartAtMs: from + waitMs, lastState: { terminated: terminated(current) } };
    if (from + waitMs > nowMs) {
      const message = `back-off ${goDuration(waitMs)} restarting failed container=${spec.name} pod=${pod.metadata?.name}_${pod.metadata?.namespace}(${uid})`;
      history = { ...history, waiting: { reason: 'CrashLoopBackOff', message } };
      deps.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${pod.metadata?.name}_${pod.metadata?.namespace}(${uid})`);
    }
    deps.history.set(uid, spec.name, history);
  }
  const wait = (history.restartAtMs ?? 0) - nowMs;
  if (wait > 0) return { status: current, retryAfterMs: wait };
  return start(deps, pod, target, spec, init, { ...history, restartCount: history.restartCount + 1 });
}

async function start(deps: PodStepDeps, pod: Pod, target: RuntimePod, spec: ContainerSpec, init: boolean, history: ContainerHistory): Promise<Ensured> {
  const uid = target.uid;
  let status: RuntimeContainerStatus;
  try {
    const env = await containerEnv(pod, spec, target.ip, deps.hostIP, deps.env);
    const vars = new Map(env.map((e) => [e.name, e.value]));
    const expanded: ContainerSpec = {
      ...spec,
      ...(spec.command && { command: spec.command.map((c) => expandVars(c, vars)) }),
      ...(spec.args && { args: spec.args.map((a) => expandVars(a, vars)) }),
    };
    deps.event(pod, 'Normal', 'Pulled', `Container image "${spec.image}" already present on machine`);
    status = await inSpan(tracer, 'runtime start', { attributes: { 'k8s.container.name': spec.name, 'k8s.container.restart_count': history.restartCount } }, () =>
      deps.runtime.start(target, { ...runtimeContainer(expanded, init), env, restartCount: history.restartCount }),
    );
  } catch (err) {
    if (!isContainerConfigError(err)) throw err;
    configError(deps, pod, spec.name, err.message, true, history);
    return { status: undefined, retryAfterMs: deps.backoff.initialMs };
  }
  const { waiting: _waiting, ...rest } = history;
  deps.history.set(uid, spec.name, rest);
  deps.event(pod, 'Normal', 'Created', `Created container: ${spec.name}`);
  if (status.state === 'running' || status.exitCode === 0) deps.event(pod, 'Normal', 'Started', `Started container ${spec.name}`);
  else deps.event(pod, 'Warning', 'Failed', `Error: ${status.message ?? status.reason ?? `exit code ${status.exitCode}`}`);
  return { status };
}

/** The container waits with CreateContainerConfigError; a Warning `Failed` Event when the message is new. */
function configError(deps: PodStepDeps, pod: Pod, name: string, message: string, event: boolean, base?: ContainerHistory): void {
  const uid = podUid(pod);
  const history = base ?? deps.history.get(uid, name) ?? { restartCount: 0, lastState: {} };
  const before = deps.history.get(uid, name)?.waiting;
  deps.history.set(uid, name, { ...history, waiting: { reason: 'CreateContainerConfigError', message } });
  if (event && before?.message !== message) deps.event(pod, 'Warning', 'Failed', `Error: ${message}`);
}

/**
 * The history of a container this kubelet process never ran: none for a new one; after a kubelet
 * restart whose runtime could not adopt it (the process runtime), the reported restart count — one
 * more when it was running (its process was killed) or waiting to restart.
 */
function historyAfterKubeletRestart(reported: ContainerStatus | undefined, now: string): ContainerHistory {
  if (!reported?.containerID) return { restartCount: reported?.restartCount ?? 0, lastState: reported?.lastState ?? {} };
  const running = reported.state.running;
  if (running) {
    const lastState: ContainerState = {
      terminated: {
        exitCode: 137,
        reason: 'ContainerStatusUnknown',
        message: 'The container was killed when its kubelet restarted',
        ...(running.startedAt !== undefined && { startedAt: running.startedAt }),
        finishedAt: now,
        containerID: reported.containerID,
      },
    };
    return { restartCount: reported.restartCount + 1, lastState };
  }
  if (reported.state.waiting && reported.lastState.terminated) return { restartCount: reported.restartCount + 1, lastState: reported.lastState };
  return { restartCount: reported.restartCount, lastState: reported.lastState };
}

function terminated(status: RuntimeContainerStatus): NonNullable<ContainerState['terminated']> {
  return {
    exitCode: status.exitCode ?? 0,
    ...(status.reason !== undefined && { reason: status.reason }),
    ...(status.message !== undefined && { message: status.message }),
    startedAt: status.startedAt,
    ...(status.finishedAt !== undefined && { finishedAt: status.finishedAt }),
    containerID: status.containerID,
  };
}
