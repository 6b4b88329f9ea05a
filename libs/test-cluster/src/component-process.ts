import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ApiserverProcess } from './apiserver-process.js';
import { REGISTER_ENTRY } from '@kubeledger/telemetry';
import { REPO_ROOT } from './apiserver-process.js';

export interface ComponentProcess {
  readonly output: readonly string[];
  readonly pid: number;
  /** Resolves when a line of its output matches `pattern` (checking what it already printed first). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM, and waits for it to exit; resolves with its exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash), and waits for it to exit. */
  kill(): Promise<void>;
}

/**
 * Issues a client certificate for `user` in `groups` from the cluster CA of `server` with the real
 * `kubeledger credentials` command, and returns the kubeconfig it wrote (next to the admin's).
 */
export function componentKubeconfig(server: ApiserverProcess, user: string, groups: readonly string[] = []): Promise<string> {
  const out = path.join(path.dirname(server.kubeconfig), `${user.replace(/[^A-Za-z0-9._-]/g, '_')}.kubeconfig`);
  const args = ['--import', 'tsx', path.join(REPO_ROOT, 'services/cli/src/main.ts'), 'credentials', '--user', user, ...groups.flatMap((g) => ['--group', g]), '--server', server.url, '--out', out];
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: server.databaseUrl } }, (err, _stdout, stderr) => (err ? reject(new Error(`kubeledger credentials: ${stderr}`)) : resolve(out))),
  );
}

/**
 * Starts a component process — `services/<name>/src/main.ts` — against `server`: its NATS
 * stream and subject prefix, a kubeconfig given by the caller (componentKubeconfig), and `env`.
 * Waits until a line matches `ready` (default `/ready/`). `nodeArgs` go to node itself (say `--cpu-prof`).
 */
export async function startComponent(
  name: string,
  server: ApiserverProcess,
  kubeconfig: string,
  env: Record<string, string> = {},
  ready: RegExp = /ready/,
  nodeArgs: readonly string[] = [],
): Promise<ComponentProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', '--import', REGISTER_ENTRY, path.join(REPO_ROOT, `services/${name}/src/main.ts`)], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      KUBECONFIG: kubeconfig,
      NATS_URL: server.bus.servers,
      KUBELEDGER_STREAM: server.bus.stream,
      KUBELEDGER_SUBJECT_PREFIX: server.bus.prefix,
      // A kubelet's HTTPS server on a free port: test stacks run side by side.
      KUBELEDGER_KUBELET_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const listeners = new Set<() => void>();
  const onData = (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) output.push(line);
    for (const listener of listeners) listener();
  };
  child.stdout!.setEncoding('utf8').on('data', onData);
  child.stderr!.setEncoding('utf8').on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForOutput = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = output.find((l) => pattern.test(l));
        if (!line) return false;
        cleanup();
        resolve(line);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms:\n${output.slice(-30).join('\n')}`));
      }, timeoutMs);
      const onExit = () => {
        cleanup();
        reject(new Error(`${name} exited before printing ${pattern}:\n${output.slice(-30).join('\n')}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(listener);
        child.off('exit', onExit);
      };
      const listener = () => void check();
      if (check()) return;
      listeners.add(listener);
      child.once('exit', onExit);
    });
  // Not ready: it is stopped rather than left running.
  await waitForOutput(ready, 60_000).catch(async (err: unknown) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    throw err;
  });
  return {
    output,
    pid: child.pid!,
    waitForOutput,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
