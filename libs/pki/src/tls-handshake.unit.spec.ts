import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCertificateAuthority,
  issueClientCertificate,
  issueServingCertificate,
  renderKubeconfig,
  writeKubeconfig,
  type KeyPair,
} from './index.js';

/** What the server saw of the client's certificate. */
interface Seen {
  readonly authorized: boolean;
  readonly error: string | null;
  readonly subject: PeerCertificate['subject'] | null;
}

/** An HTTPS server that asks for a client certificate but lets every client in, and reports what it saw (as the apiserver's authn does). */
async function startServer(serving: KeyPair, ca: KeyPair): Promise<{ server: Server; port: number }> {
  const server = createServer(
    { cert: serving.certPem, key: serving.keyPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.getPeerCertificate();
      const seen: Seen & { major: string; minor: string } = {
        authorized: socket.authorized,
        error: socket.authorizationError ? String(socket.authorizationError) : null,
        subject: peer && 'subject' in peer && peer.subject ? { ...peer.subject } : null,
        major: '1', // enough of a /version answer for kubectl
        minor: '31',
      };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(seen));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function get(port: number, options: { ca: string; client?: KeyPair; servername?: string }): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/version',
        agent: false,
        ca: options.ca,
        ...(options.client ? { cert: options.client.certPem, key: options.client.keyPem } : {}),
        ...(options.servername ? { servername: options.servername } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(JSON.parse(body) as Seen));
      },
    );
    req.on('error', reject).end();
  });
}

describe('TLS handshake with issued certificates', () => {
  let ca: KeyPair;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    ca = await createCertificateAuthority();
    ({ server, port } = await startServer(await issueServingCertificate(ca, { hosts: ['localhost', '127.0.0.1'] }), ca));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('authenticates a client certificate from the CA: CN and O reach the server', async () => {
    const client = await issueClientCertificate(ca, { user: 'alice', groups: ['system:masters', 'dev'] });
    const seen = await get(port, { ca: ca.certPem, client, servername: 'localhost' });
    expect(seen).toMatchObject({ authorized: true, error: null, subject: { CN: 'alice', O: ['system:masters', 'dev'] } });
  });

  it('verifies the server by IP address as well as by name', async () => {
    const client = await issueClientCertificate(ca, { user: 'bob', groups: ['system:nodes'] });
    const seen = await get(port, { ca: ca.certPem, client }); // no SNI: Node checks the IP SANs against 127.0.0.1
    expect(seen).toMatchObject({ authorized: true, subject: { CN: 'bob', O: 'system:nodes' } });
  });

  it('does not authorize a client certificate from another CA', async () => {
    const client = await issueClientCertificate(await createCertificateAuthority(), { user: 'mallory', groups: ['system:masters'] });
    const seen = await get(port, { ca: ca.certPem, client, servername: 'localhost' });
    expect(seen.authorized).toBe(false);
    expect(seen.error).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|unable to verify/i);
  });

  it('does not authorize a serving certificate used as a client certificate (extKeyUsage)', async () => {
    const serving = await issueServingCertificate(ca, { hosts: ['evil'] });
    const seen = await get(port, { ca: ca.certPem, client: serving, servername: 'localhost' });
    expect(seen.authorized).toBe(false);
    expect(seen.error).toMatch(/UNSUPPORTED_CERTIFICATE_PURPOSE|purpose/i);
  });

  it('sees no client certificate when none is sent', async () => {
    expect(await get(port, { ca: ca.certPem, servername: 'localhost' })).toMatchObject({ authorized: false, subject: null });
  });

  it('lets the client reject a name the certificate does not carry, and a server from another CA', async () => {
    await expect(get(port, { ca: ca.certPem, servername: 'example.com' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    const other = await createCertificateAuthority();
    await expect(get(port, { ca: other.certPem, servername: 'localhost' })).rejects.toMatchObject({
      code: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED/),
    });
  });

  // Go's crypto/tls is stricter than OpenSSL in places; kubectl is the client that matters most.
  const kubectl = join(import.meta.dirname, '../../../.tools/bin/kubectl');
  it.skipIf(!existsSync(kubectl))('is accepted by kubectl (Go crypto/tls), through a rendered kubeconfig', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kl-pki-'));
    try {
      const client = await issueClientCertificate(ca, { user: 'admin', groups: ['system:masters'] });
      const path = join(dir, 'kubeconfig');
      for (const host of ['127.0.0.1', 'localhost']) {
        const server = `https://${host}:${port}`;
        await writeKubeconfig(path, renderKubeconfig({ server, caPem: ca.certPem, userName: 'admin', credentials: client }));
        const run = (...args: string[]) => promisify(execFile)(kubectl, ['--kubeconfig', path, ...args], { env: { ...process.env, HOME: dir } });
        const { stdout: view } = await run('config', 'view', '--raw', '-o', 'jsonpath={.clusters[0].cluster.server}');
        expect(view).toBe(server);
        const { stdout } = await run('get', '--raw', '/version');
        expect(JSON.parse(stdout)).toMatchObject({ authorized: true, subject: { CN: 'admin', O: 'system:masters' } });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
