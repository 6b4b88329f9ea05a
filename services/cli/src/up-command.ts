import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { natsUserName, parseEnvFile, writeNatsConfig } from '@kubeledger/bus';

const APISERVER_MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apiserver/src/main.ts');
const progress = (message: string) => console.log(`[kubeledger] ${message}`);

/**
 * `npm start` (`kubeledger up`): the control plane on this machine. With NATS_URL unset it starts
 * a nats-server of its own (from PATH, or /usr/sbin) with the generated per-component users
 * (`kubeledger nats-config`, under `<KUBELEDGER_STATE_DIR>/nats`) on KUBELEDGER_NATS_PORT (4223)
 * and runs the apiserver as the `kubeledger-apiserver` NATS user; with NATS_URL set it uses that
 * server as it is (NATS_USER/NATS_PASSWORD if given). Then the apiserver, which prints where its
 * admin kubeconfig is. SIGINT/SIGTERM stop the apiserver, then NATS. Resolves with the exit code.
 */
export async function upCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const stateDir = path.resolve(env['KUBELEDGER_STATE_DIR'] ?? '.kubeledger');
  let nats: ChildProcess | undefined;
  const apiserverEnv: NodeJS.ProcessEnv = { ...env, KUBELEDGER_KUBECONFIG: env['KUBELEDGER_KUBECONFIG'] ?? path.join(stateDir, 'kubeconfig') };
  if (!env['NATS_URL']) {
    const port = Number(env['KUBELEDGER_NATS_PORT'] ?? 4223);
    const nodes = Array.from({ length: Number(env['KUBELEDGER_NODES'] ?? 2) }, (_, i) => `node-${i + 1}`);
    const dir = path.join(stateDir, 'nats');
    const written = await writeNatsConfig({ dir, nodes, port, host: '127.0.0.1', storeDir: path.join(dir, 'store') });
    progress(`starting nats-server on 127.0.0.1:${port} with one user per component (${written.configPath})`);
    nats = await startNatsServer(written.configPath, env);
    const credentials = parseEnvFile(await readFile(written.envFiles.get(natsUserName('apiserver'))!, 'utf8'));
    Object.assign(apiserverEnv, credentials);
  } else {
    progress(`using the nats-server at ${env['NATS_URL']}`);
  }
  const apiserver = spawn(process.execPath, ['--import', 'tsx', APISERVER_MAIN], { env: apiserverEnv, stdio: 'inherit' });
  const apiserverExit = new Promise<number>((resolve) => apiserver.once('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1))));
  const stop = () => {
    if (apiserver.exitCode === null) apiserver.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await apiserverExit;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (nats && nats.exitCode === null) {
    // 'close': the process has ended and its output pipes are drained.
    const stopped = new Promise((resolve) => nats!.once('close', resolve));
    nats.kill('SIGTERM');
    await stopped;
    progress('nats-server stopped');
  }
  return code;
}

/** Starts nats-server with `config` and resolves once it accepts connections; rejects with its output when it cannot. */
async function startNatsServer(config: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const binary = natsServerBinary(env);
  const child = spawn(binary, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`nats-server did not start within 15 s:\n${output}`)), 15_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Server is ready/.test(output)) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout!.resume();
        child.stderr!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (err) => fail(new Error(`could not run ${binary}: ${err.message}. Install nats-server (apt-get install nats-server) or set NATS_URL.`)));
    child.once('exit', (code) => fail(new Error(`nats-server exited with ${code}:\n${output}\nIs the port taken? Set KUBELEDGER_NATS_PORT, or NATS_URL to use a running server.`)));
  });
}

function natsServerBinary(env: NodeJS.ProcessEnv): string {
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
