// The controller-manager process: the EndpointSlice controller and node IPAM (DESIGN §5).
import { connectBus, type BusConnection } from '@kubeledger/bus';
import { KubeClient, LeaderElector, loadKubeconfig } from '@kubeledger/client';
import { loadConfig, type Config } from './config.js';
import { EndpointSliceController } from './endpointslice/endpointslice.controller.js';
import { NodeIpamController } from './nodeipam/nodeipam.controller.js';

const log = (message: string) => console.log(`[controller-manager] ${message}`);

let config: Config;
let client: KubeClient;
try {
  config = loadConfig();
  client = new KubeClient({ ...loadKubeconfig(config.kubeconfig), userAgent: 'kubeledger-controller-manager/0.1.0' });
} catch (err) {
  console.error(`[controller-manager] ${(err as Error).message}`);
  process.exit(2);
}

let bus: BusConnection;
try {
  bus = await connectBus(config.bus, { name: `controller-manager-${process.pid}` });
} catch (err) {
  console.error(`[controller-manager] could not connect to NATS at ${config.bus.servers}: ${(err as Error).message}`);
  await client.close();
  process.exit(1);
}

const endpointSlices = new EndpointSliceController({ client, bus, workers: config.endpointSliceWorkers, retryMs: config.retryMs, log });
const nodeIpam = new NodeIpamController({ client, bus, clusterCidr: config.clusterCidr, nodeCidrMaskSize: config.nodeCidrMaskSize, retryMs: config.retryMs, log });
const election = config.leaderElection;
const elector = election ? new LeaderElector({ client, namespace: 'kube-system', name: 'kube-controller-manager', ...election, log }) : undefined;
let electing: Promise<void> | undefined;

const runControllers = () => {
  endpointSlices.run();
  nodeIpam.run();
};

let stopping: Promise<void> | undefined;
const shutdown = (signal: string) => {
  stopping ??= (async () => {
    log(`${signal}: stopping`);
    const force = setTimeout(() => {
      console.error('[controller-manager] did not stop within 10 s, exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    await Promise.allSettled([endpointSlices.stop(), nodeIpam.stop()]);
    // After the workers stopped: the lease is released only once nothing more gets written.
    elector?.stop();
    await electing;
    await bus.close();
    await client.close();
    log('stopped');
    process.exit(0);
  })();
};
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));

const synced = await Promise.all([endpointSlices.start(), nodeIpam.start()]);
if (synced.every(Boolean) && !stopping) {
  log(
    `ready (endpointslice: ${endpointSlices.services.list().length} services, ${endpointSlices.pods.list().length} pods, ${endpointSlices.slices.list().length} endpointslices; ` +
      `nodeipam: ${nodeIpam.nodes.list().length} nodes, cluster CIDR ${config.clusterCidr}, /${config.nodeCidrMaskSize} per node)`,
  );
  if (!elector) runControllers();
  else {
    log(`leader election on: ${elector.identity} campaigning for lease kube-system/kube-controller-manager`);
    electing = elector.run({
      onStartedLeading: runControllers,
      onNewLeader: (identity) => log(`leader is ${identity}`),
      onStoppedLeading: () => {
        if (stopping) return;
        // As kube-controller-manager: a replica that lost its lease exits (and is restarted as a follower).
        console.error('[controller-manager] leader election lost, exiting');
        process.exit(1);
      },
    });
  }
}
