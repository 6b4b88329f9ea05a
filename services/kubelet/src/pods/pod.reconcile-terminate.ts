import { rfc3339 } from '@kubeledger/api';
import { buildPodStatus } from '../status/build-pod-status.js';
import type { StepResult } from '@kubeledger/client';
import type { PodStepDeps } from './pod-deps.js';
import { adoptReported, allContainers } from './pod-containers.js';
import { podKey, podUid, type Pod } from './pod.js';


/** The grace period for stopping the pod's containers: what the deletion says, never more than the pod's own (upstream's killPod). */
export function terminationGraceSeconds(pod: Pod): number {
  const own = pod.spec?.terminationGracePeriodSeconds ?? 30;
  const requested = pod.metadata?.['deletionGracePeriodSeconds'] as number | undefined;
  return Math.max(0, Math.min(own, requested ?? own));
}

/**
 * Finishes the deletion of a pod marked with a deletionTimestamp (upstream's pod worker
 * termination and the status manager's final delete): stops its liveness and startup probes, then
 * its containers within the grace period (Killing Events), reports their terminated states, stops
 * its other probes, releases its IP, forgets it in the runtime, then deletes the object for good —
 * grace period 0, on its uid.
 */
export async function terminatePod(deps: PodStepDeps, pod: Pod): Promise<StepResult> {
  const uid = podUid(pod);
  await deps.probes.stopLivenessAndStartup(uid);
  const ip = pod.status?.podIP;
  if (ip) {
    deps.ips.restore(uid, ip);
    adoptReported(deps.runtime, pod, ip);
  }
  const graceMs = terminationGraceSeconds(pod) * 1000;
  const running = allContainers(pod)
    .map((c) => c.spec.name)
    .filter((name) => deps.runtime.status(uid, name)?.state === 'running');
  await Promise.all(
    running.map(async (name) => {
      deps.event(pod, 'Normal', 'Killing', `Stopping container ${name}`);
      await deps.runtime.stop(uid, name, graceMs);
    }),
  );
  if (running.length > 0 || pod.status?.containerStatuses?.some((s) => s.state.running)) {
    await deps.writeStatus(pod, (current) =>
      buildPodStatus(current, { hostIP: deps.hostIP, podIP: ip, runtime: (name) => deps.runtime.status(uid, name), terminating: true, now: rfc3339(deps.now()) }),
    );
  }
  await deps.probes.removePod(uid);
  deps.runtime.removePod(uid);
  deps.history.removePod(uid);
  deps.ips.release(uid);
  await deps.deletePod(pod);
  deps.log(`deleted ${podKey(pod)} (${uid}), stopped ${running.length} container(s)${ip ? `, released ${ip}` : ''}`);
  return 'continue';
}

/** A pod that vanished without the kubelet finishing it (force-deleted): stop what runs, release its IP. */
export async function forgetPod(deps: Pick<PodStepDeps, 'runtime' | 'probes' | 'ips' | 'history' | 'log'>, key: string, uid: string, containerNames: readonly string[]): Promise<StepResult> {
  await deps.probes.removePod(uid);
  for (const name of containerNames) await deps.runtime.stop(uid, name, 0);
  deps.runtime.removePod(uid);
  deps.history.removePod(uid);
  deps.ips.release(uid);
  deps.log(`forgot ${key} (${uid})`);
  return 'continue';
}
