import type { ContainerRuntime, RuntimeContainer, RuntimePod } from '../runtime/container-runtime.js';
import type { ContainerStatus } from '../status/container-status.js';
import { podUid, type ContainerSpec, type Pod } from './pod.js';

export const runtimePod = (pod: Pod, ip: string): RuntimePod => ({ uid: podUid(pod), namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', ip });

export const runtimeContainer = (spec: ContainerSpec, init: boolean): RuntimeContainer => ({
  name: spec.name,
  image: spec.image,
  init,
  ...(spec.restartPolicy !== undefined && { restartPolicy: spec.restartPolicy }),
  ...(spec.command && { command: spec.command }),
  ...(spec.args && { args: spec.args }),
  ...(spec.env && { env: spec.env }),
  ...(spec.workingDir !== undefined && { workingDir: spec.workingDir }),
});

/** Every container of the pod, init containers first. */
export const allContainers = (pod: Pod): { spec: ContainerSpec; init: boolean; reported: ContainerStatus | undefined }[] => [
  ...(pod.spec?.initContainers ?? []).map((spec) => ({ spec, init: true, reported: pod.status?.initContainerStatuses?.find((s) => s.name === spec.name) })),
  ...(pod.spec?.containers ?? []).map((spec) => ({ spec, init: false, reported: pod.status?.containerStatuses?.find((s) => s.name === spec.name) })),
];

/**
 * After a kubelet restart the runtime knows none of the pod's containers: each one the pod's
 * status reports running, with a container ID of this runtime, is adopted instead of started
 * again. Returns the names adopted.
 */
export function adoptReported(runtime: ContainerRuntime, pod: Pod, ip: string): string[] {
  const adopted: string[] = [];
  for (const { spec, init, reported } of allContainers(pod)) {
    if (runtime.status(podUid(pod), spec.name)) continue;
    const running = reported?.state.running;
    if (!running || !reported.containerID?.startsWith(`${runtime.name}://`)) continue;
    if (runtime.adopt(runtimePod(pod, ip), runtimeContainer(spec, init), { containerID: reported.containerID, imageID: reported.imageID, startedAt: running.startedAt ?? '' })) adopted.push(spec.name);
  }
  return adopted;
}
