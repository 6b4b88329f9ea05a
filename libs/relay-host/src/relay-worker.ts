// The relay's thread (see relay-thread.ts): tails the event log and publishes it, off the event
// loop that serves requests. Talks to its parent only through the messages of relay-worker-protocol.ts.
// Tracing first: `--import` does not reach worker threads, so the relay's publish spans need it here.
import '@kubeledger/telemetry/register';
import { parentPort, workerData } from 'node:worker_threads';
import { Relay, connectBus, type RelayStats } from '@kubeledger/bus';
import { PgLeaderLock, PostgresEventStore } from '@kubeledger/event-store';
import { shutdownTracing } from '@kubeledger/telemetry';
import type { FromRelayWorker, RelayWorkerData, ToRelayWorker } from './relay-worker-protocol.js';

const port = parentPort!;
const data = workerData as RelayWorkerData;
const post = (message: FromRelayWorker) => port.postMessage(message);
const log = (message: string, err?: unknown) => post({ kind: 'log', message: err ? `${message}: ${(err as Error)?.message ?? String(err)}` : message });

const store = await PostgresEventStore.open({ url: data.databaseUrl, migrate: false, poolSize: 2 });
const bus = await connectBus(data.bus, { name: `relay ${data.holder}` });

let latencies: number[] = [];
let published: Array<readonly [number, number, number]> = [];
let lastPosted: RelayStats | undefined;
const relay = new Relay({
  ...data.relay,
  bus,
  source: store,
  lock: new PgLeaderLock({ url: data.databaseUrl, name: data.lockName }),
  holder: data.holder,
  log,
  onLatency: (seconds) => latencies.push(seconds),
  onPublished: (last, count, ackedAt) => {
    published.push([last, count, ackedAt]);
    flush();
  },
});

function flush(): void {
  const stats = relay.stats();
  const same = lastPosted && lastPosted.leader === stats.leader && lastPosted.publishedRevision === stats.publishedRevision && lastPosted.seenRevision === stats.seenRevision;
  if (same && latencies.length === 0 && published.length === 0) return;
  post({ kind: 'progress', stats, latencies, published });
  lastPosted = stats;
  latencies = [];
  published = [];
}

const running = relay.start();
const ticker = setInterval(flush, 100);
port.on('message', (message: ToRelayWorker) => {
  switch (message.kind) {
    case 'poke':
      relay.poke();
      return;
    case 'stop':
      clearInterval(ticker);
      void relay
        .stop()
        .then(() => running)
        .then(() => {
          flush();
          return Promise.all([bus.close(), store.close()]);
        })
        .catch((err: unknown) => log('stopping the relay failed', err))
        .then(shutdownTracing)
        .finally(() => post({ kind: 'stopped' }));
      return;
    default: {
      const never: never = message;
      log(`unknown message ${JSON.stringify(never)}`);
    }
  }
});
