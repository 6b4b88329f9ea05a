import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import path from 'node:path';

/** A nats-server process started with a config file. */
export interface NatsServerProcess {
  readonly process: ChildProcess;
  /** The port it listens on (the config's, or the one it chose for port -1). */
  readonly port: number;
  /** What it logged so far (capped). */
  log(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
  stop(): Promise<void>;
}

const LISTENING = /Listening for client connections on [^\s]*:(\d+)/;
const MAX_LOG = 1024 * 1024;

/** The nats-server binary: NATS_SERVER_BIN, else the first on PATH, /usr/sbin or /usr/local/bin (Debian installs it in /usr/sbin). */
export function natsServerBinary(env: NodeJS.ProcessEnv = process.env): string {
  if (env['NATS_SERVER_BIN']) return env['NATS_SERVER_BIN'];
  for (const dir of [...(env['PATH'] ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/bin']) {
    const candidate = path.join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return 'nats-server';
}

/**
 * Runs `nats-server -c <configPath>` and resolves once it is ready and accepts connections on
 * 127.0.0.1; rejects with its log (and what to do) when it cannot start. `detached`: in a process
 * group of its own, so a Ctrl-C in the terminal does not reach it and its owner stops it when it
 * chooses.
 */
export async function launchNatsServer(configPath: string, options: { binary?: string; startTimeoutMs?: number; detached?: boolean } = {}): Promise<NatsServerProcess> {
  const binary = options.binary ?? natsServerBinary();
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const proc = spawn(binary, ['-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'], detached: options.detached ?? false });
  let logText = '';
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
      reject(new Error(`cannot run ${binary}: ${err.message}. Install nats-server (apt-get install nats-server), set NATS_SERVER_BIN, or set NATS_URL to use a running server.`));
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited (${signal ?? code}) before it was ready:\n${seen}\nIs its port taken?`));
    });
  });
  const stop = () => terminate(proc);
  try {
    const port = await listening;
    await acceptsConnections(port, startTimeoutMs);
    return { process: proc, port, log: () => logText, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function terminate(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('close', () => resolve()));
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
      const socket = tcpConnect({ host: '127.0.0.1', port });
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
