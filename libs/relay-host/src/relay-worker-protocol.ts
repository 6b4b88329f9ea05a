import type { BusConfig, RelayOptions, RelayStats } from '@kubeledger/bus';

/** What the relay thread is started with. */
export interface RelayWorkerData {
  readonly databaseUrl: string;
  readonly bus: BusConfig;
  readonly holder: string;
  /** One leader per name per database (default `relay/<stream>`). */
  readonly lockName: string;
  readonly relay: RelayTuning;
}

export type RelayTuning = Partial<Pick<RelayOptions, 'batchSize' | 'maxInFlight' | 'ackWindow' | 'idlePollMs' | 'standbyRetryMs' | 'checkpointEveryMs'>>;

/** Main thread → relay thread. */
export type ToRelayWorker = { readonly kind: 'poke' } | { readonly kind: 'stop' };

/** Relay thread → main thread. */
export type FromRelayWorker =
  | {
      readonly kind: 'progress';
      readonly stats: RelayStats;
      /** Commit → ack latencies (seconds) of the records published since the last message. */
      readonly latencies: readonly number[];
      /** Batches published since the last message: [last revision, count, acked at (ms since the epoch)]. */
      readonly published: ReadonlyArray<readonly [number, number, number]>;
    }
  | { readonly kind: 'log'; readonly message: string }
  | { readonly kind: 'stopped' };
