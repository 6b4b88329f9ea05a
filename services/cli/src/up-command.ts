import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NatsComponent } from '@kubeledger/bus';
import { ensureDatabase, redact } from '@kubeledger/migrations';
import { REGISTER_ENTRY } from '@kubeledger/telemetry';
import type { ClusterPki } from '@kubeledger/pki';
import { findNatsServer, startLocalNats, type LocalNats } from './local-nats.js';
import { startLocalPostgres, type LocalPostgres } from './local-postgres.js';
import { StartError } from './start-error.js';
import { loadPki, writeCredentials } from './write-credentials.js';
import { writeClusterCa, writeKubeletServingCertificate } from './write-kubelet-pki.js';

const SERVICES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const progress = (message: string) => console.log(`[kubeledger] ${message}`);

/** A component `up` starts: its service, identity, NATS user and settings. */
interface Component {
  readonly label: string;
  readonly service: string;
  readonly user: string;
  readonly groups: readonly string[];
  readonly nats: { readonly component: NatsComponent; readonly node?: string };
  readonly env: Record<string, string>;
}

/** What a signal asks of `up`: `requested` once one came; `stopServices` is set once services run. */
interface Shutdown {
  requested: boolean;
  stopServices: () => void;
}

/**
 * `npm start` (`kubeledger up`): the control plane on this machine, its state in
 * KUBELEDGER_STATE_DIR (`.kubeledger` in the working directory). With DATABASE_URL unset it starts
 * an embedded Postgres of its own (`local-postgres.ts`: data in `<state>/postgres`, on
 * 127.0.0.1:KUBELEDGER_POSTGRES_PORT, 5433); with NATS_URL unset a nats-server of its own (from PATH,
 * /usr/sbin or NATS_SERVER_BIN; `local-nats.ts`) with the generated per-component users on
 * KUBELEDGER_NATS_PORT (4223) — it checks for the binary before starting anything. Then the
 * apiserver, and once it serves, the components — the scheduler, the controller-manager, the proxy
 * and KUBELEDGER_NODES kubelets (runtime KUBELEDGER_RUNTIME) — each with a client certificate of
 * its own identity (`system:kube-scheduler`, `system:kube-controller-manager`, `system:kube-proxy`,
 * `system:node:node-<i>`) and its own NATS user. Each kubelet serves container logs on port
 * KUBELEDGER_KUBELET_PORT + i (10250 + i; 0: free ports) with a serving certificate from the
 * cluster CA, which the apiserver verifies (KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY).
 * SIGINT/SIGTERM/SIGHUP stop the components, then the apiserver, then NATS, then Postgres.
 * Resolves with the apiserver's exit code (0 after a clean stop), 1 when something could not start.
 */
export async function upCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const stateDir = path.resolve(env['KUBELEDGER_STATE_DIR'] ?? '.kubeledger');
  const nodes = Array.from({ length: Number(env['KUBELEDGER_NODES'] ?? 2) }, (_, i) => `node-${i + 1}`);
  const shutdown: Shutdown = { requested: false, stopServices: () => {} };
  const onSignal = (signal: NodeJS.Signals) => {
    if (!shutdown.requested) progress(`stopping (${signal})`);
    shutdown.requested = true;
    shutdown.stopServices();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  let postgres: LocalPostgres | undefined;
  let nats: LocalNats | undefined;
  try {
    const natsBinary = env['NATS_URL'] ? undefined : findNatsServer(env);
    if (env['DATABASE_URL']) progress(`using the Postgres at ${redact(env['DATABASE_URL'])}`);
    else postgres = await startLocalPostgres({ stateDir, port: Number(env['KUBELEDGER_POSTGRES_PORT'] ?? 5433), progress });
    const databaseUrl = env['DATABASE_URL'] ?? postgres!.url;
    if (shutdown.requested) return 0;
    // The cluster CA before the apiserver starts: it verifies kubelets with it.
    const pki = await clusterPki(databaseUrl);
    if (natsBinary) nats = await startLocalNats({ binary: natsBinary, stateDir, nodes, port: Number(env['KUBELEDGER_NATS_PORT'] ?? 4223), progress });
    else progress(`using the nats-server at ${env['NATS_URL']}`);
    if (shutdown.requested) return 0;
    return await runServices({ env, stateDir, nodes, databaseUrl, pki, nats, shutdown });
  } catch (err) {
    if (!(err instanceof StartError)) throw err;
    if (shutdown.requested) return 0; // interrupted while starting: nothing to report
    console.error(`[kubeledger] ${err.message}`);
    return 1;
  } finally {
    if (nats) {
      await nats.stop();
      progress('nats-server stopped');
    }
    if (postgres) {
      await postgres.stop();
      progress('Postgres stopped');
    }
    for (const signal of signals) process.off(signal, onSignal);
  }
}

/** Creates the database if needed and loads (or, the first time, creates) the cluster CA in it. */
async function clusterPki(databaseUrl: string): Promise<ClusterPki> {
  try {
    await ensureDatabase(databaseUrl);
    return await loadPki(databaseUrl);
  } catch (err) {
    throw new StartError(`could not read or create the cluster CA in the database ${redact(databaseUrl)}: ${(err as Error).message}\nCheck that this Postgres is running and accepts the user in DATABASE_URL; see README.`);
  }
}

