import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { REPO_ROOT } from '@kubeledger/test-cluster';
import { eventually } from './support/eventually.js';
import { Kubectl } from './support/kubectl.js';
import { useCluster } from './support/use-cluster.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-history-'));
const MAIN = path.join(REPO_ROOT, 'services/cli/src/main.ts');

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `kubeledger <args>` (what `npm run kubeledger -- <args>` runs) with `KUBECONFIG`. */
function kubeledger(kubeconfig: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, KUBECONFIG: kubeconfig, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A kubeconfig for `user` from the real `kubeledger credentials` (a client certificate of the cluster CA). */
function credentials(databaseUrl: string, server: string, user: string): Promise<string> {
  const out = path.join(dir, `${user}.kubeconfig`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', MAIN, 'credentials', '--user', user, '--server', server, '--out', out], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } }, (err, _stdout, stderr) =>
      err ? reject(new Error(`kubeledger credentials failed: ${stderr}`)) : resolve(out),
    );
  });
}

/** The revisions' header lines and the lines below each. */
function revisions(stdout: string): Array<{ header: string; body: string[] }> {
  const blocks = stdout.split(/^(?=revision \d+ )/m).filter((b) => b.startsWith('revision '));
  return blocks.map((block) => {
    const [header, ...body] = block.trimEnd().split('\n');
    return { header: header!, body };
  });
}

describe('kubeledger history', () => {
  const { kubectl, server } = useCluster();

  it('shows a Deployment’s revisions after create, label, scale and delete: who did each, and what changed', async () => {
    await kubectl.ok('create', 'deployment', 'web', '--image=nginx');
    const bobConfig = await credentials(server().databaseUrl, server().url, 'bob');
    await kubectl.ok('create', 'rolebinding', 'bob-edit', '--clusterrole=edit', '--user=bob', '-n', 'default');
    const bob = new Kubectl(bobConfig);
    try {
      await eventually(async () => ((await bob.run('auth', 'can-i', 'patch', 'deployments')).stdout.trim() === 'yes' ? true : undefined), 20_000, 'bob to be bound to edit');
      await bob.ok('label', 'deployment', 'web', 'tier=frontend');
      await bob.ok('scale', 'deployment', 'web', '--replicas=3');
      await bob.ok('delete', 'deployment', 'web');
    } finally {
      bob.dispose();
    }

    const result = await kubeledger(server().kubeconfig, 'history', 'deployment/web');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const shown = revisions(result.stdout);
    expect(shown.map((r) => /^revision \d+ {2}\S+ {2}(\w+) by (\S+)/.exec(r.header)?.slice(1))).toEqual([
      ['ADDED', 'kubeledger-admin'],
      ['MODIFIED', 'bob'],
      ['MODIFIED', 'bob'],
      ['DELETED', 'bob'],
    ]);
    const numbers = shown.map((r) => Number(/^revision (\d+)/.exec(r.header)![1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    for (const r of shown) expect(r.header).toMatch(/^revision \d+ {2}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}/);

    const [created, labelled, scaled, deleted] = shown as [(typeof shown)[0], (typeof shown)[0], (typeof shown)[0], (typeof shown)[0]];
    expect(created.body.every((line) => line.startsWith('+'))).toBe(true);
    expect(created.body).toEqual(expect.arrayContaining(['+kind: Deployment', '+  name: web', '+  replicas: 1']));
    expect(created.body.some((line) => /^\+ {6}(- )?image: nginx$/.test(line))).toBe(true);
    expect(created.body.join('\n')).not.toMatch(/resourceVersion|managedFields/);

    expect(labelled.body).toContain('+    tier: frontend');
    expect(labelled.body.filter((l) => /^[+-]/.test(l))).toEqual(['+    tier: frontend']);

    expect(scaled.body).toContain('-  replicas: 1');
    expect(scaled.body).toContain('+  replicas: 3');
    expect(scaled.body.filter((l) => /^[+-]/.test(l)).every((l) => /^[+-] {2}(replicas|generation): \d+$/.test(l))).toBe(true);

    expect(deleted.body.join('\n')).toMatch(/deleted/);
    // Another form of the same type and name reads the same history.
    const again = await kubeledger(server().kubeconfig, 'history', 'deployments.apps', 'web', '-n', 'default');
    expect(again.stdout).toBe(result.stdout);
  });

  it('says clearly what is wrong: no get (403), no such object, no such type, no apiserver, a bad command line', async () => {
    await kubectl.ok('create', 'configmap', 'settings', '--from-literal=k=v');
    const carolConfig = await credentials(server().databaseUrl, server().url, 'carol');
    const unreachable = path.join(dir, 'unreachable.kubeconfig');
    const config = YAML.parse(readFileSync(server().kubeconfig, 'utf8'));
    config.clusters[0].cluster.server = 'https://127.0.0.1:1';
    writeFileSync(unreachable, YAML.stringify(config));

    const [forbidden, missing, unknown, down, usage] = await Promise.all([
      kubeledger(carolConfig, 'history', 'cm/settings'),
      kubeledger(server().kubeconfig, 'history', 'deploy/nope'),
      kubeledger(server().kubeconfig, 'history', 'widgets/w'),
      kubeledger(unreachable, 'history', 'cm/settings'),
      kubeledger(server().kubeconfig, 'history', 'deployment'),
    ]);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stdout).toBe('');
    expect(forbidden.stderr.trim().split('\n')).toEqual([
      'kubeledger: configmaps "settings" is forbidden: User "carol" cannot get resource "configmaps" in API group "" in the namespace "default": the history of an object is for those who may get it; ask an admin for get on configmaps (check with kubectl auth can-i get configmaps/settings -n default)',
    ]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr.trim()).toBe('kubeledger: deployments.apps "nope" not found: no revision of it is retained in namespace default; check the name, and the namespace (-n)');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr.trim()).toBe('kubeledger: the server doesn\'t have a resource type "widgets": see the types it serves with kubectl api-resources');
    expect(down.code).toBe(1);
    expect(down.stderr.trim()).toMatch(/^kubeledger: cannot reach the apiserver at https:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\): check that it is running and that \S+ points at it$/);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('kubeledger: name the deployment: kubeledger history deployment/<name>');
    expect(usage.stderr).toContain('usage: kubeledger history <resource>/<name>');
  });
});
