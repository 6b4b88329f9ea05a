import type { ContainerStatus } from '../status/container-status.js';

/** Which run of the container a log request reads — its restart count, the number its log file has — or why there is none. */
export type LogInstance = { readonly restartCount: number } | { readonly error: string };

/**
 * Upstream's validateContainerLogStatus, for this kubelet's containers: `previous` reads the last
 * terminated run (`lastState.terminated`), else the current run when it runs or has terminated,
 * else the last terminated one, else the container is waiting and has no log yet. A run is found
 * by its restart count: the current one is `restartCount`; the last terminated one is the run
 * before it (`restartCount - 1`) while a current one exists, and the last run itself
 * (`restartCount`) while the container waits to start again (CrashLoopBackOff: the restart is
 * counted when it happens).
 */
export function logInstance(podName: string, containerName: string, status: ContainerStatus | undefined, previous: boolean): LogInstance {
  if (!status) return { error: `container "${containerName}" in pod "${podName}" is not available` };
  const { running, terminated, waiting } = status.state;
  const lastTerminated = status.lastState.terminated;
  const current = running !== undefined || (terminated !== undefined && !!terminated.containerID);
  const last = { restartCount: current ? status.restartCount - 1 : status.restartCount };
  if (previous) {
    if (!lastTerminated?.containerID) return { error: `previous terminated container "${containerName}" in pod "${podName}" not found` };
    return last;
  }
  if (current) return { restartCount: status.restartCount };
  if (terminated !== undefined || lastTerminated !== undefined) {
    if (!lastTerminated?.containerID) return { error: `container "${containerName}" in pod "${podName}" is terminated` };
    return last;
  }
  if (waiting !== undefined) {
    const reason =
      waiting.reason === 'ErrImagePull' ? "image can't be pulled" : waiting.reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : (waiting.reason ?? '');
    return { error: `container "${containerName}" in pod "${podName}" is waiting to start: ${reason}` };
  }
  return { error: `container "${containerName}" in pod "${podName}" is waiting to start - no logs yet` };
}
