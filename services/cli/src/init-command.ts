import { chown, copyFile, chmod, readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { natsUserName, writeNatsConfig, type NatsComponent } from '@kubeledger/bus';
import { ensureDatabase, redact } from '@kubeledger/migrations';
import type { ClusterPki } from '@kubeledger/pki';
import { DEFAULT_DATABASE_URL } from './credentials-command.js';
import { UsageError } from './usage-error.js';
import { loadPki, writeCredentials } from './write-credentials.js';
import { writeClusterCa, writeKubeletServingCertificate } from './write-kubelet-pki.js';

export const INIT_USAGE = `usage: kubeledger init --out <dir> [--server <url>] [--internal-server <url>] [--nodes <n>] [--node-address <ip>]
                      [--nats-url <url>] [--nats-store-dir <dir>] [--owner <uid>:<gid>] [--timeout <seconds>]

What a deployment of separate containers needs before it starts (the compose stack's init
service). Waits for Postgres (DATABASE_URL), creates the database and the cluster CA if they are
new, and writes into <dir>:
  kubeconfig                    the admin's (system:masters), for --server (the URL users reach)
  ca.crt                        the cluster CA
  nats/                         nats-server.conf (one user per component) and every <user>.env
  apiserver/                    ca.crt (kubelets' CA: KUBELEDGER_KUBELET_CERTIFICATE_AUTHORITY), nats.env
  scheduler/ controller-manager/ proxy/
                                kubeconfig (for --internal-server), nats.env
  kubelet-node-<i>/             kubeconfig, nats.env, kubelet-node-<i>.crt and .key (serving, for --node-address)
Running it again keeps the CA and the NATS passwords and issues fresh certificates.
Defaults: --server https://127.0.0.1:6443, --internal-server https://apiserver:6443, --nodes 3,
--node-address 127.0.0.1, --nats-url nats://nats:4222, --nats-store-dir <dir>/nats/store,
--timeout 60; --owner: leave the files to whoever runs this (give it when running as root).`;

/** The identities whose credentials `init` writes, with the directory each gets. */
interface Identity {
  readonly dir: string;
  readonly nats: { readonly component: NatsComponent; readonly node?: string };
  /** The client certificate's user and groups (none for the apiserver: it has the CA). */
  readonly user?: { readonly name: string; readonly groups: readonly string[] };
  readonly node?: string;
}

export interface InitOptions {
  readonly out: string;
  readonly server: string;
  readonly internalServer: string;
  readonly nodes: readonly string[];
  readonly nodeAddress: string;
  readonly natsUrl: string;
  readonly natsStoreDir: string;
  readonly owner?: { readonly uid: number; readonly gid: number };
  readonly timeoutMs: number;
}

/** Parses `kubeledger init`'s arguments; throws a UsageError naming what is wrong. */
export function parseInitArgs(args: readonly string[]): InitOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      out: { type: 'string' },
      server: { type: 'string', default: 'https://127.0.0.1:6443' },
      'internal-server': { type: 'string', default: 'https://apiserver:6443' },
      nodes: { type: 'string', default: '3' },
      'node-address': { type: 'string', default: '127.0.0.1' },
      'nats-url': { type: 'string', default: 'nats://nats:4222' },
      'nats-store-dir': { type: 'string' },
      owner: { type: 'string' },
      timeout: { type: 'string', default: '60' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.out) throw new UsageError('--out is required: the directory the credentials go to');
  for (const option of ['server', 'internal-server'] as const) {
    if (!/^https:\/\/[^/\s]+/.test(values[option])) throw new UsageError(`--${option} must be an https:// URL, not ${JSON.stringify(values[option])}`);
  }
  const count = Number(values.nodes);
  if (!Number.isInteger(count) || count < 0) throw new UsageError('--nodes must be a whole number of kubelets');
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(values['node-address'])) throw new UsageError('--node-address must be an IPv4 address (what the kubelets advertise: KUBELEDGER_NODE_ADDRESS)');
  if (!/^nats:\/\/[^/\s]+$/.test(values['nats-url'])) throw new UsageError(`--nats-url must be nats://host:port, not ${JSON.stringify(values['nats-url'])}`);
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
  const owner = values.owner === undefined ? undefined : /^(\d+):(\d+)$/.exec(values.owner);
  if (owner === null) throw new UsageError('--owner must be <uid>:<gid>, numbers');
  const out = path.resolve(values.out);
  return {
    out,
    server: values.server,
    internalServer: values['internal-server'],
    nodes: Array.from({ length: count }, (_, i) => `node-${i + 1}`),
    nodeAddress: values['node-address'],
    natsUrl: values['nats-url'],
    natsStoreDir: values['nats-store-dir'] ?? path.join(out, 'nats', 'store'),
    ...(owner && { owner: { uid: Number(owner[1]), gid: Number(owner[2]) } }),
    timeoutMs: timeout * 1000,
  };
}

