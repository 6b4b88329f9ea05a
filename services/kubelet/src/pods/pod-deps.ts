import type { ProbeManager } from '../probes/probe-manager.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { BackoffOptions } from '../runtime/restart-backoff.js';
import type { ContainerHistories } from './container-history.js';
import type { EnvSources } from './container-env.js';
import type { PodStatus, Pod } from './pod.js';

/** What the pod steps need, as function fields (the wiring in pods.controller.ts fills them from the client). */
export interface PodStepDeps {
  readonly runtime: ContainerRuntime;
  readonly ips: { allocate(uid: string): string | undefined; restore(uid: string, ip: string): boolean; release(uid: string): void };
  readonly hostIP: string;
  readonly podCidr: string;
  /** The containers' probes: their workers, what they say of each container. */
  readonly probes: ProbeManager;
  /** Restart counts, last states, backoffs of the containers. */
  readonly history: ContainerHistories;
  /** CrashLoopBackOff delays (tests use milliseconds). */
  readonly backoff: BackoffOptions;
  /** Where ConfigMap and Secret references of the containers' env are read. */
  readonly env: EnvSources;
  /**
   * Sets up the pod's volumes the runtime needs on disk before its containers start (the process
   * runtime's projected volumes: the ServiceAccount token, kube-root-ca.crt, the namespace), and
   * refreshes what is due (the tokens); answers when the next refresh is due (the pod is synced
   * again then), undefined when none; throws what failed. None: the runtime needs none (fake).
   */
  readonly volumes?: (pod: Pod) => Promise<Date | void>;
  /** Records a core/v1 Event about the pod (fire and forget). */
  event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /**
   * Writes `build(current)` as the pod's status when it differs from the current one: first on
   * `pod` as given, then, after a conflict, on the pod read again. Resolves false when the pod is
   * gone.
   */
  writeStatus(pod: Pod, build: (current: Pod) => PodStatus): Promise<boolean>;
  /** DELETE with gracePeriodSeconds 0 and a uid precondition; a pod already gone (or replaced) is fine. */
  deletePod(pod: Pod): Promise<void>;
  now(): Date;
  log(message: string): void;
}
