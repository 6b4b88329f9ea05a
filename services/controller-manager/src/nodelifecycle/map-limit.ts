/** Nodes handled at once (upstream's nodeUpdateWorkerSize). */
const PARALLELISM = 8;

/** `fn` over `items`, at most {@link PARALLELISM} at a time (workqueue.ParallelizeUntil). */
export async function mapLimit<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLELISM, items.length) }, worker));
  return results;
}
