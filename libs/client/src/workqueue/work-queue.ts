/** `continue`: done; `requeue`: failed, again after a growing delay; `{ requeueAfterMs }`: done for now, again after that long (a restart due). */
export type StepResult = 'continue' | 'requeue' | { readonly requeueAfterMs: number };

/**
 * A work queue of object keys (client-go's rate-limited workqueue; one worker per key at a time, like upstream's pod workers):
 * a key is handled by one worker at a time; a key added while it is being handled is handled
 * again right after; `requeue` and failures come back after a delay that doubles per key
 * (`retryMs` up to `maxRetryMs`) until a run ends with `continue`. Nothing runs before `start()`.
 */
export class WorkQueue {
  readonly #handle: (key: string) => Promise<StepResult>;
  readonly #workers: number;
  readonly #retryMs: number;
  readonly #maxRetryMs: number;
  readonly #log: (message: string) => void;
  readonly #pending: string[] = [];
  readonly #queued = new Set<string>();
  readonly #active = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #timers = new Map<string, { timer: NodeJS.Timeout; due: number }>();
  readonly #idleWaiters: (() => void)[] = [];
  #started = false;
  #stopped = false;

  constructor(handle: (key: string) => Promise<StepResult>, options: { workers?: number; retryMs?: number; maxRetryMs?: number; log?: (message: string) => void } = {}) {
    this.#handle = handle;
    this.#workers = options.workers ?? 16;
    this.#retryMs = options.retryMs ?? 1000;
    this.#maxRetryMs = options.maxRetryMs ?? 60_000;
    this.#log = options.log ?? (() => undefined);
  }

  add(key: string): void {
    if (this.#stopped) return;
    if (this.#active.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#pending.push(key);
    this.#pump();
  }

  /** Adds `key` after `ms` (a later add in the meantime handles it sooner). */
  addAfter(key: string, ms: number): void {
    if (this.#stopped) return;
    const due = Date.now() + ms;
    const existing = this.#timers.get(key);
    if (existing && existing.due <= due) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.add(key);
    }, ms);
    timer.unref();
    this.#timers.set(key, { timer, due });
  }

  start(): void {
    this.#started = true;
    this.#pump();
  }

  /** Resolves when nothing is queued or running (tests). */
  idle(): Promise<void> {
    if (this.#pending.length === 0 && this.#active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops taking work; resolves when the running handlers have finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const { timer } of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#pending.length = 0;
    this.#queued.clear();
    await this.idle();
  }

  #pump(): void {
    while (this.#started && !this.#stopped && this.#active.size < this.#workers && this.#pending.length > 0) {
      const key = this.#pending.shift()!;
      this.#queued.delete(key);
      this.#active.add(key);
      void this.#run(key);
    }
    if (this.#pending.length === 0 && this.#active.size === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  async #run(key: string): Promise<void> {
    let result: StepResult;
    try {
      result = await this.#handle(key);
    } catch (err) {
      this.#log(`sync ${key} failed: ${(err as Error).message}`);
      result = 'requeue';
    }
    this.#active.delete(key);
    if (result !== 'requeue') this.#failures.delete(key);
    if (this.#dirty.delete(key)) this.add(key);
    else if (typeof result === 'object') this.addAfter(key, result.requeueAfterMs);
    else if (result === 'requeue') {
      const failures = (this.#failures.get(key) ?? 0) + 1;
      this.#failures.set(key, failures);
      this.addAfter(key, Math.min(this.#maxRetryMs, this.#retryMs * 2 ** (failures - 1)));
    }
    this.#pump();
  }
}
