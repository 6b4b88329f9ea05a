import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { busConfigFromEnv } from './bus-config.js';
import { parseEnvFile, writeNatsConfig } from './write-nats-config.js';

describe('writeNatsConfig', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubeledger-nats-config-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('writes the server config and one private env file per component that busConfigFromEnv reads', async () => {
    const dir = await tempDir();
    const written = await writeNatsConfig({ dir, nodes: ['n1'], storeDir: '/data', host: '0.0.0.0', url: 'nats://nats:4222' });
    expect([...written.envFiles.keys()]).toEqual(['kubeledger-apiserver', 'kubeledger-scheduler', 'kubeledger-controller-manager', 'kubeledger-proxy', 'kubeledger-kubelet-n1']);
    const conf = await readFile(written.configPath, 'utf8');
    expect(conf).toContain('listen: "0.0.0.0:4222"');
    expect(conf).toContain('store_dir: "/data"');
    expect((await stat(written.configPath)).mode & 0o777).toBe(0o600);

    const kubeletEnv = parseEnvFile(await readFile(written.envFiles.get('kubeledger-kubelet-n1')!, 'utf8'));
    expect((await stat(written.envFiles.get('kubeledger-kubelet-n1')!)).mode & 0o777).toBe(0o600);
    const config = busConfigFromEnv(kubeletEnv);
    expect(config).toMatchObject({ servers: 'nats://nats:4222', user: 'kubeledger-kubelet-n1', prefix: 'k8s', stream: 'K8S' });
    expect(config.pass).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(conf).toContain(`password: "${config.pass}"`);
  });

  it('keeps the passwords of users it wrote before, and adds new nodes', async () => {
    const dir = await tempDir();
    const first = await writeNatsConfig({ dir, nodes: ['n1'], storeDir: '/data' });
    const second = await writeNatsConfig({ dir, nodes: ['n1', 'n2'], storeDir: '/data', port: 4333 });
    const pass = (w: typeof first, user: string) => w.users.find((u) => u.user === user)!.password;
    expect(pass(second, 'kubeledger-kubelet-n1')).toBe(pass(first, 'kubeledger-kubelet-n1'));
    expect(pass(second, 'kubeledger-apiserver')).toBe(pass(first, 'kubeledger-apiserver'));
    expect(pass(second, 'kubeledger-kubelet-n2')).not.toBe(pass(second, 'kubeledger-kubelet-n1'));
    expect(parseEnvFile(await readFile(second.envFiles.get('kubeledger-kubelet-n2')!, 'utf8'))).toMatchObject({ NATS_URL: 'nats://127.0.0.1:4333' });
  });
});
