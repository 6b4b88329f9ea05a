/**
 * CrashLoopBackOff (upstream's kubelet backoff): a container that exits is restarted after 10 s,
 * then 20 s, 40 s … at most 5 min; a container that ran for 10 min before exiting starts over at 10 s.
 */
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
export const RESET_AFTER_MS = 600_000;

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: INITIAL_BACKOFF_MS, maxMs: MAX_BACKOFF_MS, resetAfterMs: RESET_AFTER_MS };

/** A delay as Go prints a time.Duration (`10s`, `1m20s`, `5m0s`, `500ms`): the CrashLoopBackOff message has it so. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const seconds = ms / 1000;
  const s = Number.isInteger(seconds) ? seconds : Number(seconds.toFixed(3));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  const rest = Number((s - m * 60).toFixed(3));
  return m < 60 ? `${m}m${rest}s` : `${Math.floor(m / 60)}h${m % 60}m${rest}s`;
}

export interface BackoffState {
  readonly delayMs: number;
}

/** The delay before the next restart, given the previous state and how long the container last ran. */
export function nextBackoff(previous: BackoffState | undefined, ranForMs: number, options: BackoffOptions = DEFAULT_BACKOFF): BackoffState {
  if (!previous || ranForMs >= options.resetAfterMs) return { delayMs: options.initialMs };
  return { delayMs: Math.min(options.maxMs, previous.delayMs * 2) };
}
