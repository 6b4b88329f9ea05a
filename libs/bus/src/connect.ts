import { connect, type NodeConnectionOptions } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { BusConfig } from './bus-config.js';
import { inboxPrefixFor } from './nats-permissions.js';

/** One NATS connection with its JetStream handles, and the config they serve. */
export interface BusConnection {
  readonly config: BusConfig;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** The server's `max_payload` in bytes (1 MiB unless configured otherwise). */
  readonly maxPayload: number;
  close(): Promise<void>;
}

/** Extra connection options (name, other credentials); `servers`, and `user`/`pass` when set, come from the config. */
export type BusConnectOptions = Omit<NodeConnectionOptions, 'servers'>;

const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/**
 * Connects to NATS. The connection reconnects forever (a relay or watch cache must outlive a NATS
 * restart); only {@link BusConnection.close} ends it.
 *
 * With `config.user` it authenticates as that user and puts its inboxes under the user's own
 * prefix ({@link inboxPrefixFor}), the only subjects the generated permissions let it subscribe to.
 */
export async function connectBus(config: BusConfig, options: BusConnectOptions = {}): Promise<BusConnection> {
  const credentials =
    config.user === undefined ? {} : { user: config.user, pass: config.pass ?? '', inboxPrefix: options.inboxPrefix ?? inboxPrefixFor(config.user) };
  const nc = await connect({
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // Otherwise every JetStream publish builds two Error objects (stack traces kept ready for a
    // timeout): measured as the relay's largest cost, ~13 % of the apiserver's CPU under load.
    noAsyncTraces: true,
    ...options,
    ...credentials,
    servers: config.servers.split(',').map((s) => s.trim()),
  });
  try {
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    return {
      config,
      nc,
      js,
      jsm,
      get maxPayload() {
        return nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
      },
      close: async () => {
        if (!nc.isClosed()) await nc.close();
      },
    };
  } catch (err) {
    await nc.close();
    throw err;
  }
}
