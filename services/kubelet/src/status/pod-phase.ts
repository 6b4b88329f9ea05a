import type { ContainerStatus } from './container-status.js';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';
export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

interface InitContainerSpec {
  readonly name: string;
  readonly restartPolicy?: string;
}

/**
 * The pod's phase from its containers' statuses (upstream's kubelet getPhase): Pending while init
 * containers have not all completed or a container waits to start for the first time; Running
 * while a container runs, or all stopped but the restart policy will start them again; Succeeded
 * when every container ended with 0 and nothing restarts them; Failed when any ended otherwise
 * (or an init container failed under restartPolicy Never).
 */
export function podPhase(
  restartPolicy: RestartPolicy,
  initContainers: readonly InitContainerSpec[],
  initStatuses: readonly ContainerStatus[],
  containerCount: number,
  statuses: readonly ContainerStatus[],
): PodPhase {
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const spec of initContainers) {
    const status = initStatuses.find((s) => s.name === spec.name);
    const sidecar = spec.restartPolicy === 'Always';
    if (sidecar) {
      if (!status?.started) pendingInitialization++;
      continue;
    }
    const terminated = status?.state.terminated;
    const lastTerminated = status?.lastState.terminated;
    if (terminated?.exitCode === 0) continue;
    if ((terminated && terminated.exitCode !== 0) || (status?.state.waiting && lastTerminated && lastTerminated.exitCode !== 0)) failedInitialization++;
    else pendingInitialization++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (let i = 0; i < containerCount; i++) {
    const status = statuses[i];
    if (!status) {
      unknown++;
      continue;
    }
    if (status.state.running) running++;
    else if (status.state.terminated) {
      stopped++;
      if (status.state.terminated.exitCode === 0) succeeded++;
    } else if (status.state.waiting) {
      if (status.lastState.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  if (failedInitialization > 0 && restartPolicy === 'Never') return 'Failed';
  if (pendingInitialization > 0 || failedInitialization > 0) return 'Pending';
  if (waiting > 0 || unknown > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'OnFailure') return 'Running';
    return 'Failed';
  }
  return 'Pending';
}
