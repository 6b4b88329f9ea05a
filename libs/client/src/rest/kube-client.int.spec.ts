import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueClientCertificate, issueServingCertificate, renderKubeconfig, type KeyPair } from '@kubeledger/pki';
import { isApiError } from './api-error.js';
import { KubeClient } from './kube-client.js';
import { loadKubeconfig } from './kubeconfig.js';
import { CONFIGMAPS, PODS } from './resource-ref.js';
import { isTransportError } from './transport-error.js';

/** What a test server saw of one request. */
interface Seen {
  readonly method: string;
  readonly url: string;
  readonly user: string | undefined;
  readonly servername: string | false | null | undefined;
  readonly connection: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

let ca: KeyPair;
let serving: KeyPair;
let admin: KeyPair;
const servers: Server[] = [];

/** A local HTTPS server like the apiserver's TLS (client certificates asked for, verified against the CA), answering with `handler`. */
async function startServer(handler: Handler, port = 0) {
  const seen: Seen[] = [];
  let connections = 0;
  const server = createServer({ cert: serving.certPem, key: serving.keyPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const socket = req.socket as TLSSocket & { connectionNumber?: number };
    const peer = socket.getPeerCertificate();
    seen.push({ method: req.method!, url: req.url!, user: socket.authorized ? (peer.subject?.CN as string | undefined) : undefined, servername: socket.servername, connection: socket.connectionNumber! });
    req.resume();
    req.on('end', () => handler(req, res, seen.length));
  });
  server.on('secureConnection', (socket: TLSSocket & { connectionNumber?: number }) => (socket.connectionNumber = ++connections));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, seen, port: (server.address() as AddressInfo).port, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** A port nothing listens on (now). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const clients: KubeClient[] = [];
const clientFor = (url: string, config: Partial<ConstructorParameters<typeof KubeClient>[0]> = {}) => {
  const client = new KubeClient({ server: url, ca: ca.certPem, cert: admin.certPem, key: admin.keyPem, ...config });
  clients.push(client);
  return client;
};

beforeAll(async () => {
  ca = await createCertificateAuthority();
  serving = await issueServingCertificate(ca, { hosts: ['localhost', '127.0.0.1'] });
  admin = await issueClientCertificate(ca, { user: 'kubeledger-admin', groups: ['system:masters'] });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve())))));
});

