import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusDefaults, busConfig, type ResolvedBusConfig } from '../bus-config.js';
import { natsServerConfig, natsUsers, type NatsUser } from '../nats-permissions.js';

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
const LISTENING = /Listening for client connections on [^\s]*:(\d+)/;
const MAX_LOG = 1024 * 1024;

function defaultBinary(): string {
  const fromEnv = process.env['NATS_SERVER_BIN'];
  if (fromEnv) return fromEnv;
  return existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
}

/**
 * Starts a dedicated nats-server (not the shared one on 4222, which runs without authorization) on
 * a free port chosen by the server itself, with the config `natsServerConfig` generates, random
 * passwords and a temporary store directory. Resolves once the server accepts connections.
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<TestNatsServer> {
  const prefix = options.prefix ?? BusDefaults.prefix;
  const stream = options.stream ?? BusDefaults.stream;
  const nodes = options.nodes ?? ['n1', 'n2'];
  const binary = options.binary ?? defaultBinary();
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
  let logText = '';
  let child: ChildProcess | undefined;
  let port = -1;
  let configText = '';
  let stopped = false;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const writeConfig = async (listenPort: number) => {
    configText = natsServerConfig({ prefix, stream, nodes, passwords: password, host: HOST, port: listenPort, storeDir });
    await writeFile(configPath, configText, { mode: 0o600 });
  };

  const launch = async (): Promise<void> => {
    const proc = spawn(binary, ['-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let seen: string | undefined = ''; // the log until the server is ready
    const listening = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nats-server did not start within ${startTimeoutMs} ms:\n${seen}`)), startTimeoutMs);
      proc.stderr!.setEncoding('utf8');
      proc.stderr!.on('data', (chunk: string) => {
        if (logText.length < MAX_LOG) logText += chunk;
        if (seen === undefined) return;
        seen += chunk;
        const m = LISTENING.exec(seen);
        if (m && /Server is ready/.test(seen)) {
          seen = undefined;
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      proc.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot run ${binary}: ${err.message}`));
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited (${signal ?? code}) before it was ready:\n${seen}`));
      });
    });
    try {
      port = await listening;
      await acceptsConnections(port, startTimeoutMs);
    } catch (err) {
      await terminate(proc);
      throw err;
    }
  };

  const cleanup = async () => {
    stopped = true;
    if (child) await terminate(child);
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
    log: () => logText,
    restart: async () => {
      if (stopped) throw new Error('the NATS server was stopped');
      if (child) await terminate(child);
      await launch();
    },
    stop: async () => {
      if (!stopped) await cleanup();
    },
  };
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
async function terminate(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Resolves when a TCP client on `port` gets the server's INFO line. */
async function acceptsConnections(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect({ host: HOST, port });
      const done = (result: boolean) => {
        socket.destroy();
        resolve(result);
      };
      socket.setTimeout(1_000, () => done(false));
      socket.once('data', (data) => done(data.toString('utf8').startsWith('INFO ')));
      socket.once('error', () => done(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nats-server on port ${port} does not accept connections`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
