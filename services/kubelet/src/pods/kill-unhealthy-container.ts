import type { RuntimeContainerStatus } from '../runtime/container-runtime.js';
import type { PodStepDeps } from './pod-deps.js';
import { podUid, type ContainerSpec, type Pod } from './pod.js';

/** Upstream always gives a container this long to stop (minimumGracePeriodInSeconds). */
const MINIMUM_GRACE_SECONDS = 2;

/**
 * The grace period of a container killed for a failed probe (upstream's setTerminationGracePeriod):
 * the deletion's when the pod is being deleted, else the probe's own terminationGracePeriodSeconds,
 * else the pod's — never under 2 s.
 */
export function probeKillGraceSeconds(pod: Pod, spec: ContainerSpec, probe: 'liveness' | 'startup'): number {
  const deletion = pod.metadata?.['deletionGracePeriodSeconds'] as number | undefined;
  const own = (probe === 'liveness' ? spec.livenessProbe : spec.startupProbe)?.terminationGracePeriodSeconds ?? undefined;
  return Math.max(MINIMUM_GRACE_SECONDS, deletion ?? own ?? pod.spec?.terminationGracePeriodSeconds ?? MINIMUM_GRACE_SECONDS);
}

/**
 * Kills a running container that failed its liveness or startup probe (upstream's
 * computePodActions + killContainer): a `Killing` Event — `Container web failed liveness probe,
 * will be restarted` (no restart under restartPolicy Never; `Init container …` for a sidecar) —,
 * SIGTERM, SIGKILL after the grace period. Resolves with the container's final status.
 */
export async function killUnhealthyContainer(deps: Pick<PodStepDeps, 'runtime' | 'event'>, pod: Pod, spec: ContainerSpec, init: boolean, probe: 'liveness' | 'startup', restarts: boolean): Promise<RuntimeContainerStatus | undefined> {
  const message = init ? `Init container ${spec.name} failed ${probe} probe` : `Container ${spec.name} failed ${probe} probe${restarts ? ', will be restarted' : ''}`;
  deps.event(pod, 'Normal', 'Killing', message);
  return deps.runtime.stop(podUid(pod), spec.name, probeKillGraceSeconds(pod, spec, probe) * 1000);
}
