// The controller-manager process: the EndpointSlice, ReplicaSet, Deployment and Job controllers, the garbage collector, the namespace controller, node IPAM, node lifecycle and taint eviction, the ServiceAccounts controller, the root CA publisher and the TTL-after-finished controller (DESIGN §5).
import { runComponent, SharedInformers } from '@kubeledger/client';
import { loadConfig } from './config.js';
import { DaemonSetController } from './daemonset/daemonset.controller.js';
import { DeploymentController } from './deployment/deployment.controller.js';
import { DisruptionController } from './disruption/disruption.controller.js';
import { EndpointSliceController } from './endpointslice/endpointslice.controller.js';
import { JobController } from './job/job.controller.js';
import { NamespaceController } from './namespace/namespace.controller.js';
import { GarbageCollector } from './garbagecollector/garbagecollector.controller.js';
import { NodeIpamController } from './nodeipam/nodeipam.controller.js';
import { NodeLifecycleController } from './nodelifecycle/nodelifecycle.controller.js';
import { ReplicaSetController } from './replicaset/replicaset.controller.js';
import { RootCaCertPublisher } from './rootcacertpublisher/rootcacertpublisher.controller.js';
import { ServiceAccountsController } from './serviceaccount/serviceaccounts.controller.js';
import { TaintEvictionController } from './tainteviction/tainteviction.controller.js';
import { TtlAfterFinishedController } from './ttlafterfinished/ttlafterfinished.controller.js';

await runComponent({
  name: 'controller-manager',
  loadConfig,
  userAgent: () => 'kubeledger-controller-manager/0.1.0',
  lease: 'kube-controller-manager',
  create(config, { client, bus, log, ca }) {
    // One cache per resource for every controller (client-go's SharedInformerFactory).
    const informers = new SharedInformers({ client, bus, log });
    const endpointSlices = new EndpointSliceController({ client, informers, workers: config.endpointSliceWorkers, retryMs: config.retryMs, log });
    const nodeIpam = new NodeIpamController({ client, informers, clusterCidr: config.clusterCidr, nodeCidrMaskSize: config.nodeCidrMaskSize, retryMs: config.retryMs, log });
    const replicaSets = new ReplicaSetController({ client, informers, workers: config.replicaSetWorkers, retryMs: config.retryMs, log });
    const deployments = new DeploymentController({ client, informers, workers: config.deploymentWorkers, retryMs: config.retryMs, log });
    const daemonSets = new DaemonSetController({ client, informers, workers: config.daemonSetWorkers, retryMs: config.retryMs, log });
    const jobs = new JobController({ client, informers, workers: config.jobWorkers, podFailureBackoffMs: config.jobPodFailureBackoffMs, retryMs: config.retryMs, log });
    const garbageCollector = new GarbageCollector({ client, informers, retryMs: config.retryMs, log });
    const namespaces = new NamespaceController({ client, informers, workers: config.namespaceWorkers, retryMs: config.retryMs, log });
    const disruption = new DisruptionController({ client, informers, retryMs: config.retryMs, log });
    const serviceAccounts = new ServiceAccountsController({ client, informers, retryMs: config.retryMs, log });
    const rootCaPublisher = new RootCaCertPublisher({ client, bus, informers, rootCa: config.rootCa ?? ca, retryMs: config.retryMs, log });
    const nodeLifecycle = new NodeLifecycleController({
      client,
      bus,
      informers,
      monitorPeriodMs: config.nodeMonitorPeriodMs,
      settings: {
        gracePeriodMs: config.nodeMonitorGracePeriodMs,
        startupGracePeriodMs: config.nodeStartupGracePeriodMs,
        evictionRate: config.nodeEvictionRate,
        secondaryEvictionRate: config.secondaryNodeEvictionRate,
        largeClusterThreshold: config.largeClusterSizeThreshold,
        unhealthyZoneThreshold: config.unhealthyZoneThreshold,
      },
      retryMs: config.retryMs,
      log,
    });
    const taintEviction = new TaintEvictionController({ client, informers, retryMs: config.retryMs, log });
    const ttlAfterFinished = new TtlAfterFinishedController({ client, informers, retryMs: config.retryMs, log });
    const controllers = [endpointSlices, nodeIpam, replicaSets, deployments, daemonSets, jobs, garbageCollector, namespaces, serviceAccounts, rootCaPublisher, disruption, nodeLifecycle, taintEviction, ttlAfterFinished];
    return {
      start: async () => (await Promise.all(controllers.map((c) => c.start()))).every(Boolean),
      run: () => controllers.forEach((c) => c.run()),
      stop: async () => {
        await Promise.allSettled(controllers.map((c) => c.stop()));
        await informers.stop();
      },
      summary: () =>
        `${informers.size} shared informers; endpointslice: ${endpointSlices.services.list().length} services, ${endpointSlices.pods.list().length} pods, ${endpointSlices.slices.list().length} endpointslices; ` +
        `nodeipam: ${nodeIpam.nodes.list().length} nodes, cluster CIDR ${config.clusterCidr}, /${config.nodeCidrMaskSize} per node; ` +
        `replicaset: ${replicaSets.replicaSets.list().length} replicasets, ${replicaSets.pods.list().length} pods; ` +
        `deployment: ${deployments.deployments.list().length} deployments; ` +
        `daemonset: ${daemonSets.daemonSets.list().length} daemonsets, ${daemonSets.nodes.list().length} nodes; ` +
        `job: ${jobs.jobs.list().length} jobs; ` +
        `garbagecollector: ${garbageCollector.graph.size} objects in the graph; ` +
        `namespace: ${namespaces.namespaces.list().filter((ns) => ns.metadata?.['deletionTimestamp'] !== undefined).length} namespaces terminating; ` +
        `disruption: ${disruption.pdbs.list().length} poddisruptionbudgets; ` +
        `serviceaccount: ${serviceAccounts.namespaces.list().length} namespaces; ` +
        `root-ca-cert-publisher: ${rootCaPublisher.configMaps.list().length} kube-root-ca.crt configmaps; ` +
        `nodelifecycle: ${nodeLifecycle.nodes.list().length} nodes, ${nodeLifecycle.leases.list().length} node leases; ` +
        `tainteviction: ${taintEviction.evictions.size} pod evictions scheduled; ` +
        `ttl-after-finished: ${ttlAfterFinished.jobs.list().length} jobs`,
    };
  },
});
