// The scheduler process: binds unscheduled pods to nodes (DESIGN §5).
import { connectBus, type BusConnection } from '@kubeledger/bus';
import { KubeClient, LeaderElector, loadKubeconfig } from '@kubeledger/client';
import { loadConfig, type Config } from './config.js';
import { SchedulerController } from './scheduler.controller.js';

const log = (message: string) => console.log(`[scheduler] ${message}`);

let config: Config;
let client: KubeClient;
try {
  config = loadConfig();
  client = new KubeClient({ ...loadKubeconfig(config.kubeconfig), userAgent: `kubeledger-scheduler/0.1.0 (${config.schedulerName})` });
} catch (err) {
  console.error(`[scheduler] ${(err as Error).message}`);
  process.exit(2);
}

let bus: BusConnection;
try {
  bus = await connectBus(config.bus, { name: `scheduler-${config.schedulerName}-${process.pid}` });
} catch (err) {
  console.error(`[scheduler] could not connect to NATS at ${config.bus.servers}: ${(err as Error).message}`);
  await client.close();
  process.exit(1);
}

const controller = new SchedulerController({ client, bus, settings: config, log });
const election = config.leaderElection;
const elector = election
  ? new LeaderElector({ client, namespace: 'kube-system', name: 'kube-scheduler', ...election, log })
  : undefined;
let electing: Promise<void> | undefined;

let stopping: Promise<void> | undefined;
const shutdown = (signal: string) => {
  stopping ??= (async () => {
    log(`${signal}: stopping`);
    const force = setTimeout(() => {
      console.error('[scheduler] did not stop within 10 s, exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    await controller.stop();
    // After the loop stopped: the lease is released only once nothing more gets bound.
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

if (await controller.start()) {
  log(`ready (${config.schedulerName}: ${controller.nodes.list().length} nodes, ${controller.pods.list().length} pods, ${controller.queue.stats.active} to schedule)`);
  if (!elector) void controller.runLoop();
  else {
    log(`leader election on: ${elector.identity} campaigning for lease kube-system/kube-scheduler`);
    electing = elector.run({
      onStartedLeading: () => void controller.runLoop(),
      onNewLeader: (identity) => log(`leader is ${identity}`),
      onStoppedLeading: () => {
        if (stopping) return;
        // As kube-scheduler: a replica that lost its lease exits (and is restarted as a follower).
        console.error('[scheduler] leader election lost, exiting');
        process.exit(1);
      },
    });
  }
}
