import type { RuntimeContainerStatus } from '../runtime/container-runtime.js';
import type { ProbeTiming, ProbeType } from './probe-spec.js';

/** A probe's result for one instance of its container (upstream's results.Result). */
export type ProbeValue = 'success' | 'failure' | 'unknown';

/** Time and timers, injected so that tests drive them. */
export interface ProbeClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: ProbeClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** One instance of a container: a restart makes a new one, whose probes start over. */
export const containerInstance = (status: Pick<RuntimeContainerStatus, 'containerID' | 'startedAt'>): string => `${status.containerID}@${status.startedAt}`;

export interface ProbeWorkerOptions {
  readonly type: ProbeType;
  readonly timing: ProbeTiming;
  /** The container's restart policy: once it has terminated under Never, the worker ends. */
  readonly restartPolicy: 'Always' | 'OnFailure' | 'Never';
  readonly clock: ProbeClock;
  /** The container's current instance in the runtime; undefined while it is not created. */
  container(): RuntimeContainerStatus | undefined;
  /** Whether the instance has started: its startup probe succeeded, or it has none. */
  started(instance: string): boolean;
  /** Probes once: `success`, `failure`, or undefined when the probe errored (the result is thrown away). */
  probe(signal: AbortSignal): Promise<'success' | 'failure' | undefined>;
  /** Records the probe's result for the instance (upstream's results manager Set). */
  setResult(instance: string, value: ProbeValue): void;
  /** Forgets the probe's result for the instance. */
  removeResult(instance: string): void;
  /** The worker ended by itself: its container will not run again. */
  onEnd(): void;
}

/** The value a probe has before it has run for an instance: not ready, alive, not known to have started. */
const INITIAL: Record<ProbeType, ProbeValue> = { readiness: 'failure', liveness: 'success', startup: 'unknown' };

/**
 * Probes one container periodically (upstream's prober worker): at once, then every
 * periodSeconds — sooner when triggered —, until stopped or its container has terminated for
 * good. Each instance of the container starts at the initial value; the probe waits
 * initialDelaySeconds after the instance started; a startup probe runs until the instance has
 * started, the others only once it has; a result counts only after successThreshold successes or
 * failureThreshold failures in a row; after a liveness or startup failure the worker holds until
 * a new instance (the kubelet kills this one).
 */
export class ProbeWorker {
  readonly #options: ProbeWorkerOptions;
  readonly #abort = new AbortController();
  #instance: string | undefined;
  #lastResult: 'success' | 'failure' | undefined;
  #resultRun = 0;
  #onHold = false;
  #timer: unknown;
  #running: Promise<void> | undefined;
  #triggered = false;
  #stopped = false;

  constructor(options: ProbeWorkerOptions) {
    this.#options = options;
  }

  /** Starts the loop: the first probe now. */
  start(): void {
    if (!this.#stopped && this.#running === undefined && this.#timer === undefined) this.#tick();
  }

  /** Probes again as soon as possible (upstream's manual trigger). */
  trigger(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#triggered = true;
      return;
    }
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#tick();
  }

  /** Stops the loop — a probe under way is cancelled — and forgets its result. Resolves when nothing runs any more. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort.abort();
    await this.#running;
    if (this.#instance !== undefined) this.#options.removeResult(this.#instance);
  }

  /** Probes once if it is time to, and records the result; false when the worker should end (upstream's doProbe). */
  async doProbe(): Promise<boolean> {
    const o = this.#options;
    const c = o.container();
    if (!c) return true; // not created yet
    const instance = containerInstance(c);
    if (instance !== this.#instance) {
      if (this.#instance !== undefined) o.removeResult(this.#instance);
      this.#instance = instance;
      o.setResult(instance, INITIAL[o.type]);
      this.#onHold = false; // a new instance: probing resumes
    }
    if (this.#onHold) return true;
    if (c.state !== 'running') {
      o.setResult(instance, 'failure');
      return o.restartPolicy !== 'Never'; // it will not run again
    }
    if (Math.trunc((o.clock.now() - Date.parse(c.startedAt)) / 1000) < o.timing.initialDelaySeconds) return true;
    const started = o.started(instance);
    if (started ? o.type === 'startup' : o.type !== 'startup') return true; // startup probes until started, the others after

    const result = await o.probe(this.#abort.signal);
    if (result === undefined || this.#stopped) return true;
    if (this.#lastResult === result) this.#resultRun++;
    else {
      this.#lastResult = result;
      this.#resultRun = 1;
    }
    if ((result === 'failure' && this.#resultRun < o.timing.failureThreshold) || (result === 'success' && this.#resultRun < o.timing.successThreshold)) return true;
    o.setResult(instance, result);
    if (result === 'failure' && o.type !== 'readiness') {
      // The instance is killed and replaced: no probing it meanwhile.
      this.#onHold = true;
      this.#resultRun = 0;
    }
    return true;
  }

  #tick(): void {
    this.#timer = undefined;
    const o = this.#options;
    const began = o.clock.now();
    this.#running = this.doProbe()
      .catch(() => true)
      .then((keepGoing) => {
        this.#running = undefined;
        if (this.#stopped) return;
        if (!keepGoing) {
          this.#stopped = true;
          if (this.#instance !== undefined) o.removeResult(this.#instance);
          o.onEnd();
          return;
        }
        if (this.#triggered) {
          this.#triggered = false;
          this.#tick();
          return;
        }
        this.#timer = o.clock.setTimeout(() => this.#tick(), Math.max(0, began + o.timing.periodMs - o.clock.now()));
      });
  }
}
