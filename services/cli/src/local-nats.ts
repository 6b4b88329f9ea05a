import { accessSync, constants, statSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchNatsServer, natsServerBinary, natsUserName, parseEnvFile, writeNatsConfig, type NatsComponent, type NatsServerProcess } from '@kubeledger/bus';
import { stopLeftOverProcess } from './left-over-process.js';
import { portTaken } from './port-taken.js';
import { StartError } from './start-error.js';

/** A nats-server of `kubeledger up`'s own, with one user per component. */
export interface LocalNats {
  /** NATS_URL, NATS_USER and NATS_PASSWORD for a component (a kubelet: for its node). */
  envFor(component: NatsComponent, node?: string): Promise<Record<string, string>>;
  /** SIGTERM; resolves once it has exited. */
  stop(): Promise<void>;
}

/** The nats-server binary `up` will run (NATS_SERVER_BIN, PATH, /usr/sbin, /usr/local/bin), or a StartError saying how to install one. */
export function findNatsServer(env: NodeJS.ProcessEnv): string {
  const binary = natsServerBinary(env);
  if (isExecutableFile(binary)) return binary;
  const missing = env['NATS_SERVER_BIN']
    ? `NATS_SERVER_BIN=${env['NATS_SERVER_BIN']} is not an executable file.`
    : 'nats-server was not found (looked on PATH, in /usr/sbin and /usr/local/bin).';
  throw new StartError(`${missing} npm start runs a nats-server of its own unless NATS_URL is set. Install it:
  Debian/Ubuntu: apt-get install -y nats-server
  macOS:         brew install nats-server
  elsewhere:     https://github.com/nats-io/nats-server/releases (put nats-server on PATH, or set NATS_SERVER_BIN to it)
or set NATS_URL to a nats-server with JetStream (nats-server -js) you run.`);
}

/**
 * Writes the config with the per-component users (under `<stateDir>/nats`) and runs `binary` with
 * it on 127.0.0.1:`port`. Its pid goes in `<stateDir>/nats/nats-server.pid` while it runs, so the
 * next start can stop a server a killed run left behind.
 */
export async function startLocalNats({ binary, stateDir, nodes, port, progress }: { binary: string; stateDir: string; nodes: readonly string[]; port: number; progress: (message: string) => void }): Promise<LocalNats> {
  const dir = path.join(stateDir, 'nats');
  const pidFile = path.join(dir, 'nats-server.pid');
  const written = await writeNatsConfig({ dir, nodes: [...nodes], port, host: '127.0.0.1', storeDir: path.join(dir, 'store') });
  const leftOver = Number(await readFile(pidFile, 'utf8').catch(() => ''));
  if (leftOver) await stopLeftOverProcess({ pid: leftOver, mentions: written.configPath, name: 'nats-server', signal: 'SIGTERM', progress });
  const choose = `choose another port with KUBELEDGER_NATS_PORT (e.g. KUBELEDGER_NATS_PORT=${port + 1} npm start), or set NATS_URL to a nats-server with JetStream you run.`;
  if (await portTaken(port)) throw new StartError(`port ${port} on 127.0.0.1 is taken, so the nats-server of npm start cannot listen there: ${choose}`);
  progress(`starting nats-server on 127.0.0.1:${port} with one user per component (${written.configPath})`);
  let server: NatsServerProcess;
  try {
    server = await launchNatsServer(written.configPath, { binary, detached: true });
  } catch (err) {
    throw new StartError(`${(err as Error).message.trim()}\nIf the port is taken, ${choose}`);
  }
  await writeFile(pidFile, `${server.process.pid}\n`);
  return {
    envFor: async (component, node) => parseEnvFile(await readFile(written.envFiles.get(natsUserName(component, node))!, 'utf8')),
    stop: async () => {
      await server.stop();
      await rm(pidFile, { force: true });
    },
  };
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