/** `kubeledger init`: everything a stack of separate containers needs, written into `--out`. Returns the files written. */
export async function initCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env, progress: (message: string) => void = (m) => console.log(`[kubeledger] ${m}`)): Promise<string[]> {
  const options = parseInitArgs(args);
  const databaseUrl = env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
  await waitForDatabase(databaseUrl, options.timeoutMs, progress);
  const pki = await loadPki(databaseUrl);
  progress('cluster CA ready (kept in the database)');
  const written = await writeInitFiles(pki, options);
  if (options.owner) await chownTree(options.out, options.owner);
  progress(`wrote ${written.length} files into ${options.out}; the admin kubeconfig is ${path.join(options.out, 'kubeconfig')}`);
  return written;
}

/**
 * Creates the database if it is missing, retrying while Postgres does not accept connections yet
 * (starting up, not reachable, its name not resolvable yet), with a line of progress every 5 s;
 * fails with what to check after `timeoutMs`. Other errors (a wrong password) fail at once.
 */
export async function waitForDatabase(databaseUrl: string, timeoutMs: number, progress: (message: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      if (await ensureDatabase(databaseUrl)) progress(`created the database ${redact(databaseUrl)}`);
      return;
    } catch (err) {
      if (!isTransient(err)) throw err;
      const reason = (err as Error).message || (err as { code?: string }).code || String(err);
      if (Date.now() >= deadline) {
        throw new Error(
          `Postgres at ${redact(databaseUrl)} did not accept connections within ${timeoutMs / 1000} s (${reason}). ` +
            'Check that Postgres is running and that DATABASE_URL names it, or give it longer with --timeout.',
        );
      }
      if (attempt === 1 || Date.now() - lastReport >= 5000) {
        progress(`waiting for Postgres at ${redact(databaseUrl)} (${reason})`);
        lastReport = Date.now();
      }
      await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
    }
  }
}

/** Connection failures (node's E… codes, none at all) and Postgres's "starting up / shutting down" (57P03) are worth waiting out. */
function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === undefined || code === '57P03' || (typeof code === 'string' && code.startsWith('E'));
}

async function writeInitFiles(pki: ClusterPki, o: InitOptions): Promise<string[]> {
  const written: string[] = [];
  written.push(await writeCredentials(pki, { user: 'kubeledger-admin', groups: ['system:masters'], server: o.server, out: path.join(o.out, 'kubeconfig') }));
  written.push(await writeClusterCa(pki, o.out));

  const port = Number(new URL(o.natsUrl).port || 4222);
  const nats = await writeNatsConfig({ dir: path.join(o.out, 'nats'), nodes: o.nodes, host: '0.0.0.0', port, storeDir: o.natsStoreDir, url: o.natsUrl });
  written.push(nats.configPath, ...nats.envFiles.values());

  const identities: Identity[] = [
    { dir: 'apiserver', nats: { component: 'apiserver' } },
    { dir: 'scheduler', nats: { component: 'scheduler' }, user: { name: 'system:kube-scheduler', groups: [] } },
    { dir: 'controller-manager', nats: { component: 'controller-manager' }, user: { name: 'system:kube-controller-manager', groups: [] } },
    { dir: 'proxy', nats: { component: 'proxy' }, user: { name: 'system:kube-proxy', groups: [] } },
    ...o.nodes.map((node) => ({ dir: `kubelet-${node}`, nats: { component: 'kubelet' as const, node }, user: { name: `system:node:${node}`, groups: ['system:nodes'] }, node })),
  ];
  for (const identity of identities) {
    const dir = path.join(o.out, identity.dir);
    const envFile = path.join(dir, 'nats.env');
    const natsEnv = nats.envFiles.get(natsUserName(identity.nats.component, identity.nats.node))!;
    if (identity.user) {
      written.push(await writeCredentials(pki, { user: identity.user.name, groups: identity.user.groups, server: o.internalServer, out: path.join(dir, 'kubeconfig') }));
    } else {
      written.push(await writeClusterCa(pki, dir));
    }
    await copyFile(natsEnv, envFile);
    await chmod(envFile, 0o600);
    written.push(envFile);
    if (identity.node) {
      const files = await writeKubeletServingCertificate(pki, dir, identity.node, o.nodeAddress);
      written.push(files['KUBELEDGER_KUBELET_TLS_CERT_FILE']!, files['KUBELEDGER_KUBELET_TLS_KEY_FILE']!);
    }
  }
  return written;
}

/** Gives `dir` and everything in it to `owner` (init runs as root to write into a folder mounted from the host; the services do not). */
async function chownTree(dir: string, owner: { uid: number; gid: number }): Promise<void> {
  await chown(dir, owner.uid, owner.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(file, owner);
    else await chown(file, owner.uid, owner.gid);
  }
}
