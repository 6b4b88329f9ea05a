import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchNatsServer, natsServerBinary, natsUserName, parseEnvFile, writeNatsConfig, type NatsComponent, type NatsServerProcess } from '@kubeledger/bus';
import { ensureDatabase } from '@kubeledger/migrations';
import type { ClusterPki } from '@kubeledger/pki';
import { DEFAULT_DATABASE_URL } from './credentials-command.js';
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

/**
 * `npm start` (`kubeledger up`): the control plane on this machine. With NATS_URL unset it starts
 * a nats-server of its own (from PATH, or /usr/sbin) with the generated per-component users
 * (`kubeledger nats-config`, under `<KUBELEDGER_STATE_DIR>/nats`) on KUBELEDGER_NATS_PORT (4223);
 * with NATS_URL set it uses that server as it is. Then the apiserver, and once it serves, the
 * components — the scheduler, the controller-manager, the proxy and KUBELEDGER_NODES kubelets
 * (runtime KUBELEDGER_RUNTIME) — each with a client certificate of its own identity
 * (`system:kube-scheduler`, `system:kube-controller-manager`, `system:kube-proxy`,
 * `system:node:node-<i>`) and its own NATS user. Each kubelet serves container logs on port
 * KUBELEDGER_KUBELET_PORT + i (10250 + i; 0: free ports) with a serving certificate from the
 * cluster CA, which the apiserver verifies (KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY). SIGINT/SIGTERM stop the
 * components, the apiserver, then NATS. Resolves with the apiserver's exit code.
 */
export async function upCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const stateDir = path.resolve(env['KUBELEDGER_STATE_DIR'] ?? '.kubeledger');
  const nodes = Array.from({ length: Number(env['KUBELEDGER_NODES'] ?? 2) }, (_, i) => `node-${i + 1}`);
  const runtime = env['KUBELEDGER_RUNTIME'] ?? 'process';
  const databaseUrl = env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  const pkiDir = path.join(stateDir, 'pki');
  // The cluster CA before the apiserver starts: it verifies kubelets with it.
  let pki: ClusterPki;
  try {
    await ensureDatabase(databaseUrl);
    pki = await loadPki(databaseUrl);
  } catch (err) {
    console.error(`[kubeledger] could not read or create the cluster CA in the database: ${(err as Error).message}`);
    console.error('[kubeledger] Check that Postgres (DATABASE_URL) is running; see README.');
    return 1;
  }
  let nats: NatsServerProcess | undefined;
  let natsEnv: (component: NatsComponent, node?: string) => Promise<Record<string, string>> = async () => ({});
  const apiserverEnv: NodeJS.ProcessEnv = {
    ...env,
    KUBELEDGER_KUBECONFIG: env['KUBELEDGER_KUBECONFIG'] ?? path.join(stateDir, 'kubeconfig'),
    KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY: env['KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY'] ?? (await writeClusterCa(pki, pkiDir)),
  };
  if (!env['NATS_URL']) {
    const port = Number(env['KUBELEDGER_NATS_PORT'] ?? 4223);
    const dir = path.join(stateDir, 'nats');
    const written = await writeNatsConfig({ dir, nodes, port, host: '127.0.0.1', storeDir: path.join(dir, 'store') });
    progress(`starting nats-server on 127.0.0.1:${port} with one user per component (${written.configPath})`);
    nats = await launchNatsServer(written.configPath, { binary: natsServerBinary(env) });
    natsEnv = async (component, node) => parseEnvFile(await readFile(written.envFiles.get(natsUserName(component, node))!, 'utf8'));
    Object.assign(apiserverEnv, await natsEnv('apiserver'));
  } else {
    progress(`using the nats-server at ${env['NATS_URL']}`);
  }

  const apiserver = startService('apiserver', path.join(SERVICES, 'apiserver/src/main.ts'), apiserverEnv);
  const children: { child: ChildProcess }[] = [];
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const { child } of [...children].reverse()) if (child.exitCode === null) child.kill('SIGTERM');
    if (apiserver.child.exitCode === null) apiserver.child.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const serverUrl = await apiserver.ready;
  if (serverUrl && !stopping) {
    const kubeletPort = Number(env['KUBELEDGER_KUBELET_PORT'] ?? 10250);
    const nodeAddress = env['KUBELEDGER_NODE_ADDRESS'] ?? '127.0.0.1';
    const kubeletEnv = async (node: string, i: number) => ({
      KUBELEDGER_NODE_NAME: node,
      KUBELEDGER_RUNTIME: runtime,
      KUBELEDGER_STATE_DIR: path.join(stateDir, `kubelet-${node}`),
      KUBELEDGER_KUBELET_PORT: String(kubeletPort === 0 ? 0 : kubeletPort + i),
      ...(await writeKubeletServingCertificate(pki, pkiDir, node, nodeAddress)),
    });
    const components: Component[] = [
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
    for (const c of components) {
      const kubeconfig = await writeCredentials(pki, { user: c.user, groups: c.groups, server: serverUrl, out: path.join(stateDir, `${c.user.replace(/[^A-Za-z0-9._-]/g, '_')}.kubeconfig`) });
      const componentEnv = { ...env, ...(await natsEnv(c.nats.component, c.nats.node)), KUBECONFIG: kubeconfig, ...c.env };
      children.push(startService(c.label, path.join(SERVICES, c.service, 'src/main.ts'), componentEnv));
    }
    progress(`started ${components.map((c) => c.label).join(', ')} (runtime ${runtime})`);
  }

  const code = await apiserver.exited;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  stop();
  await Promise.all(children.map(({ child }) => exitOf(child)));
  if (nats) {
    await nats.stop();
    progress('nats-server stopped');
  }
  return code;
}

/** A service process whose output goes to ours; `ready` resolves with the apiserver's URL once it says so (undefined if it exits first). */
function startService(label: string, main: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const exited = exitOf(child).then((code) => {
    resolveReady(undefined);
    if (code !== 0) progress(`${label} exited with ${code}`);
    return code;
  });
  return { child, ready, exited };
}

/** Resolves with the exit code once the process has ended and its output is drained ('close'). */
function exitOf(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? (signal ? 0 : 1))));
}
