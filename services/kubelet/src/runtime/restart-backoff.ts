/**
 * CrashLoopBackOff (upstream's kubelet backoff): a container that exits is restarted at once the
 * first time, then after 10 s, 20 s, 40 s … at most 5 min; a container that ran for 10 min
 * before exiting starts over (restarted at once).
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

/** A container's backoff entry (upstream's flowcontrol.Backoff entry): the delay its next exit waits. */
export interface BackoffState {
  readonly delayMs: number;
}

/**
 * What an exit of the container waits before its restart, and the entry after that restart
 * (upstream's doBackOff over flowcontrol.Backoff): without an entry — the first exit, or the first
 * after a run of `resetAfterMs` — the restart is immediate and the entry starts at `initialMs`;
 * with one, the exit waits its delay, which then doubles (at most `maxMs`).
 */
export function restartBackoff(previous: BackoffState | undefined, ranForMs: number, options: BackoffOptions = DEFAULT_BACKOFF): { readonly waitMs: number; readonly next: BackoffState } {
  if (!previous || ranForMs >= options.resetAfterMs) return { waitMs: 0, next: { delayMs: options.initialMs } };
  return { waitMs: previous.delayMs, next: { delayMs: Math.min(options.maxMs, previous.delayMs * 2) } };
}
