/** Where a pod waits (upstream's activeQ, backoffQ and unschedulablePods, keyed `<namespace>/<name>`). */
export interface QueueStats {
  readonly active: number;
  readonly backoff: number;
  readonly unschedulable: number;
  readonly inFlight: number;
}

export interface SchedulingQueueOptions {
  /** A pod parked as unschedulable this long goes back to the active queue anyway (upstream: 5 min). */
  readonly maxUnschedulableMs: number;
  readonly now?: () => number;
  /** Timers for the backoff queue (injected by tests). */
  readonly setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

const realTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  t.unref();
  return { cancel: () => clearTimeout(t) };
};

/**
 * kube-scheduler's PriorityQueue without priorities: a FIFO of pods to try, the pods that did not
 * fit (parked until something in the cluster changes — {@link moveAllToActive} — or until
 * {@link flushUnschedulable} finds them older than `maxUnschedulableMs`), and pods that failed on
 * an error waiting out a delay. Holds keys only: the loop reads the pod from the informer when it
 * pops one. A pod handed out by {@link pop} is in flight until {@link done}, {@link parkUnschedulable}
 * or {@link requeueAfter}; a change announced while it was in flight (upstream's moveRequestCycle)
 * sends it back to the active queue instead of parking it, so no wake-up is lost.
 */
export class SchedulingQueue {
  readonly #active: string[] = [];
  readonly #queued = new Set<string>();
  readonly #unschedulable = new Map<string, number>();
  readonly #backoff = new Map<string, { cancel(): void }>();
  /** In flight: the move-request cycle seen when popped. */
  readonly #inFlight = new Map<string, number>();
  #moveRequestCycle = 0;
  #closed = false;
  #waiter: ((key: string | undefined) => void) | undefined;
  readonly #maxUnschedulableMs: number;
  readonly #now: () => number;
  readonly #setTimer: (fn: () => void, ms: number) => { cancel(): void };

  constructor(options: SchedulingQueueOptions) {
    this.#maxUnschedulableMs = options.maxUnschedulableMs;
    this.#now = options.now ?? Date.now;
    this.#setTimer = options.setTimer ?? realTimer;
  }

  /** A new or changed pod to schedule: into the active queue unless it is there or in flight already. */
  add(key: string): void {
    if (this.#closed || this.#queued.has(key)) return;
    if (this.#inFlight.has(key)) {
      // It changed while being scheduled: try again once this attempt ends.
      this.#inFlight.set(key, -1);
      return;
    }
    this.#unschedulable.delete(key);
    this.#backoff.get(key)?.cancel();
    this.#backoff.delete(key);
    this.#push(key);
  }

  /**
   * A changed pod: one the queue holds goes (back) to the active queue only when its spec or
   * labels changed (it may fit now); a status-only change — our own PodScheduled patch — leaves it
   * where it is.
   */
  update(key: string, specChanged: boolean): void {
    const known = this.#queued.has(key) || this.#inFlight.has(key) || this.#unschedulable.has(key) || this.#backoff.has(key);
    if (known && !specChanged) return;
    this.add(key);
  }

  /** The pod is gone, bound, or no longer ours. */
  delete(key: string): void {
    this.#unschedulable.delete(key);
    this.#backoff.get(key)?.cancel();
    this.#backoff.delete(key);
    if (this.#queued.delete(key)) this.#active.splice(this.#active.indexOf(key), 1);
  }

  /** The next pod to try, waiting for one; undefined once closed. */
  pop(): Promise<string | undefined> {
    if (this.#closed) return Promise.resolve(undefined);
    const key = this.#shift();
    if (key !== undefined) return Promise.resolve(key);
    return new Promise((resolve) => (this.#waiter = resolve));
  }

  /** The attempt ended: scheduled, or dropped. */
  done(key: string): void {
    this.#inFlight.delete(key);
  }

  /** The attempt found no node: park it, unless the cluster changed meanwhile (then it goes straight back). */
  parkUnschedulable(key: string): void {
    const cycle = this.#inFlight.get(key);
    this.#inFlight.delete(key);
    if (this.#closed || this.#queued.has(key)) return;
    if (cycle !== undefined && cycle < this.#moveRequestCycle) this.#push(key);
    else this.#unschedulable.set(key, this.#now());
  }

  /** The attempt failed on an error: try again after `ms`. */
  requeueAfter(key: string, ms: number): void {
    this.#inFlight.delete(key);
    if (this.#closed || this.#queued.has(key) || this.#backoff.has(key)) return;
    this.#backoff.set(
      key,
      this.#setTimer(() => {
        this.#backoff.delete(key);
        if (!this.#queued.has(key)) this.#push(key);
      }, ms),
    );
  }

  /** Something changed that may make parked pods fit (a node added or freed, a pod deleted): every parked pod goes back. */
  moveAllToActive(): void {
    this.#moveRequestCycle++;
    for (const key of [...this.#unschedulable.keys()]) {
      this.#unschedulable.delete(key);
      this.#push(key);
    }
  }

  /** Parked pods older than `maxUnschedulableMs` go back (upstream's flushUnschedulablePodsLeftover). */
  flushUnschedulable(): void {
    const now = this.#now();
    for (const [key, since] of [...this.#unschedulable]) {
      if (now - since < this.#maxUnschedulableMs) continue;
      this.#unschedulable.delete(key);
      this.#push(key);
    }
  }

  isUnschedulable(key: string): boolean {
    return this.#unschedulable.has(key);
  }

  get stats(): QueueStats {
    return { active: this.#active.length, backoff: this.#backoff.size, unschedulable: this.#unschedulable.size, inFlight: this.#inFlight.size };
  }

  /** Ends every pending {@link pop} with undefined and drops the timers. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#backoff.values()) timer.cancel();
    this.#backoff.clear();
    this.#waiter?.(undefined);
    this.#waiter = undefined;
  }

  #push(key: string): void {
    if (this.#closed) return;
    this.#active.push(key);
    this.#queued.add(key);
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter(this.#shift());
    }
  }

  #shift(): string | undefined {
    const key = this.#active.shift();
    if (key === undefined) return undefined;
    this.#queued.delete(key);
    this.#inFlight.set(key, this.#moveRequestCycle);
    return key;
  }
}
