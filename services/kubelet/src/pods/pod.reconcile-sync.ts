import { buildPodStatus } from '../status/build-pod-status.js';
import type { StepResult } from './pod-work-queue.js';
import type { PodStepDeps } from './pod-deps.js';
import { adoptReported, runtimeContainer, runtimePod } from './pod-containers.js';
import { podKey, podUid, type Pod } from './pod.js';

const timestamp = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Brings a pod bound to this node to running (upstream's SyncPod, for a pod that is not being
 * deleted): its IP — the one its status already has after a kubelet restart, else a free one of
 * the node's pod CIDR —, its containers — adopted when a previous kubelet started them, else
 * init containers one after the other, then the regular ones, with the Pulled/Created/Started
 * Events —, then its status. A finished pod (Succeeded, Failed) is left alone.
 */
export async function syncPod(deps: PodStepDeps, pod: Pod): Promise<StepResult> {
  const uid = podUid(pod);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 'continue';
  const reportedIp = pod.status?.podIP;
  const ip = reportedIp && deps.ips.restore(uid, reportedIp) ? reportedIp : deps.ips.allocate(uid);
  if (!ip) {
    deps.event(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: no IP addresses available in range set: ${deps.podCidr}`);
    return 'requeue';
  }
  const adopted = adoptReported(deps.runtime, pod, ip);
  if (adopted.length > 0) deps.log(`adopted ${podKey(pod)} (${uid}) containers ${adopted.join(', ')} at ${ip}`);

  const target = runtimePod(pod, ip);
  let initDone = true;
  for (const spec of pod.spec?.initContainers ?? []) {
    const status = deps.runtime.status(uid, spec.name) ?? (await start(deps, pod, target, spec, true));
    const sidecar = spec.restartPolicy === 'Always';
    if (sidecar ? status.state !== 'running' : !(status.state === 'exited' && status.exitCode === 0)) {
      initDone = false;
      break;
    }
  }
  if (initDone) for (const spec of pod.spec?.containers ?? []) if (!deps.runtime.status(uid, spec.name)) await start(deps, pod, target, spec, false);

  const exists = await deps.writeStatus(pod, (current) =>
    buildPodStatus(current, { hostIP: deps.hostIP, podIP: ip, runtime: (name) => deps.runtime.status(uid, name), terminating: false, now: timestamp(deps.now()) }),
  );
  if (!exists) deps.log(`${podKey(pod)} is gone while syncing`);
  return 'continue';
}

async function start(deps: PodStepDeps, pod: Pod, target: ReturnType<typeof runtimePod>, spec: Parameters<typeof runtimeContainer>[0], init: boolean) {
  deps.event(pod, 'Normal', 'Pulled', `Container image "${spec.image}" already present on machine`);
  const status = await deps.runtime.start(target, runtimeContainer(spec, init));
  deps.event(pod, 'Normal', 'Created', `Created container: ${spec.name}`);
  if (status.state === 'running' || status.exitCode === 0) deps.event(pod, 'Normal', 'Started', `Started container ${spec.name}`);
  else deps.event(pod, 'Warning', 'Failed', `Error: ${status.message ?? status.reason ?? `exit code ${status.exitCode}`}`);
  return status;
}
