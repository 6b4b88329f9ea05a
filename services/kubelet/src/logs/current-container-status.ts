import { rfc3339 } from '@kubeledger/api';
import type { PodStepDeps } from '../pods/pod-deps.js';
import { allContainers } from '../pods/pod-containers.js';
import { deletionTimestamp, podUid, type Pod } from '../pods/pod.js';
import { buildPodStatus } from '../status/build-pod-status.js';
import type { ContainerStatus } from '../status/container-status.js';

/**
 * The container's status as this kubelet would report it now (upstream reads its status
 * manager's): built from the runtime and the container's history as the pod sync builds it, or —
 * for a container this kubelet process has not dealt with yet (it just restarted) — the one the
 * pod's status reports. Undefined for a container the pod does not have.
 */
export function currentContainerStatus(pod: Pod, containerName: string, deps: Pick<PodStepDeps, 'runtime' | 'history' | 'hostIP' | 'now'>): ContainerStatus | undefined {
  const uid = podUid(pod);
  const container = allContainers(pod).find((c) => c.spec.name === containerName);
  if (!container) return undefined;
  if (!deps.runtime.status(uid, containerName) && !deps.history.get(uid, containerName)) return container.reported;
  const status = buildPodStatus(pod, {
    hostIP: deps.hostIP,
    podIP: pod.status?.podIP,
    runtime: (name) => deps.runtime.status(uid, name),
    history: (name) => deps.history.get(uid, name),
    terminating: deletionTimestamp(pod) !== undefined,
    now: rfc3339(deps.now()),
  });
  const statuses = container.init ? status.initContainerStatuses : status.containerStatuses;
  return statuses?.find((s) => s.name === containerName);
}
