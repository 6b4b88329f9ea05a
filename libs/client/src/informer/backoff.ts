/** Exponential backoff with jitter: `initialMs`, doubling up to `maxMs`, each delay ±20 %. */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  #attempt = 0;

  constructor(initialMs = 200, maxMs = 30_000) {
    this.#initialMs = initialMs;
    this.#maxMs = maxMs;
  }

  /** The delay before the next attempt. */
  next(): number {
    const base = Math.min(this.#maxMs, this.#initialMs * 2 ** Math.min(this.#attempt++, 30));
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  /** Progress was made: the next delay is the initial one again. */
  reset(): void {
    this.#attempt = 0;
  }
}