describe('KubeClient over real TLS (a local HTTPS server)', () => {
  it('authenticates with the kubeconfig’s client certificate, verifies the server by the CA, and keeps one connection alive', async () => {
    const { url, seen } = await startServer((_req, res) => json(res, 200, { metadata: { name: 'c' } }));
    const dir = mkdtempSync(join(tmpdir(), 'kl-client-int-'));
    writeFileSync(join(dir, 'kubeconfig'), renderKubeconfig({ server: url, caPem: ca.certPem, userName: 'kubeledger-admin', credentials: { certPem: admin.certPem, keyPem: admin.keyPem } }));
    const client = new KubeClient(loadKubeconfig(join(dir, 'kubeconfig')));
    clients.push(client);
    for (let i = 0; i < 5; i++) await client.get(CONFIGMAPS, 'default', 'c');
    expect(seen.map((s) => s.user)).toEqual(Array(5).fill('kubeledger-admin'));
    // Keep-alive: sequential requests reuse the pool's sockets (undici may open a second while the first is being released).
    expect(new Set(seen.map((s) => s.connection)).size).toBeLessThanOrEqual(2);
  });

  it('keeps the connection after a DELETE carrying DeleteOptions (undici would close it after a body on DELETE)', async () => {
    const { url, seen } = await startServer((req, res) => (req.method === 'DELETE' ? json(res, 200, { kind: 'Status', status: 'Success' }) : json(res, 200, { metadata: { name: 'c' } })));
    const client = new KubeClient({ server: url, ca: ca.certPem, cert: admin.certPem, key: admin.keyPem });
    clients.push(client);
    for (let i = 0; i < 5; i++) {
      await client.delete(PODS, 'default', `p${i}`, { gracePeriodSeconds: 0, propagationPolicy: 'Background' });
      await client.get(CONFIGMAPS, 'default', 'c');
    }
    expect(seen.filter((s) => s.method === 'DELETE')).toHaveLength(5);
    // One connection (a second at most while the first is being released), not one per DELETE.
    expect(new Set(seen.map((s) => s.connection)).size).toBeLessThanOrEqual(2);
  });

  it('opens no more than maxConnections connections however many requests are in flight; the rest wait for one', async () => {
    const { url, seen } = await startServer((_req, res) => setTimeout(() => json(res, 200, { metadata: { name: 'c' } }), 20));
    const client = new KubeClient({ server: url, ca: ca.certPem, cert: admin.certPem, key: admin.keyPem, maxConnections: 2 });
    clients.push(client);
    const answers = await Promise.all(Array.from({ length: 12 }, () => client.get(CONFIGMAPS, 'default', 'c')));
    expect(answers).toHaveLength(12);
    expect(seen).toHaveLength(12);
    expect(new Set(seen.map((s) => s.connection)).size).toBe(2);
  });

  it('sends SNI for a host name (tls-server-name), checks the certificate against it, and refuses another CA', async () => {
    const { url, seen } = await startServer((_req, res) => json(res, 200, {}));
    await clientFor(url, { tlsServerName: 'localhost' }).get(PODS, 'ns', 'p');
    expect(seen[0]!.servername).toBe('localhost');
    const wrongName = await clientFor(url, { tlsServerName: 'example.com' }).get(PODS, 'ns', 'p').catch((e: unknown) => e);
    expect(isTransportError(wrongName) && wrongName.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    const other = await createCertificateAuthority();
    const wrongCa = await clientFor(url, { ca: other.certPem }).get(PODS, 'ns', 'p').catch((e: unknown) => e);
    expect(isTransportError(wrongCa)).toBe(true);
    expect((wrongCa as { code: string; attempts: number }).attempts).toBe(1); // not retried
    expect(seen).toHaveLength(1);
  });

  it('waits out 429 Retry-After: 1, then succeeds', async () => {
    const { url, seen } = await startServer((_req, res, n) =>
      n === 1
        ? json(res, 429, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'TooManyRequests', message: 'too many requests, please try again later', details: { retryAfterSeconds: 1 }, code: 429 }, { 'retry-after': '1' })
        : json(res, 200, { metadata: { name: 'p' } }),
    );
    const started = performance.now();
    await expect(clientFor(url).get(PODS, 'ns', 'p')).resolves.toEqual({ metadata: { name: 'p' } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(seen).toHaveLength(2);
  });

  it('retries a GET and a create while the server is not listening yet (connection refused), then gets through', async () => {
    const port = await freePort();
    const url = `https://127.0.0.1:${port}`;
    const client = clientFor(url, { retries: { steps: 10, durationMs: 100, factor: 1.5, jitter: 0.1 } });
    const get = client.get(PODS, 'ns', 'p');
    const create = client.create(CONFIGMAPS, 'ns', { metadata: { name: 'c' } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const { seen } = await startServer((req, res) => json(res, req.method === 'POST' ? 201 : 200, { metadata: { name: req.method } }), port);
    await expect(get).resolves.toEqual({ metadata: { name: 'GET' } });
    await expect(create).resolves.toEqual({ metadata: { name: 'POST' } });
    expect(seen.map((s) => s.method).sort()).toEqual(['GET', 'POST']); // each arrived once
  });

  it('gives up on a server that never comes, with a TransportError after the attempts allowed', async () => {
    const url = `https://127.0.0.1:${await freePort()}`;
    const err = await clientFor(url, { retries: { steps: 3, durationMs: 10 } }).get(PODS, 'ns', 'p').catch((e: unknown) => e);
    expect(isTransportError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'ECONNREFUSED', attempts: 3 });
  });

  it('does not retry a create whose connection broke after it was sent', async () => {
    const { url, seen } = await startServer((req) => req.socket.destroy());
    const err = await clientFor(url).create(CONFIGMAPS, 'ns', { metadata: { name: 'c' } }).catch((e: unknown) => e);
    expect(isTransportError(err)).toBe(true);
    expect((err as { attempts: number }).attempts).toBe(1);
    expect(seen).toHaveLength(1);
  });

  it('times out an attempt the server does not answer, without retrying it', async () => {
    const { url, seen } = await startServer(() => undefined);
    const started = performance.now();
    const err = await clientFor(url, { timeoutMs: 300 }).get(PODS, 'ns', 'p').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TransportError', code: 'ETIMEDOUT', attempts: 1 });
    expect((err as Error).message).toMatch(/no complete answer within 300 ms/);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(seen).toHaveLength(1);
  });

  it('lets the caller abort a request and its retries', async () => {
    const { url } = await startServer((_req, res) => json(res, 503, {}, { 'retry-after': '30' }));
    const ac = new AbortController();
    const pending = clientFor(url).get(PODS, 'ns', 'p', { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('shutting down')), 200);
    await expect(pending).rejects.toThrow('shutting down');
  });

  it('maps a refusal to an ApiError even over the real wire', async () => {
    const { url } = await startServer((_req, res) => json(res, 403, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', message: 'pods is forbidden', code: 403 }));
    const err = await clientFor(url).list(PODS).catch((e: unknown) => e);
    expect(isApiError(err)).toBe(true);
    expect(err).toMatchObject({ status: 403, reason: 'Forbidden', message: 'pods is forbidden' });
  });
});
