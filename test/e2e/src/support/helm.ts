import { execFile, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@kubeledger/test-cluster';

export const HELM = path.join(REPO_ROOT, '.tools/bin/helm');

export interface HelmResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The real helm with a home of its own: a copy of `kubeconfig` (which it may change), and its cache,
 * config and data directories (no repositories, plugins or registry logins from the machine).
 * A command still running after `timeoutMs` (2 min by default) is killed, as are all of them at `dispose()`.
 */
export class Helm {
  readonly #dir = mkdtempSync(path.join(os.tmpdir(), 'kl-helm-'));
  readonly #running = new Set<ChildProcess>();
  readonly #timeoutMs: number;
  readonly kubeconfig = path.join(this.#dir, 'kubeconfig');

  constructor(kubeconfig: string, timeoutMs = 120_000) {
    copyFileSync(kubeconfig, this.kubeconfig);
    this.#timeoutMs = timeoutMs;
  }

  /** Runs helm and resolves with its exit code and output (it does not throw when helm fails). */
  run(...args: string[]): Promise<HelmResult> {
    return new Promise((resolve) => {
      const child = execFile(HELM, args, { env: this.#env(), timeout: this.#timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        this.#running.delete(child);
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
      this.#running.add(child);
    });
  }

  /** Runs helm and fails with its stderr unless it exits 0. */
  async ok(...args: string[]): Promise<string> {
    const result = await this.run(...args);
    if (result.code !== 0) throw new Error(`helm ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  }

  dispose(): void {
    for (const child of this.#running) child.kill('SIGKILL');
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Settings that would point helm somewhere else than this home and this cluster.
    for (const name of Object.keys(env)) if (name.startsWith('HELM_') || name.startsWith('XDG_')) delete env[name];
    return {
      ...env,
      HOME: this.#dir,
      KUBECONFIG: this.kubeconfig,
      HELM_CACHE_HOME: path.join(this.#dir, 'cache'),
      HELM_CONFIG_HOME: path.join(this.#dir, 'config'),
      HELM_DATA_HOME: path.join(this.#dir, 'data'),
      NO_COLOR: '1',
    };
  }
}
