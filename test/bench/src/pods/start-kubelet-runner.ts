import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiserverProcess } from '@kubeledger/test-cluster';
import { REPO_ROOT } from '@kubeledger/test-cluster';

const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kubelet-runner.ts');
/** Lines of output kept per runner (the last ones), for the report when something fails. */
const KEPT_LINES = 500;
const READY_TIMEOUT_MS = 180_000;

export interface KubeletRunner {
  readonly pid: number;
  /** The last lines it printed. */
  readonly output: readonly string[];
  /** Lines it printed in all (`output` keeps the last few hundred). */
  readonly lineCount: () => number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with its exit code once it is gone. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts one kubelet-runner process hosting a kubelet for each of `kubelets` (name and kubeconfig)
 * against `server`'s bus, with `env` for every kubelet; resolves once it printed `ready:`. Its
 * stdin is a pipe it watches: it stops by itself when this process goes away, however that happens.
 */
export async function startKubeletRunner(
  server: ApiserverProcess,
  kubelets: readonly { node: string; kubeconfig: string }[],
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<KubeletRunner> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', RUNNER], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NATS_URL: server.bus.servers,
      KUBELEDGER_STREAM: server.bus.stream,
      KUBELEDGER_SUBJECT_PREFIX: server.bus.prefix,
      ...env,
      BENCH_KUBELETS: JSON.stringify(kubelets),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let lineCount = 0;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        output.push(line);
        lineCount++;
        if (/\] ready: /.test(line)) resolve();
      }
      if (output.length > KEPT_LINES) output.splice(0, output.length - KEPT_LINES);
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    void exited.then((code) => reject(new Error(`kubelet runner exited with ${code} before it was ready:\n${output.slice(-30).join('\n')}`)));
  });
  const stop = async (graceMs = 20_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    return exited;
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`kubelet runner not ready after ${READY_TIMEOUT_MS / 1000} s:\n${output.slice(-30).join('\n')}`)), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([ready, timedOut]);
  } catch (err) {
    await stop(0);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return { pid: child.pid!, output, lineCount: () => lineCount, stop };
}
