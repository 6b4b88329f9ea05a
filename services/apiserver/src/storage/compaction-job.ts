import type { EventStore } from '@kubeledger/event-store';

export interface CompactionJob {
  stop(): Promise<void>;
}

/**
 * Compacts the log the way kube-apiserver drives etcd (`--etcd-compaction-interval`, default 5m):
 * every interval, compact to the head seen on the previous tick, so about one to two intervals of
 * history stay readable. The store never compacts past what the relay has published, and its
 * maintenance lock makes replicas doing the same harmless. `intervalMs` 0 disables it.
 */
export function startCompactionJob(store: EventStore, intervalMs: number, log: (message: string) => void): CompactionJob {
  if (intervalMs <= 0) return { stop: async () => undefined };
  let previousHead: number | undefined;
  let running: Promise<void> | undefined;
  const tick = async () => {
    try {
      if (previousHead !== undefined) {
        const { compactedRevision, droppedPartitions } = await store.compact(previousHead);
        if (droppedPartitions.length) log(`compacted to revision ${compactedRevision}, dropped ${droppedPartitions.join(', ')}`);
      }
      previousHead = await store.currentRevision();
    } catch (err) {
      log(`compaction failed (will try again): ${(err as Error).message}`);
    }
  };
  const timer = setInterval(() => {
    running ??= tick().finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
