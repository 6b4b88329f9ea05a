// The controller-manager process: the EndpointSlice, ReplicaSet and Deployment controllers, the garbage collector and node IPAM (DESIGN §5).
import { runComponent } from '@kubeledger/client';
import { loadConfig } from './config.js';
import { DeploymentController } from './deployment/deployment.controller.js';
import { EndpointSliceController } from './endpointslice/endpointslice.controller.js';
import { GarbageCollector } from './garbagecollector/garbagecollector.controller.js';
import { NodeIpamController } from './nodeipam/nodeipam.controller.js';
import { ReplicaSetController } from './replicaset/replicaset.controller.js';

await runComponent({
  name: 'controller-manager',
  loadConfig,
  userAgent: () => 'kubeledger-controller-manager/0.1.0',
  lease: 'kube-controller-manager',
  create(config, { client, bus, log }) {
    const endpointSlices = new EndpointSliceController({ client, bus, workers: config.endpointSliceWorkers, retryMs: config.retryMs, log });
    const nodeIpam = new NodeIpamController({ client, bus, clusterCidr: config.clusterCidr, nodeCidrMaskSize: config.nodeCidrMaskSize, retryMs: config.retryMs, log });
    const replicaSets = new ReplicaSetController({ client, bus, workers: config.replicaSetWorkers, retryMs: config.retryMs, log });
    const deployments = new DeploymentController({ client, bus, workers: config.deploymentWorkers, retryMs: config.retryMs, log });
    const garbageCollector = new GarbageCollector({ client, bus, retryMs: config.retryMs, log });
    const controllers = [endpointSlices, nodeIpam, replicaSets, deployments, garbageCollector];
    return {
      start: async () => (await Promise.all(controllers.map((c) => c.start()))).every(Boolean),
      run: () => controllers.forEach((c) => c.run()),
      stop: async () => void (await Promise.allSettled(controllers.map((c) => c.stop()))),
      summary: () =>
        `endpointslice: ${endpointSlices.services.list().length} services, ${endpointSlices.pods.list().length} pods, ${endpointSlices.slices.list().length} endpointslices; ` +
        `nodeipam: ${nodeIpam.nodes.list().length} nodes, cluster CIDR ${config.clusterCidr}, /${config.nodeCidrMaskSize} per node; ` +
        `replicaset: ${replicaSets.replicaSets.list().length} replicasets, ${replicaSets.pods.list().length} pods; ` +
        `deployment: ${deployments.deployments.list().length} deployments; ` +
        `garbagecollector: ${garbageCollector.graph.size} objects in the graph`,
    };
  },
});
