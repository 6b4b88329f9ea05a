/**
 * CrashLoopBackOff (upstream's kubelet backoff): a container that exits is restarted after 10 s,
 * then 20 s, 40 s … at most 5 min; a container that ran for 10 min before exiting starts over at 10 s.
 */
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
export const RESET_AFTER_MS = 600_000;

export interface BackoffState {
  readonly delayMs: number;
}

/** The delay before the next restart, given the previous state and how long the container last ran. */
export function nextBackoff(previous: BackoffState | undefined, ranForMs: number, options = { initialMs: INITIAL_BACKOFF_MS, maxMs: MAX_BACKOFF_MS, resetAfterMs: RESET_AFTER_MS }): BackoffState {
  if (!previous || ranForMs >= options.resetAfterMs) return { delayMs: options.initialMs };
  return { delayMs: Math.min(options.maxMs, previous.delayMs * 2) };
}
