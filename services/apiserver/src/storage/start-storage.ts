import { Relay, connectBus, type BusConnection } from '@kubeledger/bus';
import { PgLeaderLock, PostgresEventStore } from '@kubeledger/event-store';
import { ensureDatabase } from '@kubeledger/migrations';
import type { Config } from '../config.js';

/** The apiserver's storage side: the event store and the relay that carries its log to NATS. */
export interface Storage {
  readonly store: PostgresEventStore;
  readonly bus: BusConnection;
  readonly relay: Relay;
  close(): Promise<void>;
}

export type Progress = (message: string) => void;

/**
 * Creates the database if needed, applies migrations, connects to NATS, and starts this
 * replica's relay — which leads only while it holds the Postgres leader lock, and is woken by
 * every local commit (other replicas' commits reach it by polling).
 */
export async function startStorage(config: Config, progress: Progress = () => undefined): Promise<Storage> {
  if (await ensureDatabase(config.databaseUrl)) progress('created the database');
  const store = await PostgresEventStore.open({ url: config.databaseUrl, partitionSize: config.partitionSize });
  progress('event store ready (migrations applied)');
  let bus: BusConnection;
  try {
    bus = await connectBus({ servers: config.natsUrl, prefix: config.subjectPrefix, stream: config.stream });
  } catch (err) {
    await store.close();
    throw err;
  }
  progress(`connected to NATS, stream ${config.stream}`);
  const relay = new Relay({
    bus,
    source: store,
    lock: new PgLeaderLock({ url: config.databaseUrl, name: `relay/${config.stream}` }),
    holder: config.instance,
    log: (message, err) => console.error(`relay: ${message}${err ? `: ${(err as Error).message ?? String(err)}` : ''}`),
  });
  const unsubscribe = store.onCommit(() => relay.poke());
  const running = relay.start();
  return {
    store,
    bus,
    relay,
    async close() {
      unsubscribe();
      await relay.stop();
      await running;
      await bus.close();
      await store.close();
    },
  };
}
