// The controller-manager process: the EndpointSlice controller and node IPAM (DESIGN §5).
import { runComponent } from '@kubeledger/client';
import { loadConfig } from './config.js';
import { EndpointSliceController } from './endpointslice/endpointslice.controller.js';
import { NodeIpamController } from './nodeipam/nodeipam.controller.js';

await runComponent({
  name: 'controller-manager',
  loadConfig,
  userAgent: () => 'kubeledger-controller-manager/0.1.0',
  lease: 'kube-controller-manager',
  create(config, { client, bus, log }) {
    const endpointSlices = new EndpointSliceController({ client, bus, workers: config.endpointSliceWorkers, retryMs: config.retryMs, log });
    const nodeIpam = new NodeIpamController({ client, bus, clusterCidr: config.clusterCidr, nodeCidrMaskSize: config.nodeCidrMaskSize, retryMs: config.retryMs, log });
    return {
      start: async () => (await Promise.all([endpointSlices.start(), nodeIpam.start()])).every(Boolean),
      run: () => {
        endpointSlices.run();
        nodeIpam.run();
      },
      stop: async () => void (await Promise.allSettled([endpointSlices.stop(), nodeIpam.stop()])),
      summary: () =>
        `endpointslice: ${endpointSlices.services.list().length} services, ${endpointSlices.pods.list().length} pods, ${endpointSlices.slices.list().length} endpointslices; ` +
        `nodeipam: ${nodeIpam.nodes.list().length} nodes, cluster CIDR ${config.clusterCidr}, /${config.nodeCidrMaskSize} per node`,
    };
  },
});
