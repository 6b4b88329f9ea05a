import { rfc3339 } from '@kubeledger/api';
import type { ContainerRuntime, ExecResult, ReportedContainer, RuntimeContainer, RuntimeContainerLog, RuntimeContainerStatus, RuntimePod } from './container-runtime.js';

/**
 * The `fake` runtime (kwok's idea): nothing runs. A container is running the moment it is started
 * — an init container has completed with exit code 0 — and stopped the moment it is stopped (exit
 * code 0, Completed). After a kubelet restart it adopts whatever the pod's status reported. Fake
 * pods have no processes, so every probe of their containers succeeds (`probesSucceed`): a pod
 * with a readiness probe is Ready at once, a liveness probe never restarts anything.
 */
export class FakeRuntime implements ContainerRuntime {
  readonly name = 'fake';
  readonly probesSucceed = true;
  readonly #pods = new Map<string, Map<string, RuntimeContainerStatus>>();
  readonly #now: () => Date;
  readonly #listeners: ((podUid: string, containerName: string) => void)[] = [];

  constructor(options: { now?: () => Date } = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  async start(pod: RuntimePod, container: RuntimeContainer): Promise<RuntimeContainerStatus> {
    const now = this.#timestamp();
    const runsToCompletion = container.init && container.restartPolicy !== 'Always';
    const status: RuntimeContainerStatus = {
      containerID: `fake://${pod.uid}/${container.name}`,
      imageID: `fake://${container.image}`,
      startedAt: now,
      ...(runsToCompletion ? { state: 'exited' as const, finishedAt: now, exitCode: 0, reason: 'Completed' } : { state: 'running' as const }),
    };
    this.#containers(pod.uid).set(container.name, status);
    return status;
  }

  async stop(podUid: string, containerName: string): Promise<RuntimeContainerStatus | undefined> {
    const containers = this.#pods.get(podUid);
    const current = containers?.get(containerName);
    if (!containers || !current) return undefined;
    if (current.state === 'exited') return current;
    const stopped: RuntimeContainerStatus = { ...current, state: 'exited', finishedAt: this.#timestamp(), exitCode: 0, reason: 'Completed' };
    containers.set(containerName, stopped);
    return stopped;
  }

  status(podUid: string, containerName: string): RuntimeContainerStatus | undefined {
    return this.#pods.get(podUid)?.get(containerName);
  }

  /** Nothing runs: every command "succeeds" at once, with no output. */
  async exec(podUid: string, containerName: string): Promise<ExecResult> {
    if (this.status(podUid, containerName)?.state !== 'running') throw new Error(`container ${containerName} is not running`);
    return { exitCode: 0, stdout: '', stderr: '', timedOut: false };
  }

  /** Nothing runs, so nothing is written: every log is empty. */
  containerLog(podUid: string, containerName: string): RuntimeContainerLog {
    return { running: () => this.status(podUid, containerName)?.state === 'running' };
  }

  adopt(pod: RuntimePod, container: RuntimeContainer, reported: ReportedContainer): boolean {
    this.#containers(pod.uid).set(container.name, { containerID: reported.containerID, imageID: reported.imageID, startedAt: reported.startedAt, state: 'running' });
    return true;
  }

  removePod(podUid: string): void {
    this.#pods.delete(podUid);
  }

  onExit(listener: (podUid: string, containerName: string) => void): void {
    this.#listeners.push(listener); // fake containers exit only when told to (exit())
  }

  /** Makes a running container exit with `exitCode` (tests), as a process would. */
  exit(podUid: string, containerName: string, exitCode: number): void {
    const containers = this.#pods.get(podUid);
    const current = containers?.get(containerName);
    if (!containers || current?.state !== 'running') return;
    containers.set(containerName, { ...current, state: 'exited', finishedAt: this.#timestamp(), exitCode, reason: exitCode === 0 ? 'Completed' : 'Error' });
    for (const listener of this.#listeners) listener(podUid, containerName);
  }

  /** Pods the runtime holds containers for (tests). */
  get podCount(): number {
    return this.#pods.size;
  }

  #containers(uid: string): Map<string, RuntimeContainerStatus> {
    let containers = this.#pods.get(uid);
    if (!containers) this.#pods.set(uid, (containers = new Map()));
    return containers;
  }

  #timestamp(): string {
    return rfc3339(this.#now());
  }
}
