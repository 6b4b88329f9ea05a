import type { ContainerHistory } from '../pods/container-history.js';
import type { ContainerSpec, Pod, PodStatus } from '../pods/pod.js';
import type { RuntimeContainerStatus } from '../runtime/container-runtime.js';
import type { ContainerState, ContainerStatus } from './container-status.js';
import { podConditions, type PodCondition } from './pod-conditions.js';
import { podPhase, type RestartPolicy } from './pod-phase.js';

export interface PodStatusInput {
  readonly hostIP: string;
  /** Undefined while the pod has none (its sandbox is not ready). */
  readonly podIP: string | undefined;
  /** What the runtime says of each container, by name (undefined: not created). */
  readonly runtime: (containerName: string) => RuntimeContainerStatus | undefined;
  /** What the kubelet remembers of each container (restarts, last state, a waiting reason); undefined: the previous status holds. */
  readonly history?: (containerName: string) => ContainerHistory | undefined;
  /**
   * What the probes say of a running regular or sidecar container (started: its startup probe
   * succeeded; ready: its readiness probe did); without it a running container is both.
   */
  readonly health?: (containerName: string, runtime: RuntimeContainerStatus) => { readonly started: boolean; readonly ready: boolean };
  /** The pod is being deleted: its phase is final once its containers have stopped (nothing restarts them). */
  readonly terminating: boolean;
  readonly now: string;
}

/**
 * The pod's status as the kubelet reports it (upstream's generateAPIPodStatus): container
 * statuses from the runtime, the phase and conditions from them, PodScheduled kept as the
 * scheduler wrote it (True when missing), podIP(s), hostIP(s), startTime kept once set, and
 * everything else in the previous status (qosClass) carried over.
 */
export function buildPodStatus(pod: Pod, input: PodStatusInput): PodStatus {
  const spec = pod.spec ?? { containers: [] };
  const previous = pod.status ?? {};
  const initSpecs = spec.initContainers ?? [];
  const status = (c: ContainerSpec, kind: ContainerKind, before: readonly ContainerStatus[] | undefined, waitingReason: string) =>
    containerStatus(c, kind, input.runtime(c.name), input.history?.(c.name), input.health, before, waitingReason);
  const initStatuses = initSpecs.map((c) => status(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init', previous.initContainerStatuses, 'PodInitializing'));
  const initDone = initSpecs.every((c, i) => {
    const s = initStatuses[i]!;
    return c.restartPolicy === 'Always' ? s.started === true : s.state.terminated?.exitCode === 0;
  });
  const statuses = spec.containers.map((c) => status(c, 'regular', previous.containerStatuses, initDone ? 'ContainerCreating' : 'PodInitializing'));
  const restartPolicy: RestartPolicy = input.terminating ? 'Never' : (spec.restartPolicy ?? 'Always');
  const phase = podPhase(restartPolicy, initSpecs, initStatuses, spec.containers.length, statuses);
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const previousConditions = previous.conditions ?? [];
  const conditions: PodCondition[] = podConditions(
    phase,
    input.podIP !== undefined && !(input.terminating && finished),
    initSpecs.map((c) => c.name),
    initStatuses,
    spec.containers.map((c) => c.name),
    statuses,
    previousConditions,
    input.now,
  );
  const scheduled = previousConditions.find((c) => c.type === 'PodScheduled') ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: input.now };
  return {
    ...previous,
    phase,
    conditions: [...conditions, scheduled],
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    ...(input.podIP !== undefined ? { podIP: input.podIP, podIPs: [{ ip: input.podIP }] } : {}),
    startTime: previous.startTime ?? input.now,
    ...(initSpecs.length > 0 && { initContainerStatuses: initStatuses }),
    containerStatuses: statuses,
  };
}

type ContainerKind = 'init' | 'sidecar' | 'regular';

/**
 * One container's status. `started` and `ready` as upstream's prober manager sets them: a running
 * container has started once its startup probe succeeded, and is ready once its readiness probe
 * did (`health`); an init container that is not a sidecar is started while it runs and ready once
 * it has completed (exit code 0).
 */
function containerStatus(
  spec: ContainerSpec,
  kind: ContainerKind,
  runtime: RuntimeContainerStatus | undefined,
  history: ContainerHistory | undefined,
  health: PodStatusInput['health'],
  previous: readonly ContainerStatus[] | undefined,
  waitingReason: string,
): ContainerStatus {
  const before = previous?.find((s) => s.name === spec.name);
  const base = { name: spec.name, image: spec.image, restartCount: history?.restartCount ?? before?.restartCount ?? 0, lastState: history?.lastState ?? before?.lastState ?? {} };
  if (history?.waiting) {
    return { ...base, imageID: runtime?.imageID ?? '', ...(runtime && { containerID: runtime.containerID }), ready: false, started: false, state: { waiting: { ...history.waiting } } };
  }
  if (!runtime) return { ...base, imageID: '', ready: false, started: false, state: { waiting: { reason: waitingReason } } };
  const state: ContainerState =
    runtime.state === 'running'
      ? { running: { startedAt: runtime.startedAt } }
      : {
          terminated: {
            exitCode: runtime.exitCode ?? 0,
            ...(runtime.reason !== undefined && { reason: runtime.reason }),
            ...(runtime.message !== undefined && { message: runtime.message }),
            startedAt: runtime.startedAt,
            ...(runtime.finishedAt !== undefined && { finishedAt: runtime.finishedAt }),
            containerID: runtime.containerID,
          },
        };
  const running = runtime.state === 'running';
  const probed = running && kind !== 'init' ? (health?.(spec.name, runtime) ?? { started: true, ready: true }) : undefined;
  const started = probed?.started ?? running;
  const ready = probed?.ready ?? (kind === 'init' && runtime.state === 'exited' && runtime.exitCode === 0);
  return { ...base, imageID: runtime.imageID, containerID: runtime.containerID, ready, started, state };
}
