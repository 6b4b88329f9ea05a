// The apiserver process: the only file that listens. `npm start` runs it.
import { startTelemetry } from '@kubeledger/telemetry/node';
import closeWithGrace from 'close-with-grace';
import { redact } from '@kubeledger/migrations';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { startStorage } from './storage/start-storage.js';

const progress = (message: string) => console.log(`[apiserver] ${message}`);

const telemetry = startTelemetry();
let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(`[apiserver] ${(err as Error).message}`);
  process.exit(2);
}
progress(`starting: database ${redact(config.databaseUrl)}, NATS ${config.natsUrl}`);
let storage;
try {
  storage = await startStorage(config, progress);
} catch (err) {
  console.error(`[apiserver] could not start storage: ${(err as Error).message}`);
  console.error('[apiserver] Check that Postgres (DATABASE_URL) and nats-server with JetStream (NATS_URL) are running; see README.');
  process.exit(1);
}
const app = buildApp({
  storage,
  metricsHandler: telemetry.metricsHandler,
  limits: config,
  minRequestTimeoutSeconds: config.minRequestTimeoutSeconds,
  services: { serviceCidr: config.serviceCidr, nodePortRange: config.serviceNodePortRange },
});
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) console.error(`[apiserver] stopping after an error: ${err.message}`);
  else progress(`stopping (${signal ?? 'exit'})`);
  await app.close();
  await storage.close();
  await telemetry.shutdown();
  progress('stopped');
});
const address = await app.listen({ host: config.host, port: config.port });
progress(`ready: ${address} (health: ${address}/readyz, metrics: ${address}/metrics)`);
