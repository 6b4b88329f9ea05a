import type { ContainerStatus } from './container-status.js';
import type { PodPhase } from './pod-phase.js';

export interface PodCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
  readonly lastProbeTime: null;
  readonly lastTransitionTime: string;
}

/**
 * The conditions the kubelet owns (upstream's status manager generators):
 * PodReadyToStartContainers, Initialized, ContainersReady and Ready — with upstream's reasons and
 * messages (`containers with unready status: [web]`), and PodCompleted for finished pods.
 * `previous` keeps lastTransitionTime where a condition's status has not changed.
 */
export function podConditions(
  phase: PodPhase,
  sandboxReady: boolean,
  initNames: readonly string[],
  initStatuses: readonly ContainerStatus[],
  names: readonly string[],
  statuses: readonly ContainerStatus[],
  previous: readonly PodCondition[],
  now: string,
): PodCondition[] {
  const stamp = (type: string, status: PodCondition['status'], reason?: string, message?: string): PodCondition => {
    const before = previous.find((c) => c.type === type);
    return {
      type,
      status,
      ...(reason && { reason }),
      ...(message && { message }),
      lastProbeTime: null,
      lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
    };
  };
  const incompleteInit = initNames.filter((name) => {
    const s = initStatuses.find((x) => x.name === name);
    return !(s?.state.terminated?.exitCode === 0 || (s?.started && s.state.running));
  });
  const unready = names.filter((name) => !statuses.find((s) => s.name === name)?.ready);
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const list = (names: readonly string[]) => `[${names.join(' ')}]`;
  const initialized =
    incompleteInit.length === 0 || phase === 'Succeeded'
      ? stamp('Initialized', 'True', finished && incompleteInit.length > 0 ? 'PodCompleted' : undefined)
      : stamp('Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: ${list(incompleteInit)}`);
  const ready = (type: string) =>
    finished
      ? stamp(type, 'False', 'PodCompleted')
      : unready.length === 0
        ? stamp(type, 'True')
        : stamp(type, 'False', 'ContainersNotReady', `containers with unready status: ${list(unready)}`);
  return [stamp('PodReadyToStartContainers', sandboxReady && !finished ? 'True' : 'False'), initialized, ready('Ready'), ready('ContainersReady')];
}
