/** Upstream's `SlowStartInitialBatchSize`. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/**
 * Upstream's `slowStartBatch`: calls `fn` `count` times in batches of 1, 2, 4, … (each batch at
 * once, the next only when the whole batch succeeded), so a create that fails for every pod
 * (a quota, an admission webhook) fails once rather than `count` times. Resolves with the number
 * of calls that succeeded and the first error of the batch that failed.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<void>): Promise<{ readonly successes: number; readonly error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: size }, () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += size - failed.length;
    if (failed.length > 0) return { successes, error: failed[0]!.reason };
    remaining -= size;
  }
  return { successes };
}
