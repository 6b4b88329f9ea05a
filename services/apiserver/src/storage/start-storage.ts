import { busConfig as makeBusConfig, connectBus, type BusConfig, type BusConnection } from '@kubeledger/bus';
import { PostgresEventStore } from '@kubeledger/event-store';
import { ensureDatabase } from '@kubeledger/migrations';
import { RelayThread } from '@kubeledger/relay-host';
import type { Config } from '../config.js';
import { RESOURCES } from '../registry/resources.js';
import { isStored } from '../registry/resource-definition.js';
import { WatchCache } from '../watch/watch-cache.js';
import { startCompactionJob } from './compaction-job.js';

/** The apiserver's storage side: the event store, and the relay that carries its log to NATS. */
export interface Storage {
  readonly store: PostgresEventStore;
  readonly relay: RelayThread;
  /** This replica's watch cache, fed by the stream. */
  readonly watchCache: WatchCache;
  close(): Promise<void>;
}

export type Progress = (message: string) => void;

/**
 * Creates the database if needed, applies migrations, starts the compaction job, and this
 * replica's relay on its own thread — it leads only while it holds the Postgres leader lock, and every local commit wakes it
 * (other replicas' commits reach it by polling).
 */
export async function startStorage(config: Config, progress: Progress = () => undefined): Promise<Storage> {
  if (await ensureDatabase(config.databaseUrl)) progress('created the database');
  const busConfig = makeBusConfig({ servers: config.natsUrl, prefix: config.subjectPrefix, stream: config.stream, ...config.natsCredentials });
  const store = await PostgresEventStore.open({ url: config.databaseUrl, partitionSize: config.partitionSize });
  progress('event store ready (migrations applied)');
  const relay = RelayThread.start({
    databaseUrl: config.databaseUrl,
    bus: busConfig,
    holder: config.instance,
    log: (message) => console.error(`[apiserver] relay: ${message}`),
  });
  const unsubscribe = store.onCommit(() => relay.poke());
  progress(`relay started for stream ${config.stream} on ${config.natsUrl}`);
  let bus: BusConnection;
  let watchCache: WatchCache;
  try {
    ({ bus, watchCache } = await startWatchCache(store, busConfig, config));
  } catch (err) {
    unsubscribe();
    await relay.stop();
    await store.close();
    throw err;
  }
  progress(`watch cache ready at revision ${watchCache.revision}`);
  const compaction = startCompactionJob(store, config.compactionIntervalMs, (message) => console.error(`[apiserver] ${message}`));
  return {
    store,
    relay,
    watchCache,
    async close() {
      await compaction.stop();
      await watchCache.stop();
      await bus.close();
      unsubscribe();
      await relay.stop();
      await store.close();
    },
  };
}

/** The watch cache on a NATS connection of its own. */
async function startWatchCache(store: PostgresEventStore, busConfig: BusConfig, config: Config): Promise<{ bus: BusConnection; watchCache: WatchCache }> {
  const bus = await connectBus(busConfig, { name: `kubeledger-apiserver-${config.instance}-watch-cache` });
  try {
    const watchCache = await WatchCache.start(store, bus, {
      resources: RESOURCES.filter(isStored),
      capacity: config.watchCacheCapacity,
      bookmarkIntervalMs: config.watchBookmarkIntervalMs,
      log: (message) => console.error(`[apiserver] ${message}`) });
    return { bus, watchCache };
  } catch (err) {
    await bus.close();
    throw err;
  }
}
