import type { BackoffState } from '../runtime/restart-backoff.js';
import type { ContainerState } from '../status/container-status.js';

/**
 * What the kubelet remembers of a container across the runtime's instances of it (upstream keeps
 * it in the runtime's container metadata and the backoff table): the restarts, the last
 * instance's end, the backoff, and a waiting state that overrides what the runtime says
 * (CrashLoopBackOff, CreateContainerConfigError).
 */
export interface ContainerHistory {
  readonly restartCount: number;
  readonly lastState: ContainerState;
  readonly waiting?: { readonly reason: string; readonly message: string };
  /** `<restartCount>/<containerID>@<startedAt>` of the exit the backoff was computed for. */
  readonly handledExit?: string;
  readonly backoff?: BackoffState;
  /** When the container may start again (ms since the epoch). */
  readonly restartAtMs?: number;
}

/** The histories of this kubelet's containers, by pod uid and container name. */
export class ContainerHistories {
  readonly #pods = new Map<string, Map<string, ContainerHistory>>();

  get(podUid: string, containerName: string): ContainerHistory | undefined {
    return this.#pods.get(podUid)?.get(containerName);
  }

  set(podUid: string, containerName: string, history: ContainerHistory): void {
    let pod = this.#pods.get(podUid);
    if (!pod) this.#pods.set(podUid, (pod = new Map()));
    pod.set(containerName, history);
  }

  removePod(podUid: string): void {
    this.#pods.delete(podUid);
  }
}
