import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@kubeledger/test-cluster';

export const KUBECTL = path.join(REPO_ROOT, '.tools/bin/kubectl');

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A kubectl command left running (`get -w`, `wait`, `delete --wait`). */
export interface RunningKubectl {
  /** Resolves with what it printed so far once stdout matches `pattern`; rejects after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when it exits by itself. */
  readonly exited: Promise<KubectlResult>;
  /** Interrupts it (SIGINT, as Ctrl-C) and waits for it to exit. */
  stop(): Promise<KubectlResult>;
}

/** The real kubectl with a kubeconfig (a copy of `kubeconfig`, which it may change) and a discovery cache of its own. */
export class Kubectl {
  readonly #dir = mkdtempSync(path.join(os.tmpdir(), 'kl-kubectl-'));
  readonly kubeconfig = path.join(this.#dir, 'kubeconfig');

  constructor(kubeconfig: string) {
    copyFileSync(kubeconfig, this.kubeconfig);
  }

  run(...args: string[]): Promise<KubectlResult> {
    return new Promise((resolve) => {
      execFile(
        KUBECTL,
        args,
        { env: { ...process.env, KUBECONFIG: this.kubeconfig, KUBECACHEDIR: path.join(this.#dir, 'cache') }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  /** Starts kubectl and leaves it running. */
  start(...args: string[]): RunningKubectl {
    const child = spawn(KUBECTL, args, { env: { ...process.env, KUBECONFIG: this.kubeconfig, KUBECACHEDIR: path.join(this.#dir, 'cache') } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<KubectlResult>((resolve) => child.once('exit', (code) => resolve({ code: code ?? 1, stdout, stderr })));
    const kill = setTimeout(() => child.kill('SIGKILL'), 120_000);
    void exited.then(() => clearTimeout(kill));
    return {
      exited,
      async waitForOutput(pattern, timeoutMs = 20_000) {
        const deadline = Date.now() + timeoutMs;
        while (!pattern.test(stdout)) {
          if (Date.now() > deadline) throw new Error(`kubectl ${args.join(' ')} did not print ${pattern} in ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        return stdout;
      },
      async stop() {
        if (child.exitCode === null) child.kill('SIGINT');
        return exited;
      },
    };
  }

  /** Runs kubectl and fails with its stderr unless it exits 0. */
  async ok(...args: string[]): Promise<string> {
    const result = await this.run(...args);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  }

  dispose(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
