/**
 * A token bucket of burst 1 (flowcontrol.NewTokenBucketRateLimiter(qps, 1), as each zone's
 * NoExecute tainter uses): full at first, one token per `1 / qps` seconds; a rate of 0 never lets
 * anything through (the never rate limiter). Changing the rate keeps the bucket's level, as
 * SwapLimiter carries over a drained bucket.
 */
export class TokenBucket {
  #qps: number;
  #tokens = 1;
  #at: number | undefined;

  constructor(qps: number) {
    this.#qps = qps;
  }

  get qps(): number {
    return this.#qps;
  }

  setRate(qps: number, nowMs: number): void {
    this.#refill(nowMs);
    this.#qps = qps;
  }

  /** Takes a token when there is one. */
  tryAccept(nowMs: number): boolean {
    if (this.#qps <= 0) return false;
    this.#refill(nowMs);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  #refill(nowMs: number): void {
    if (this.#at !== undefined && this.#qps > 0) this.#tokens = Math.min(1, this.#tokens + ((nowMs - this.#at) / 1000) * this.#qps);
    this.#at = nowMs;
  }
}
