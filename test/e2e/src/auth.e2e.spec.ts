import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { REPO_ROOT } from '@kubeledger/test-cluster';
import { Kubectl } from './support/kubectl.js';
import { useCluster } from './support/use-cluster.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kl-auth-'));

/** Runs the real `kubeledger credentials` command (what `npm run kubeledger -- credentials` runs). */
function credentials(databaseUrl: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'services/cli/src/main.ts'), 'credentials', ...args], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } }, (err, stdout, stderr) =>
      err ? reject(new Error(`kubeledger credentials failed: ${stderr}`)) : resolve(stdout),
    );
  });
}

/** A kubeconfig like `base` (same server and CA) whose user is `user`. */
function kubeconfigWith(base: string, name: string, user: Record<string, string>): string {
  const config = YAML.parse(readFileSync(base, 'utf8'));
  config.users = [{ name, user }];
  config.contexts[0].context.user = name;
  const file = path.join(dir, `${name}.kubeconfig`);
  writeFileSync(file, YAML.stringify(config));
  return file;
}

describe('kubectl 1.35: TLS, authentication, RBAC and the review APIs', () => {
  const { kubectl, server } = useCluster();

  it('the admin kubeconfig the apiserver writes is a system:masters client certificate over verified TLS', async () => {
    const whoami = JSON.parse(await kubectl.ok('auth', 'whoami', '-o', 'json'));
    expect(whoami.status.userInfo).toEqual({ username: 'kubeledger-admin', groups: ['system:masters', 'system:authenticated'] });
    expect((await kubectl.ok('auth', 'can-i', 'delete', 'nodes')).trim()).toBe('yes');
    expect(await kubectl.ok('get', 'clusterrole', 'view', 'edit', 'admin', 'cluster-admin', '-o', 'name')).toBe(
      'clusterrole.rbac.authorization.k8s.io/view\nclusterrole.rbac.authorization.k8s.io/edit\nclusterrole.rbac.authorization.k8s.io/admin\nclusterrole.rbac.authorization.k8s.io/cluster-admin\n',
    );
  });

  it('a user certificate from `kubeledger credentials`, bound to view in one namespace, may list there and nothing more', async () => {
    await kubectl.ok('create', 'namespace', 'team-a');
    await kubectl.ok('create', 'namespace', 'team-b');
    await kubectl.ok('create', 'rolebinding', 'alice-view', '--clusterrole=view', '--user=alice', '-n', 'team-a');
    await kubectl.ok('create', 'configmap', 'settings', '--from-literal=k=v', '-n', 'team-a');
    const out = path.join(dir, 'alice.kubeconfig');
    await credentials(server().databaseUrl, '--user', 'alice', '--group', 'developers', '--server', server().url, '--out', out);
    const alice = new Kubectl(out);
    try {
      expect(JSON.parse(await alice.ok('auth', 'whoami', '-o', 'json')).status.userInfo).toEqual({ username: 'alice', groups: ['developers', 'system:authenticated'] });
      expect(await alice.ok('get', 'configmaps', '-n', 'team-a', '-o', 'name')).toContain('configmap/settings');
      const create = await alice.run('create', 'configmap', 'mine', '-n', 'team-a');
      expect(create.code).not.toBe(0);
      expect(create.stderr.trim()).toBe('error: failed to create configmap: configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "team-a"');
      const elsewhere = await alice.run('get', 'configmaps', '-n', 'team-b');
      expect(elsewhere.stderr.trim()).toBe('Error from server (Forbidden): configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "team-b"');
      const secret = await alice.run('get', 'secret', 'anything', '-n', 'team-a');
      expect(secret.stderr.trim()).toBe('Error from server (Forbidden): secrets "anything" is forbidden: User "alice" cannot get resource "secrets" in API group "" in the namespace "team-a"');
      expect((await alice.run('auth', 'can-i', 'list', 'pods', '-n', 'team-a')).stdout.trim()).toBe('yes');
      expect((await alice.run('auth', 'can-i', 'list', 'pods', '-n', 'team-b')).stdout.trim()).toBe('no');
      const list = await alice.ok('auth', 'can-i', '--list', '-n', 'team-a');
      expect(list).toMatch(/^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
      expect(list).toMatch(/^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    } finally {
      alice.dispose();
    }
  });

  it('a ServiceAccount token from `kubectl create token` authenticates as the ServiceAccount', async () => {
    await kubectl.ok('create', 'serviceaccount', 'deployer', '-n', 'team-a');
    await kubectl.ok('create', 'rolebinding', 'deployer-edit', '--clusterrole=edit', '--serviceaccount=team-a:deployer', '-n', 'team-a');
    const token = (await kubectl.ok('create', 'token', 'deployer', '-n', 'team-a', '--duration=15m')).trim();
    expect(token.split('.')).toHaveLength(3);
    const deployer = new Kubectl(kubeconfigWith(server().kubeconfig, 'deployer', { token }));
    try {
      expect(JSON.parse(await deployer.ok('auth', 'whoami', '-o', 'json')).status.userInfo).toMatchObject({
        username: 'system:serviceaccount:team-a:deployer',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:team-a', 'system:authenticated'],
      });
      await deployer.ok('create', 'configmap', 'by-robot', '-n', 'team-a');
      expect((await deployer.run('get', 'pods', '-n', 'default')).stderr).toContain('User "system:serviceaccount:team-a:deployer" cannot list resource "pods" in API group "" in the namespace "default"');
      await kubectl.ok('delete', 'serviceaccount', 'deployer', '-n', 'team-a');
      const after = await deployer.run('get', 'configmaps', '-n', 'team-a');
      expect(after.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
    } finally {
      deployer.dispose();
    }
  });

  it('without credentials a client is system:anonymous: version and health only', async () => {
    // A kubeconfig user with nothing at all makes kubectl prompt for a user name; basic-auth fields
    // stop the prompt, and the apiserver, as upstream's since basic auth was removed, ignores them.
    const anonymous = new Kubectl(kubeconfigWith(server().kubeconfig, 'nobody', { username: 'nobody', password: 'none' }));
    try {
      expect(JSON.parse(await anonymous.ok('get', '--raw', '/version')).minor).toBe('35');
      const denied = await anonymous.run('get', '--raw', '/api/v1/namespaces');
      expect(denied.stderr.trim()).toBe('Error from server (Forbidden): namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope');
      // Discovery is for authenticated users only (system:discovery), as upstream: kubectl's own words for that.
      expect((await anonymous.run('get', 'namespaces')).stderr).toContain('Error from server (Forbidden)');
      const bad = new Kubectl(kubeconfigWith(server().kubeconfig, 'forger', { token: 'forged-token' }));
      expect((await bad.run('get', 'namespaces')).stderr).toContain('error: You must be logged in to the server');
      bad.dispose();
    } finally {
      anonymous.dispose();
    }
  });

  it('--as impersonates, when RBAC allows it; the admin may, alice may not', async () => {
    expect(JSON.parse(await kubectl.ok('auth', 'whoami', '--as=bob', '--as-group=qa', '-o', 'json')).status.userInfo).toEqual({ username: 'bob', groups: ['qa', 'system:authenticated'] });
    expect((await kubectl.run('auth', 'can-i', 'list', 'configmaps', '-n', 'team-a', '--as=alice')).stdout.trim()).toBe('yes');
    expect((await kubectl.run('auth', 'can-i', 'list', 'configmaps', '-n', 'team-b', '--as=alice')).stdout.trim()).toBe('no');
    const alice = new Kubectl(path.join(dir, 'alice.kubeconfig'));
    try {
      const denied = await alice.run('get', '--raw', '/api/v1/namespaces/team-a/configmaps', '--as=bob');
      expect(denied.stderr.trim()).toBe('Error from server (Forbidden): users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope');
    } finally {
      alice.dispose();
    }
  });
});
