import type { ContainerRuntime, RuntimeContainer, RuntimePod, RuntimePodFeatures } from '../runtime/container-runtime.js';
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
  ...(spec.ports && { ports: spec.ports }),
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

/** The pod-level features a runtime may refuse (see ContainerRuntime.unsupported). */
export const podFeatures = (pod: Pod): RuntimePodFeatures => ({
  hostPID: pod.spec?.hostPID === true,
  hostIPC: pod.spec?.hostIPC === true,
  hostNetwork: pod.spec?.hostNetwork === true,
  privileged: allContainers(pod)
    .filter((c) => c.spec.securityContext?.privileged === true)
    .map((c) => c.spec.name),
  hostPaths: (pod.spec?.volumes ?? []).flatMap((v) => (v.hostPath ? [{ volume: v.name, path: v.hostPath.path }] : [])),
});

/** The restart policy of a container (upstream's): a sidecar always restarts, an init container only on failure (never under Never). */
export function containerRestartPolicy(pod: Pod, spec: ContainerSpec, init: boolean): 'Always' | 'OnFailure' | 'Never' {
  const podPolicy = pod.spec?.restartPolicy ?? 'Always';
  if (!init) return podPolicy;
  if (spec.restartPolicy === 'Always') return 'Always';
  return podPolicy === 'Never' ? 'Never' : 'OnFailure';
}
