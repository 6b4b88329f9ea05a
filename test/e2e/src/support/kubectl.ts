import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './apiserver-process.js';

export const KUBECTL = path.join(REPO_ROOT, '.tools/bin/kubectl');

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real kubectl with a kubeconfig (and discovery cache) of its own, pointed at `server`. */
export class Kubectl {
  readonly #dir = mkdtempSync(path.join(os.tmpdir(), 'kl-kubectl-'));
  readonly kubeconfig = path.join(this.#dir, 'kubeconfig');

  constructor(server: string) {
    writeFileSync(
      this.kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: kubeledger, cluster: {server: "' + server + '"}}]',
        'users: [{name: admin, user: {}}]',
        'contexts: [{name: kubeledger, context: {cluster: kubeledger, user: admin, namespace: default}}]',
        'current-context: kubeledger',
        '',
      ].join('\n'),
    );
  }

  run(...args: string[]): Promise<KubectlResult> {
    return new Promise((resolve) => {
      execFile(
        KUBECTL,
        args,
        { env: { ...process.env, KUBECONFIG: this.kubeconfig, KUBECACHEDIR: path.join(this.#dir, 'cache') }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
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
