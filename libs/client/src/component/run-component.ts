import { shutdownTracing } from '@kubeledger/telemetry';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { connectBus, type BusConnection, type ResolvedBusConfig } from '@kubeledger/bus';
import type { LeaderElectionSettings } from '@kubeledger/api';
import { LeaderElector } from '../leader-election/leader-elector.js';
import { KubeClient } from '../rest/kube-client.js';
import { loadKubeconfig } from '../rest/kubeconfig.js';

/** A component's controllers, as its process runs them. */
export interface Component {
  /** Starts the informers; resolves false when stopped before they synced. */
  start(): Promise<boolean>;
  /** Starts the work: at once, or once the Lease is won when leader election is on. */
  run(): void;
  /** Stops the work and the informers. */
  stop(): Promise<void>;
  /** What the `ready (…)` line says (cache sizes, settings). */
  summary(): string;
}

/** The settings every component process has. */
export interface ComponentSettings {
  readonly kubeconfig: string;
  readonly bus: ResolvedBusConfig;
  readonly leaderElection?: LeaderElectionSettings;
  /** Most connections to the apiserver at once (KUBELEDGER_API_CONNECTIONS): see ClientConfig.maxConnections. */
  readonly apiConnections?: number;
}

export interface RunComponentOptions<C extends ComponentSettings> {
  /** `scheduler`: the log prefix and the NATS connection's name. */
  readonly name: string;
  /** Parses the settings; throws with every problem listed. */
  loadConfig(): C;
  userAgent(config: C): string;
  /** The Lease in kube-system a replica must hold to work, when its leader election is on. */
  readonly lease?: string;
  /** `ca`: the CA bundle (PEM) the kubeconfig verifies the apiserver with — the cluster CA. */
  create(config: C, deps: { readonly client: KubeClient; readonly bus: BusConnection; readonly log: (message: string) => void; readonly ca: string }): Component;
}

/**
 * A component's `main` (DESIGN §5): settings (exit 2 when invalid), its REST client and NATS
 * connection (exit 1 when NATS cannot be reached), its controllers started and, once their
 * informers synced, `ready (…)` and the work — under leader election when configured, as
 * kube-scheduler and kube-controller-manager (identity `<hostname>_<uuid>` unless set): a replica
 * that loses its Lease exits. SIGTERM/SIGINT
 * stop the work, then release the Lease (nothing more gets written after), then close the
 * connections; a stop that takes over 10 s exits 1.
 */
export async function runComponent<C extends ComponentSettings>(options: RunComponentOptions<C>): Promise<void> {
  const { name } = options;
  const log = (message: string) => console.log(`[${name}] ${message}`);
  const fail = (message: string) => console.error(`[${name}] ${message}`);
  let config: C;
  let client: KubeClient;
  /** When on: the Lease, the settings, and leader election's own client (as kube-controller-manager's: its renewals never wait behind the controllers' requests for a connection). */
  let election: { readonly lease: string; readonly settings: LeaderElectionSettings; readonly client: KubeClient } | undefined;
  let ca: string;
  try {
    config = options.loadConfig();
    const kubeconfig = loadKubeconfig(config.kubeconfig);
    ca = kubeconfig.ca;
    const userAgent = options.userAgent(config);
    client = new KubeClient({ ...kubeconfig, userAgent, ...(config.apiConnections && { maxConnections: config.apiConnections }) });
    if (options.lease && config.leaderElection) {
      election = { lease: options.lease, settings: config.leaderElection, client: new KubeClient({ ...kubeconfig, userAgent: `${userAgent}/leader-election` }) };
    }
  } catch (err) {
    fail((err as Error).message);
    process.exit(2);
  }
  let bus: BusConnection;
  try {
    bus = await connectBus(config.bus, { name: `${name}-${process.pid}` });
  } catch (err) {
    fail(`could not connect to NATS at ${config.bus.servers}: ${(err as Error).message} — is nats-server running there (NATS_URL)?`);
    await client.close();
    await election?.client.close();
    process.exit(1);
  }

  const component = options.create(config, { client, bus, log, ca });
  const elector = election
    ? new LeaderElector({ client: election.client, namespace: 'kube-system', name: election.lease, ...election.settings, identity: election.settings.identity ?? `${os.hostname()}_${randomUUID()}`, log })
    : undefined;
  const campaign: { running?: Promise<void> } = {};
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    stopping ??= (async () => {
      log(`${signal}: stopping`);
      const force = setTimeout(() => {
        fail('did not stop within 10 s, exiting');
        process.exit(1);
      }, 10_000);
      force.unref();
      await component.stop();
      elector?.stop();
      await campaign.running;
      await bus.close();
      await client.close();
      await election?.client.close();
      await shutdownTracing();
      log('stopped');
      process.exit(0);
    })();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  if (!(await component.start()) || stopping) return;
  log(`ready (${component.summary()})`);
  if (!elector) return component.run();
  log(`leader election on: ${elector.identity} campaigning for lease kube-system/${options.lease}`);
  campaign.running = elector.run({
    onStartedLeading: () => component.run(),
    onNewLeader: (identity) => log(`leader is ${identity}`),
    onStoppedLeading: () => {
      if (stopping) return;
      fail('leader election lost, exiting');
      process.exit(1);
    },
  });
}
