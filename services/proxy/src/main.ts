// The proxy process: routes Service ClusterIP:port (and NodePorts) to ready endpoints (DESIGN §5).
import { runComponent } from '@kubeledger/client';
import { loadConfig } from './config.js';
import { ProxyController } from './proxy.controller.js';

await runComponent({
  name: 'proxy',
  loadConfig,
  userAgent: () => 'kubeledger-proxy/0.1.0',
  create(config, { client, bus, log }) {
    const controller = new ProxyController({ client, bus, nodePortAddress: config.nodePortAddress, log });
    return {
      start: async () => {
        await controller.start();
        return true;
      },
      run: () => undefined, // the proxy works from its start: every replica programs its own node
      stop: () => controller.stop(),
      summary: () => `${controller.services.list().length} services, node ports on ${config.nodePortAddress}`,
    };
  },
});
