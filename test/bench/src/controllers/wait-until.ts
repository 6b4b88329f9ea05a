import { progress } from '../report.js';
import { now } from '../stats.js';

/**
 * Polls `check` every `everyMs` until it returns a value other than undefined; prints `describe()`
 * every 2 s while waiting. Throws, with the last description, after `timeoutMs`. Resolves with
 * the value and the milliseconds from `since` to the poll that saw it.
 */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined>, options: { since: number; timeoutMs: number; everyMs?: number; describe: () => string }): Promise<{ value: T; ms: number }> {
  const deadline = options.since + options.timeoutMs;
  let lastPrint = now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return { value, ms: now() - options.since };
    if (now() > deadline) throw new Error(`${what}: not reached after ${options.timeoutMs / 1000} s (${options.describe()})`);
    if (now() - lastPrint >= 2000) {
      lastPrint = now();
      progress(`  ${((now() - options.since) / 1000).toFixed(0)} s: ${options.describe()}`);
    }
    await new Promise((r) => setTimeout(r, options.everyMs ?? 100));
  }
}
