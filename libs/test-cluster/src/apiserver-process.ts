import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { fileURLToPath } from 'node:url';
import type { BusConfig } from '@kubeledger/bus';
import { createTestBus, type TestBus } from '@kubeledger/bus/testing';
import { dropDatabase } from '@kubeledger/migrations';
import { REGISTER_ENTRY } from '@kubeledger/telemetry';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVER_URL = process.env['KUBELEDGER_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ApiserverProcess {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** Its database (for tools that read the cluster CA, e.g. `kubeledger credentials`). */
  readonly databaseUrl: string;
  /** The admin kubeconfig the apiserver wrote (kubeledger-admin, in system:masters). */
  readonly kubeconfig: string;
  /** The admin's client certificate and key, and the CA the server's certificate is checked with (PEM). */
  readonly tls: { readonly ca: string; readonly cert: string; readonly key: string };
  readonly output: readonly string[];
  /** The apiserver's process id (for resource measurements). */
  readonly pid: number;
  /** The NATS server, stream and subject prefix of its own that it publishes to (for informers; no credentials). */
  readonly bus: BusConfig;
  stop(): Promise<void>;
}

/**
 * Starts the real apiserver process — `services/apiserver/src/main.ts`, what `npm start` runs — on
 * a database and a stream of its own and a free port, and waits for its ready line. `stop()` sends
 * SIGTERM, waits for it to exit, then drops the database and the stream. `env` adds settings;
 * `nodeArgs` go to node itself (say `--cpu-prof`).
 */
export async function startApiserver(env: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<ApiserverProcess> {
  const bus: TestBus = await createTestBus();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeledger-e2e-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const database = new URL(SERVER_URL);
  database.pathname = `/kl_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', '--import', REGISTER_ENTRY, path.join(REPO_ROOT, 'services/apiserver/src/main.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: database.toString(),
      NATS_URL: bus.config.servers,
      KUBELEDGER_STREAM: bus.config.stream,
      KUBELEDGER_SUBJECT_PREFIX: bus.config.prefix,
      KUBELEDGER_PORT: '0',
      KUBELEDGER_KUBECONFIG: kubeconfig,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const removeState = async () => {
    await dropDatabase(database.toString());
    await bus.cleanup();
    rmSync(dir, { recursive: true, force: true });
  };
  const ready = new Promise<string>((resolve, reject) => {
    const onLine = (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        output.push(line);
        const ready = /ready: (https:\/\/[^\s]+)/.exec(line);
        if (ready) resolve(ready[1]!);
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onLine);
    child.stderr!.setEncoding('utf8').on('data', onLine);
    void exited.then((code) => reject(new Error(`apiserver exited with ${code} before it was ready:\n${output.join('\n')}`)));
    setTimeout(() => reject(new Error(`apiserver not ready after 60 s:\n${output.join('\n')}`)), 60_000).unref();
  });
  // Not ready: it is stopped, and its database and stream dropped, rather than left behind.
  const url = await ready.catch(async (err: unknown) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await removeState();
    throw err;
  });
  return {
    url,
    databaseUrl: database.toString(),
    kubeconfig,
    tls: adminCredentials(kubeconfig),
    output,
    pid: child.pid!,
    bus: bus.config,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await removeState();
    },
  };
}

/** The CA, certificate and key inlined in a kubeconfig written by the apiserver. */
function adminCredentials(kubeconfig: string): ApiserverProcess['tls'] {
  const config = YAML.parse(readFileSync(kubeconfig, 'utf8'));
  const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8');
  const user = config.users[0].user;
  return { ca: decode(config.clusters[0].cluster['certificate-authority-data']), cert: decode(user['client-certificate-data']), key: decode(user['client-key-data']) };
}
