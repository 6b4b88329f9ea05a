// A relay alone in its own process, for the failover tests. It prints `LEADER` when it starts
// leading. Env: DATABASE_URL, NATS_URL, BUS_PREFIX, BUS_STREAM, HOLDER.
import { Relay, connectBus } from '@kubeledger/bus';
import { PgLeaderLock, PostgresEventStore } from '@kubeledger/event-store';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const url = env('DATABASE_URL');
const store = await PostgresEventStore.open({ url, migrate: false, poolSize: 2 });
const bus = await connectBus({ servers: env('NATS_URL'), prefix: env('BUS_PREFIX'), stream: env('BUS_STREAM') });
const relay = new Relay({
  bus,
  source: store,
  lock: new PgLeaderLock({ url, name: `relay/${env('BUS_STREAM')}` }),
  holder: env('HOLDER'),
  standbyRetryMs: 200,
});
const running = relay.start();
let leading = false;
const timer = setInterval(() => {
  const now = relay.stats().leader;
  if (now && !leading) process.stdout.write('LEADER\n');
  leading = now;
}, 20);
process.stdout.write('STARTED\n');
process.on('SIGTERM', () => {
  clearInterval(timer);
  void relay
    .stop()
    .then(() => running)
    .then(() => Promise.all([bus.close(), store.close()]))
    .finally(() => process.exit(0));
});