/** The apiserver, then (once it serves) the components; resolves with the apiserver's exit code once everything has stopped. */
async function runServices(o: { env: NodeJS.ProcessEnv; stateDir: string; nodes: readonly string[]; databaseUrl: string; pki: ClusterPki; nats: LocalNats | undefined; shutdown: Shutdown }): Promise<number> {
  const { env, stateDir, pki, nats, shutdown } = o;
  const runtime = env['KUBELEDGER_RUNTIME'] ?? 'process';
  const pkiDir = path.join(stateDir, 'pki');
  const natsEnv = (component: NatsComponent, node?: string) => nats?.envFor(component, node) ?? Promise.resolve({});
  const kubeconfig = path.resolve(env['KUBELEDGER_KUBECONFIG'] ?? path.join(stateDir, 'kubeconfig'));
  const apiserver = startService('apiserver', path.join(SERVICES, 'apiserver/src/main.ts'), {
    ...env,
    DATABASE_URL: o.databaseUrl,
    ...(await natsEnv('apiserver')),
    KUBELEDGER_KUBECONFIG: kubeconfig,
    KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY: env['KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY'] ?? (await writeClusterCa(pki, pkiDir)),
  });
  const children: Service[] = [];
  // The components first (they may still talk to the apiserver), then the apiserver.
  const stop = async () => {
    for (const { child } of [...children].reverse()) child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    apiserver.child.kill('SIGTERM');
  };
  shutdown.stopServices = () => void stop();
  if (shutdown.requested) shutdown.stopServices();

  let failed = false;
  const serverUrl = await apiserver.ready;
  if (serverUrl && !shutdown.requested) {
    try {
      const components = await componentsOf(o.nodes, runtime, env, pki, stateDir);
      for (const c of components) {
        if (shutdown.requested) break;
        const credentials = await writeCredentials(pki, { user: c.user, groups: c.groups, server: serverUrl, out: path.join(stateDir, `${c.user.replace(/[^A-Za-z0-9._-]/g, '_')}.kubeconfig`) });
        const componentEnv = { ...env, ...(await natsEnv(c.nats.component, c.nats.node)), KUBECONFIG: credentials, ...c.env };
        children.push(startService(c.label, path.join(SERVICES, c.service, 'src/main.ts'), componentEnv));
      }
      if (!shutdown.requested) {
        progress(`started ${components.map((c) => c.label).join(', ')} (runtime ${runtime})`);
        progress(`ready: export KUBECONFIG=${kubeconfig}   (Ctrl-C stops everything)`);
      }
    } catch (err) {
      console.error(`[kubeledger] could not start the components: ${(err as Error).message}`);
      failed = true;
      void stop();
    }
  }

  const code = await apiserver.exited;
  await stop();
  return failed ? 1 : code;
}

/** The scheduler, the controller-manager, the proxy and one kubelet per node (each with a serving certificate from the cluster CA). */
async function componentsOf(nodes: readonly string[], runtime: string, env: NodeJS.ProcessEnv, pki: ClusterPki, stateDir: string): Promise<Component[]> {
  const kubeletPort = Number(env['KUBELEDGER_KUBELET_PORT'] ?? 10250);
  const nodeAddress = env['KUBELEDGER_NODE_ADDRESS'] ?? '127.0.0.1';
  const kubeletEnv = async (node: string, i: number) => ({
    KUBELEDGER_NODE_NAME: node,
    KUBELEDGER_RUNTIME: runtime,
    KUBELEDGER_STATE_DIR: path.join(stateDir, `kubelet-${node}`),
    KUBELEDGER_KUBELET_PORT: String(kubeletPort === 0 ? 0 : kubeletPort + i),
    ...(await writeKubeletServingCertificate(pki, path.join(stateDir, 'pki'), node, nodeAddress)),
  });
  return [
    { label: 'scheduler', service: 'scheduler', user: 'system:kube-scheduler', groups: [], nats: { component: 'scheduler' }, env: {} },
    { label: 'controller-manager', service: 'controller-manager', user: 'system:kube-controller-manager', groups: [], nats: { component: 'controller-manager' }, env: {} },
    { label: 'proxy', service: 'proxy', user: 'system:kube-proxy', groups: [], nats: { component: 'proxy' }, env: {} },
    ...(await Promise.all(
      nodes.map(async (node, i) => ({
        label: `kubelet ${node}`,
        service: 'kubelet',
        user: `system:node:${node}`,
        groups: ['system:nodes'],
        nats: { component: 'kubelet' as const, node },
        env: await kubeletEnv(node, i),
      })),
    )),
  ];
}

/** A service process: its output goes to ours; `ready` resolves with the apiserver's URL once it says so (undefined if it exits first); `exited` with its exit code once it has ended and its output is drained. */
interface Service {
  readonly child: ChildProcess;
  readonly ready: Promise<string | undefined>;
  readonly exited: Promise<number>;
}

function startService(label: string, main: string, env: NodeJS.ProcessEnv): Service {
  // A process group of its own: Ctrl-C in the terminal reaches `up` alone, which stops the services in order.
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', REGISTER_ENTRY, main], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let resolveReady: (url: string | undefined) => void = () => {};
  const ready = new Promise<string | undefined>((resolve) => (resolveReady = resolve));
  const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    const text = chunk.toString();
    stream.write(text);
    const match = /\[apiserver\] ready: (https:\/\/\S+)/.exec(text);
    if (match) resolveReady(match[1]);
  };
  child.stdout!.on('data', forward(process.stdout));
  child.stderr!.on('data', forward(process.stderr));
  const exited = new Promise<number>((resolve) => child.once('close', (code, signal) => resolve(code ?? (signal ? 0 : 1)))).then((code) => {
    resolveReady(undefined);
    if (code !== 0) progress(`${label} exited with ${code}`);
    return code;
  });
  return { child, ready, exited };
}
