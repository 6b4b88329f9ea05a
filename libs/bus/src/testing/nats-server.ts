import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusDefaults, busConfig, type ResolvedBusConfig } from '../bus-config.js';
import { natsServerConfig, natsUsers, type NatsUser } from '../nats-permissions.js';
import { launchNatsServer, natsServerBinary, type NatsServerProcess } from '../nats-server-process.js';

export interface NatsServerOptions {
  /** Subject prefix (default `k8s`). */
  readonly prefix?: string;
  /** Stream name (default `K8S`). */
  readonly stream?: string;
  /** One kubelet user per node (default `n1`, `n2`). */
  readonly nodes?: readonly string[];
  /** The nats-server binary (default `$NATS_SERVER_BIN`, else /usr/sbin/nats-server, else `nats-server` on the PATH). */
  readonly binary?: string;
  /** How long the server may take to accept connections (default 15 s). */
  readonly startTimeoutMs?: number;
}

/** A nats-server of a test's own, run with the generated config (every user with its permissions). */
export interface TestNatsServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly prefix: string;
  readonly stream: string;
  readonly users: readonly NatsUser[];
  /** The generated config file and its text. */
  readonly configPath: string;
  readonly configText: string;
  readonly storeDir: string;
  /** The user's entry; throws for an unknown user. */
  user(name: string): NatsUser;
  /** A bus config that connects to this server as `user`. */
  busConfig(user: string): ResolvedBusConfig;
  /** What the server logged so far (permission violations are logged as `[ERR]`). */
  log(): string;
  /** Stops the process and starts it again on the same port with the same store (streams survive, in-memory consumers do not). */
  restart(): Promise<void>;
  /** Stops the process and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';


/**
 * Starts a dedicated nats-server (not the shared one on 4222, which runs without authorization) on
 * a free port chosen by the server itself, with the config `natsServerConfig` generates, random
 * passwords and a temporary store directory. Resolves once the server accepts connections.
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<TestNatsServer> {
  const prefix = options.prefix ?? BusDefaults.prefix;
  const stream = options.stream ?? BusDefaults.stream;
  const nodes = options.nodes ?? ['n1', 'n2'];
  const binary = options.binary ?? natsServerBinary();
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const dir = await mkdtemp(join(tmpdir(), 'kubeledger-nats-'));
  const storeDir = join(dir, 'store');
  const configPath = join(dir, 'nats-server.conf');
  const passwords = new Map<string, string>();
  const password = (user: string) => {
    let p = passwords.get(user);
    if (p === undefined) passwords.set(user, (p = randomBytes(18).toString('base64url')));
    return p;
  };
  const users = natsUsers({ prefix, stream, nodes, passwords: password });
  let server: NatsServerProcess | undefined;
  let port = -1;
  let configText = '';
  let stopped = false;
  const killOnExit = () => server?.process.kill('SIGKILL');
  process.once('exit', killOnExit);

  const writeConfig = async (listenPort: number) => {
    configText = natsServerConfig({ prefix, stream, nodes, passwords: password, host: HOST, port: listenPort, storeDir });
    await writeFile(configPath, configText, { mode: 0o600 });
  };

  const launch = async (): Promise<void> => {
    server = await launchNatsServer(configPath, { binary, startTimeoutMs });
    port = server.port;
  };

  const cleanup = async () => {
    stopped = true;
    await server?.stop();
    process.removeListener('exit', killOnExit);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await writeConfig(-1);
    await launch();
    // Pin the port the server chose, so a restart comes back where clients reconnect to.
    await writeConfig(port);
  } catch (err) {
    await cleanup();
    throw err;
  }

  const byName = (name: string) => {
    const found = users.find((u) => u.user === name);
    if (!found) throw new Error(`no NATS user ${JSON.stringify(name)} (have ${users.map((u) => u.user).join(', ')})`);
    return found;
  };
  return {
    url: `nats://${HOST}:${port}`,
    host: HOST,
    get port() {
      return port;
    },
    prefix,
    stream,
    users,
    configPath,
    get configText() {
      return configText;
    },
    storeDir,
    user: byName,
    busConfig: (user) => busConfig({ servers: `nats://${HOST}:${port}`, prefix, stream, user, pass: byName(user).password }),
    log: () => server?.log() ?? '',
    restart: async () => {
      if (stopped) throw new Error('the NATS server was stopped');
      await server?.stop();
      await launch();
    },
    stop: async () => {
      if (!stopped) await cleanup();
    },
  };
}

