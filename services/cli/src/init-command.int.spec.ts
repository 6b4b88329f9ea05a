import { randomBytes, X509Certificate, createPrivateKey } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { busConfigFromEnv, connectBus, launchNatsServer, natsServerBinary, parseEnvFile } from '@kubeledger/bus';
import { loadKubeconfig } from '@kubeledger/client';
import { dropDatabase } from '@kubeledger/migrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCommand, parseInitArgs } from './init-command.js';
import { UsageError } from './usage-error.js';

const server = process.env['KUBELEDGER_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const quiet = () => undefined;

/** A TCP port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The certificate's subject as kubernetes reads it: CN the user, O the groups. */
function subjectOf(cert: X509Certificate): { cn: string | undefined; o: string[] } {
  const lines = cert.subject.split('\n');
  return { cn: lines.find((l) => l.startsWith('CN='))?.slice(3), o: lines.filter((l) => l.startsWith('O=')).map((l) => l.slice(2)) };
}

describe('kubeledger init', () => {
  const url = new URL(server);
  url.pathname = `/kl_init_${process.pid}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = url.toString();
  let out: string;
  let natsPort: number;
  let args: string[];
  let ca: X509Certificate;

  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'kl-init-'));
    natsPort = await freePort();
    args = [
      '--out', out,
      '--server', 'https://127.0.0.1:16443',
      '--internal-server', 'https://apiserver:6443',
      '--nodes', '2',
      '--node-address', '10.1.2.3',
      '--nats-url', `nats://127.0.0.1:${natsPort}`,
      '--nats-store-dir', path.join(out, 'nats-store'),
      '--owner', `${process.getuid!()}:${process.getgid!()}`,
    ];
    await initCommand(args, { DATABASE_URL: databaseUrl }, quiet);
    ca = new X509Certificate(await readFile(path.join(out, 'ca.crt')));
  });
  afterAll(async () => {
    await dropDatabase(databaseUrl);
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('writes an admin kubeconfig for the URL users reach, with a system:masters certificate from the cluster CA', async () => {
    const admin = loadKubeconfig(path.join(out, 'kubeconfig'));
    expect(admin.server).toBe('https://127.0.0.1:16443');
    expect(new X509Certificate(admin.ca).fingerprint256).toBe(ca.fingerprint256);
    const cert = new X509Certificate(admin.cert!);
    expect(subjectOf(cert)).toEqual({ cn: 'kubeledger-admin', o: ['system:masters'] });
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(admin.key!))).toBe(true);
    expect((await stat(path.join(out, 'kubeconfig'))).mode & 0o077).toBe(0);
    expect(ca.ca).toBe(true);
  });

  it('writes a kubeconfig per component identity for the in-network apiserver URL', () => {
    const expected: Record<string, { cn: string; o: string[] }> = {
      scheduler: { cn: 'system:kube-scheduler', o: [] },
      'controller-manager': { cn: 'system:kube-controller-manager', o: [] },
      proxy: { cn: 'system:kube-proxy', o: [] },
      'kubelet-node-1': { cn: 'system:node:node-1', o: ['system:nodes'] },
      'kubelet-node-2': { cn: 'system:node:node-2', o: ['system:nodes'] },
    };
    for (const [dir, subject] of Object.entries(expected)) {
      const config = loadKubeconfig(path.join(out, dir, 'kubeconfig'));
      expect(config.server, dir).toBe('https://apiserver:6443');
      const cert = new X509Certificate(config.cert!);
      expect(subjectOf(cert), dir).toEqual(subject);
      expect(cert.verify(ca.publicKey), dir).toBe(true);
    }
  });

  it("writes each kubelet's serving certificate for its node name and the node address, and the CA the apiserver verifies them with", async () => {
    for (const node of ['node-1', 'node-2']) {
      const cert = new X509Certificate(await readFile(path.join(out, `kubelet-${node}`, `kubelet-${node}.crt`)));
      expect(cert.subjectAltName).toContain(`DNS:${node}`);
      expect(cert.subjectAltName).toContain('IP Address:10.1.2.3');
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkPrivateKey(createPrivateKey(await readFile(path.join(out, `kubelet-${node}`, `kubelet-${node}.key`))))).toBe(true);
    }
    expect(new X509Certificate(await readFile(path.join(out, 'apiserver', 'ca.crt'))).fingerprint256).toBe(ca.fingerprint256);
  });

  it('writes a nats-server config that nats-server accepts, and per-component credentials it lets in', async () => {
    const configPath = path.join(out, 'nats', 'nats-server.conf');
    await promisify(execFile)(natsServerBinary(), ['-t', '-c', configPath]);
    const config = await readFile(configPath, 'utf8');
    for (const [dir, user] of [
      ['apiserver', 'kubeledger-apiserver'],
      ['scheduler', 'kubeledger-scheduler'],
      ['controller-manager', 'kubeledger-controller-manager'],
      ['proxy', 'kubeledger-proxy'],
      ['kubelet-node-1', 'kubeledger-kubelet-node-1'],
      ['kubelet-node-2', 'kubeledger-kubelet-node-2'],
    ] as const) {
      const env = parseEnvFile(await readFile(path.join(out, dir, 'nats.env'), 'utf8'));
      expect(env['NATS_URL'], dir).toBe(`nats://127.0.0.1:${natsPort}`);
      expect(env['NATS_USER'], dir).toBe(user);
      expect(config, dir).toContain(`password: "${env['NATS_PASSWORD']}"`);
    }
    const nats = await launchNatsServer(configPath);
    try {
      const scheduler = await connectBus(busConfigFromEnv(parseEnvFile(await readFile(path.join(out, 'scheduler', 'nats.env'), 'utf8'))));
      expect(scheduler.nc.isClosed()).toBe(false);
      await scheduler.close();
    } finally {
      await nats.stop();
    }
  });

  it('keeps the cluster CA and the NATS passwords when run again, and issues certificates that still verify', async () => {
    const before = await readFile(path.join(out, 'scheduler', 'nats.env'), 'utf8');
    await initCommand(args, { DATABASE_URL: databaseUrl }, quiet);
    expect(new X509Certificate(await readFile(path.join(out, 'ca.crt'))).fingerprint256).toBe(ca.fingerprint256);
    expect(await readFile(path.join(out, 'scheduler', 'nats.env'), 'utf8')).toBe(before);
    expect(new X509Certificate(loadKubeconfig(path.join(out, 'proxy', 'kubeconfig')).cert!).verify(ca.publicKey)).toBe(true);
  });

  it('waits for Postgres, then fails saying what to check', async () => {
    const closed = `postgres://postgres@127.0.0.1:${await freePort()}/kubeledger`;
    const progress: string[] = [];
    await expect(initCommand(['--out', out, '--timeout', '1'], { DATABASE_URL: closed }, (m) => progress.push(m))).rejects.toThrow(
      /did not accept connections within 1 s .*Check that Postgres is running and that DATABASE_URL names it/,
    );
    expect(progress[0]).toMatch(/^waiting for Postgres at postgres:\/\/postgres@127\.0\.0\.1:\d+\/kubeledger/);
  });

  it('refuses arguments it cannot use, with a usage error naming the option', () => {
    expect(() => parseInitArgs([])).toThrow(UsageError);
    expect(() => parseInitArgs(['--out', 'x', '--server', 'http://127.0.0.1:6443'])).toThrow(/--server must be an https:\/\/ URL/);
    expect(() => parseInitArgs(['--out', 'x', '--node-address', 'kubelet'])).toThrow(/--node-address must be an IPv4 address/);
    expect(() => parseInitArgs(['--out', 'x', '--owner', 'node'])).toThrow(/--owner must be <uid>:<gid>/);
  });
});
