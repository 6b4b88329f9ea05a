/**
 * At most `limit` tasks run at once; the others wait their turn, first come first served. A task
 * waits in its caller's async context, so what it does once it runs (an HTTP request the
 * OpenTelemetry undici instrumentation traces, say) still belongs to the caller's trace.
 */
export class InFlightLimit {
  readonly limit: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`an in-flight limit is a positive integer, not ${limit}`);
    this.limit = limit;
  }

  /** Runs `task` once fewer than `limit` tasks are running; its result or error. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running < this.limit) this.#running++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve)); // the finishing task hands its turn over
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
