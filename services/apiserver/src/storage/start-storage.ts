import { PostgresEventStore } from '@kubeledger/event-store';
import { ensureDatabase } from '@kubeledger/migrations';
import { RelayThread } from '@kubeledger/relay-host';
import type { Config } from '../config.js';
import { startCompactionJob } from './compaction-job.js';

/** The apiserver's storage side: the event store, and the relay that carries its log to NATS. */
export interface Storage {
  readonly store: PostgresEventStore;
  readonly relay: RelayThread;
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
  const store = await PostgresEventStore.open({ url: config.databaseUrl, partitionSize: config.partitionSize });
  progress('event store ready (migrations applied)');
  const relay = RelayThread.start({
    databaseUrl: config.databaseUrl,
    bus: { servers: config.natsUrl, prefix: config.subjectPrefix, stream: config.stream },
    holder: config.instance,
    log: (message) => console.error(`[apiserver] relay: ${message}`),
  });
  const unsubscribe = store.onCommit(() => relay.poke());
  progress(`relay started for stream ${config.stream} on ${config.natsUrl}`);
  const compaction = startCompactionJob(store, config.compactionIntervalMs, (message) => console.error(`[apiserver] ${message}`));
  return {
    store,
    relay,
    async close() {
      await compaction.stop();
      unsubscribe();
      await relay.stop();
      await store.close();
    },
  };
}
