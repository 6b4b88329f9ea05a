import { busConfig, type BusConfig } from '../bus-config.js';
import { connectBus, type BusConnection } from '../connect.js';
import { ensureStream } from '../stream.js';

export interface TestBus {
  readonly config: BusConfig;
  readonly conn: BusConnection;
  /** Deletes the stream and closes the connection. */
  cleanup(): Promise<void>;
}

/**
 * A connection to the test NATS server (`NATS_URL`, default 127.0.0.1:4222) with a stream and
 * subject prefix of its own (`t<random>` / `T<RANDOM>`), so tests never collide. The stream exists.
 */
export async function createTestBus(overrides: Partial<BusConfig> = {}): Promise<TestBus> {
  const prefix = `t${Math.random().toString(36).slice(2, 12)}`;
  const config = busConfig({
    servers: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
    prefix,
    stream: prefix.toUpperCase(),
    maxAge: 60 * 60 * 1000,
    ...overrides,
  });
  const conn = await connectBus(config, { name: `kubeledger-test-${prefix}` });
  try {
    await ensureStream(conn);
  } catch (err) {
    await conn.close();
    throw err;
  }
  return {
    config,
    conn,
    cleanup: async () => {
      try {
        await conn.jsm.streams.delete(config.stream);
      } catch {
        // already gone
      } finally {
        await conn.close();
      }
    },
  };
}
