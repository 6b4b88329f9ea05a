import http from 'node:http';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { UserspaceProxier } from './userspace-proxier.js';

function backend(body: string): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const server = http.createServer((_q, s) => s.end(body)).listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, close: () => server.close() }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function get(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host, port, path: '/', agent: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

describe('userspace proxier on loopback addresses', () => {
  const proxier = new UserspaceProxier();
  afterAll(() => proxier.close());

  it('listens on a ClusterIP-like loopback address, balances over the backends, switches when they change, and refuses with none', async () => {
    const [a, b] = await Promise.all([backend('a'), backend('b')]);
    const port = await freePort();
    const host = '127.96.0.77';
    proxier.apply([{ id: 'default/web:80', listen: { host, port }, backends: [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`] }]);
    for (let i = 0; i < 50 && proxier.listening.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const answers = new Set([await get(host, port), await get(host, port), await get(host, port)]);
    expect([...answers].sort()).toEqual(['a', 'b']);

    proxier.apply([{ id: 'default/web:80', listen: { host, port }, backends: [`127.0.0.1:${b.port}`] }]);
    expect([await get(host, port), await get(host, port)]).toEqual(['b', 'b']);

    b.close();
    proxier.apply([{ id: 'default/web:80', listen: { host, port }, backends: [`127.0.0.1:${b.port}`, `127.0.0.1:${a.port}`] }]);
    expect(await get(host, port)).toBe('a'); // a refused backend is skipped

    proxier.apply([{ id: 'default/web:80', listen: { host, port }, backends: [] }]);
    await expect(get(host, port)).rejects.toThrow();
    proxier.apply([]);
    await new Promise((r) => setTimeout(r, 50));
    await expect(get(host, port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    a.close();
  });
});
