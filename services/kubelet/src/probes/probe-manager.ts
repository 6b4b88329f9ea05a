import type { ContainerSpec, Pod } from '../pods/pod.js';
import type { ContainerRuntime, RuntimeContainerStatus } from '../runtime/container-runtime.js';
import { Prober, type ProberDeps } from './prober.js';
import { PROBE_TYPES, probeOf, probeTiming, type ProbeType } from './probe-spec.js';
import { containerInstance, ProbeWorker, SYSTEM_CLOCK, type ProbeClock, type ProbeValue } from './probe-worker.js';

/** A container the pod runs that may have probes (a regular container or a sidecar), with its restart policy. */
export interface ProbedContainerRun {
  readonly spec: ContainerSpec;
  readonly restartPolicy: 'Always' | 'OnFailure' | 'Never';
}

/** What the probes say of a container instance, for its status. */
export interface ContainerHealth {
  readonly started: boolean;
  readonly ready: boolean;
}

export interface ProbeManagerOptions extends ProberDeps {
  readonly runtime: Pick<ContainerRuntime, 'status' | 'exec' | 'probesSucceed'>;
  readonly clock?: ProbeClock;
}

/**
 * The kubelet's probes (upstream's prober manager): a worker per probe per container of a pod
 * (`addPod`), their results by container instance, what those mean for the container's status
 * (`health`: started, ready) and whether the kubelet must kill it (`failure`). Listeners hear of
 * each pod whose results changed (its status is written again; a failed liveness probe kills).
 * A runtime whose probes all succeed (`fake`) gets no workers: its containers are started and
 * ready as soon as they run.
 */
export class ProbeManager {
  readonly #runtime: ProbeManagerOptions['runtime'];
  readonly #clock: ProbeClock;
  readonly #prober: Prober;
  /** Workers by `<uid>/<container>/<type>`. */
  readonly #workers = new Map<string, ProbeWorker>();
  /** The pods whose workers were made (a worker that ended by itself is not made again). */
  readonly #pods = new Set<string>();
  /** Results by `<type>/<uid>/<instance>`. */
  readonly #results = new Map<string, ProbeValue>();
  readonly #listeners: ((podUid: string) => void)[] = [];

  constructor(options: ProbeManagerOptions) {
    this.#runtime = options.runtime;
    this.#clock = options.clock ?? SYSTEM_CLOCK;
    this.#prober = new Prober(options);
  }

  /** Called with the pod's uid when a probe result of one of its containers changed. */
  onChange(listener: (podUid: string) => void): void {
    this.#listeners.push(listener);
  }

  /** Starts the workers of the pod's probes, once per pod (upstream's AddPod); each waits for its container to run. */
  addPod(pod: Pod, podIP: string, containers: readonly ProbedContainerRun[]): void {
    const uid = pod.metadata?.uid ?? '';
    if (this.#runtime.probesSucceed || this.#pods.has(uid)) return;
    this.#pods.add(uid);
    for (const { spec, restartPolicy } of containers) {
      for (const type of PROBE_TYPES) {
        const probe = probeOf(spec, type);
        if (!probe) continue;
        const key = workerKey(uid, spec.name, type);
        const resultKey = (instance: string) => `${type}/${uid}/${instance}`;
        const worker = new ProbeWorker({
          type,
          timing: probeTiming(probe),
          restartPolicy,
          clock: this.#clock,
          container: () => this.#runtime.status(uid, spec.name),
          started: (instance) => this.#started(uid, spec.name, instance),
          probe: (signal) => this.#prober.probe(type, { pod, container: spec, podIP }, signal),
          setResult: (instance, value) => {
            if (this.#results.get(resultKey(instance)) === value) return;
            this.#results.set(resultKey(instance), value);
            for (const listener of this.#listeners) listener(uid);
          },
          removeResult: (instance) => this.#results.delete(resultKey(instance)),
          onEnd: () => this.#workers.delete(key),
        });
        this.#workers.set(key, worker);
        worker.start();
      }
    }
  }

  /**
   * The container instance's `started` and `ready` (upstream's UpdatePodStatus): not running is
   * neither; started once its startup probe succeeded (at once without one); ready once started
   * and its readiness probe succeeded (at once without one) — a readiness probe that has not
   * succeeded yet is run again now.
   */
  health(podUid: string, containerName: string, status: RuntimeContainerStatus | undefined): ContainerHealth {
    if (status?.state !== 'running') return { started: false, ready: false };
    const instance = containerInstance(status);
    if (!this.#started(podUid, containerName, instance)) return { started: false, ready: false };
    if (this.#results.get(`readiness/${podUid}/${instance}`) === 'success') return { started: true, ready: true };
    const readiness = this.#workers.get(workerKey(podUid, containerName, 'readiness'));
    readiness?.trigger();
    return { started: true, ready: !readiness };
  }

  /** The probe the running container instance failed past its threshold — the kubelet kills it —, if any. */
  failure(podUid: string, containerName: string, status: RuntimeContainerStatus): 'liveness' | 'startup' | undefined {
    const instance = containerInstance(status);
    if (this.#results.get(`liveness/${podUid}/${instance}`) === 'failure') return 'liveness';
    if (this.#results.get(`startup/${podUid}/${instance}`) === 'failure') return 'startup';
    return undefined;
  }

  /** The pod is being deleted: its liveness and startup probes stop (upstream's StopLivenessAndStartup). */
  async stopLivenessAndStartup(podUid: string): Promise<void> {
    await this.#stop(([uid, , type]) => uid === podUid && type !== 'readiness');
  }

  /** The pod is gone or finished: its probes stop and their results are forgotten. */
  async removePod(podUid: string): Promise<void> {
    this.#pods.delete(podUid);
    await this.#stop(([uid]) => uid === podUid);
  }

  /** Stops every worker (the kubelet stops): no timer is left. */
  async stop(): Promise<void> {
    this.#pods.clear();
    await this.#stop(() => true);
  }

  /** Probe workers running (tests). */
  get workerCount(): number {
    return this.#workers.size;
  }

  #started(podUid: string, containerName: string, instance: string): boolean {
    const result = this.#results.get(`startup/${podUid}/${instance}`);
    if (result !== undefined) return result === 'success';
    return !this.#workers.has(workerKey(podUid, containerName, 'startup'));
  }

  async #stop(which: (key: readonly [string, string, string]) => boolean): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const [key, worker] of this.#workers) {
      if (!which(key.split('/') as [string, string, string])) continue;
      this.#workers.delete(key);
      stopping.push(worker.stop());
    }
    await Promise.all(stopping);
  }
}

/** Pod uids and container names never contain `/`. */
const workerKey = (podUid: string, containerName: string, type: ProbeType) => `${podUid}/${containerName}/${type}`;
