import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { grpcProbe } from './grpc-probe.js';
import { httpGetRequest } from './http-get-request.js';
import { httpProbe } from './http-probe.js';
import { tcpProbe } from './tcp-probe.js';

const HOST = '127.0.0.1';
const servers: { close(callback: () => void): unknown }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** An HTTP server on 127.0.0.1 answering with `handle`; resolves its port. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server: Server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  return (server.address() as AddressInfo).port;
}

const closedPort = async () => {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};

const probe = (port: number, path = '/', timeoutMs = 2_000) => httpProbe(httpGetRequest({ port, path }, { name: 'c' }, HOST), timeoutMs);

describe('httpProbe', () => {
  it('succeeds on 2xx with the body as output, fails otherwise without showing the body', async () => {
    const port = await serve((req, res) => {
      res.statusCode = req.url === '/ok' ? 204 : req.url === '/created' ? 201 : 503;
      res.end('secret body');
    });
    expect(await probe(port, '/created')).toEqual({ result: 'success', output: 'secret body' });
    expect(await probe(port, '/ok')).toEqual({ result: 'success', output: '' });
    expect(await probe(port, '/down')).toEqual({ result: 'failure', output: 'HTTP probe failed with statuscode: 503' });
  });

  it('sends the headers asked for: a Host header sets the Host, User-Agent and Accept default to upstream ones', async () => {
    const port = await serve((req, res) => res.end(`${req.headers.host} ${req.headers['user-agent']} ${req.headers.accept} ${req.headers['x-a']}`));
    const request = httpGetRequest({ port, httpHeaders: [{ name: 'Host', value: 'example.test' }, { name: 'x-a', value: '1' }] }, { name: 'c' }, HOST);
    expect(await httpProbe(request, 2_000)).toEqual({ result: 'success', output: 'example.test kube-probe/1.35 */* 1' });
  });

  it('follows redirects on the same host, stops after 10, and takes one to another host as a warning (not followed)', async () => {
    let hops = 0;
    const port = await serve((req, res) => {
      if (req.url === '/start') return res.writeHead(302, { location: '/end' }).end();
      if (req.url === '/loop') return res.writeHead(302, { location: `/loop?${++hops}` }).end();
      if (req.url?.startsWith('/loop')) return res.writeHead(307, { location: `/loop?${++hops}` }).end();
      if (req.url === '/away') return res.writeHead(301, { location: 'http://elsewhere.invalid/' }).end('moved');
      res.end('arrived');
    });
    expect(await probe(port, '/start')).toEqual({ result: 'success', output: 'arrived' });
    expect(await probe(port, '/away')).toEqual({ result: 'warning', output: 'Probe terminated redirects, Response body: moved' });
    const loop = await probe(port, '/loop');
    expect(loop.result).toBe('failure');
    expect(loop.output).toMatch(new RegExp(`^Get "http://127\\.0\\.0\\.1:${port}/loop\\?\\d+": stopped after 10 redirects$`));
  });

  it('says what Go says when nothing listens, and when the answer is too slow', async () => {
    const port = await closedPort();
    expect(await probe(port, '/healthz')).toEqual({ result: 'failure', output: `Get "http://127.0.0.1:${port}/healthz": dial tcp 127.0.0.1:${port}: connect: connection refused` });
    const slow = await serve(() => undefined); // never answers
    expect(await probe(slow, '/', 200)).toEqual({ result: 'failure', output: `Get "http://127.0.0.1:${slow}/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
  });

  it('throws the answer away when its body cannot be read in time (an error, as upstream), and keeps at most 10 KiB of a body', async () => {
    const port = await serve((req, res) => {
      if (req.url === '/big') return res.end('x'.repeat(64 * 1024));
      res.writeHead(200);
      res.write('partial'); // and never ends
    });
    const stuck = await probe(port, '/stuck', 300);
    expect(stuck).toMatchObject({ result: 'failure', output: '', error: new Error('context deadline exceeded (Client.Timeout or context cancellation while reading body)') });
    const big = await probe(port, '/big');
    expect(big).toEqual({ result: 'success', output: 'x'.repeat(10 * 1024) });
  });
});

describe('tcpProbe', () => {
  it('succeeds when the port accepts, fails with the dial error when not', async () => {
    const port = await serve((_req, res) => res.end());
    expect(await tcpProbe(HOST, port, 1_000)).toEqual({ result: 'success', output: '' });
    const closed = await closedPort();
    expect(await tcpProbe(HOST, closed, 1_000)).toEqual({ result: 'failure', output: `dial tcp 127.0.0.1:${closed}: connect: connection refused` });
  });
});

describe('grpcProbe', () => {
  it('fails on a server without the health service, and when nothing listens', async () => {
    const server = createHttp2Server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'unknown service grpc.health.v1.Health' });
      res.end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
    const { port } = server.address() as AddressInfo;
    expect(await grpcProbe(HOST, port, '', 1_000)).toEqual({
      result: 'failure',
      output: "this server doesn't implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health",
    });
    const closed = await closedPort();
    expect(await grpcProbe(HOST, closed, '', 1_000)).toEqual({ result: 'failure', output: `error: failed to connect service at "127.0.0.1:${closed}": dial tcp 127.0.0.1:${closed}: connect: connection refused` });
  });
});
