// The proxy process: routes Service ClusterIP:port (and NodePorts) to ready endpoints (DESIGN §5).
import { connectBus, type BusConnection } from '@kubeledger/bus';
import { KubeClient, loadKubeconfig } from '@kubeledger/client';
import { loadConfig, type Config } from './config.js';
import { ProxyController } from './proxy.controller.js';

const log = (message: string) => console.log(`[proxy] ${message}`);

let config: Config;
let client: KubeClient;
try {
  config = loadConfig();
  client = new KubeClient({ ...loadKubeconfig(config.kubeconfig), userAgent: 'kubeledger-proxy/0.1.0' });
} catch (err) {
  console.error(`[proxy] ${(err as Error).message}`);
  process.exit(2);
}
let bus: BusConnection;
try {
  bus = await connectBus(config.bus, { name: `proxy-${process.pid}` });
} catch (err) {
  console.error(`[proxy] could not connect to NATS at ${config.bus.servers}: ${(err as Error).message}`);
  await client.close();
  process.exit(1);
}
const controller = new ProxyController({ client, bus, nodePortAddress: config.nodePortAddress, log });
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  await controller.stop();
  await bus.close();
  await client.close();
  log('stopped');
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
await controller.start();
log(`ready (${controller.services.list().length} services, node ports on ${config.nodePortAddress})`);
