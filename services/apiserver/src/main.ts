// The apiserver process: the only file that listens. `npm start` runs it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { shutdownTracing } from '@kubeledger/telemetry';
import { startTelemetry } from '@kubeledger/telemetry/node';
import closeWithGrace from 'close-with-grace';
import { redact } from '@kubeledger/migrations';
import { loadClusterPki } from '@kubeledger/pki';
import { buildApp } from './app.js';
import { ServiceAccountTokens } from './authentication/service-account-tokens.js';
import { parseTokenFile } from './authentication/static-token-file.js';
import { loadConfig } from './config.js';
import { startStorage } from './storage/start-storage.js';
import { kubeletClientTls } from './tls/kubelet-client-tls.js';
import { localUrl, servingTls, writeAdminKubeconfig } from './tls/serving-tls.js';

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
let security;
try {
  // The cluster CA and ServiceAccount key live in Postgres, shared by every replica (created by the first).
  const pki = await loadClusterPki(config.databaseUrl);
  security = {
    pki,
    https: await servingTls(config, pki),
    kubelet: await kubeletClientTls(config, pki),
    serviceAccountTokens: await ServiceAccountTokens.fromPem(pki.serviceAccountKey, config.serviceAccountIssuer),
    staticTokens: config.tokenAuthFile ? parseTokenFile(await readFile(config.tokenAuthFile, 'utf8')) : undefined,
  };
} catch (err) {
  console.error(`[apiserver] could not set up TLS and authentication: ${(err as Error).message}`);
  await storage.close();
  process.exit(2);
}
progress(config.tls.certFile ? `serving certificate from ${config.tls.certFile}` : 'serving certificate issued from the cluster CA');
const verify = config.tls.kubeletCertificateAuthorityFile;
progress(verify ? `kubelets' serving certificates verified against ${verify}` : "kubelets' serving certificates not verified (KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY unset)");
const app = buildApp({
  storage,
  metricsHandler: telemetry.metricsHandler,
  limits: config,
  minRequestTimeoutSeconds: config.minRequestTimeoutSeconds,
  services: { serviceCidr: config.serviceCidr, nodePortRange: config.serviceNodePortRange },
  disabledAdmissionPlugins: config.disabledAdmissionPlugins,
  defaultTolerationSeconds: config.defaultTolerationSeconds,
  https: security.https,
  kubelet: security.kubelet,
  authentication: {
    serviceAccountTokens: security.serviceAccountTokens,
    ...(security.staticTokens && { staticTokens: security.staticTokens }),
    anonymous: config.anonymousAuth,
    tokenExpiration: config.tokenExpiration,
  },
});
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) console.error(`[apiserver] stopping after an error: ${err.message}`);
  else progress(`stopping (${signal ?? 'exit'})`);
  await app.close();
  await storage.close();
  await telemetry.shutdown();
  await shutdownTracing();
  progress('stopped');
});
await app.listen({ host: config.host, port: config.port });
const address = app.server.address();
const url = localUrl(config.host, typeof address === 'object' && address ? address.port : config.port);
if (config.kubeconfigPath) {
  const kubeconfig = path.resolve(config.kubeconfigPath);
  await writeAdminKubeconfig(kubeconfig, url, security.pki);
  progress(`admin kubeconfig: ${kubeconfig} (export KUBECONFIG=${kubeconfig})`);
}
progress(`ready: ${url} (health: ${url}/readyz, metrics: ${url}/metrics)`);
