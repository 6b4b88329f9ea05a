import https from 'node:https';
import { Pool } from 'undici';
import { now } from './stats.js';

export interface HttpResult {
  readonly status: number;
  readonly body: Buffer;
  /** Milliseconds from send to the last byte. */
  readonly ms: number;
}

/** The CA the server's certificate is checked with and, to authenticate with one, a client certificate and key (PEM). */
export interface ClientTls {
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
}

/**
 * A keep-alive HTTPS/1.1 client with at most `connections` sockets, one per concurrent benchmark
 * client, authenticated by a client certificate (or by the headers of each request): undici's pool, the cheapest Node client, so the
 * load generator takes as little as it can of the cores it shares with the server.
 */
export class HttpClient {
  readonly #base: URL;
  readonly #pool: Pool;
  readonly #tls: ClientTls;

  constructor(base: string, connections: number, tls: ClientTls) {
    this.#base = new URL(base);
    this.#tls = tls;
    this.#pool = new Pool(this.#base.origin, { connections, pipelining: 1, connect: { ...tls } });
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = now();
    const res = await this.#pool.request({
      method: method as 'GET',
      path,
      headers: { accept: 'application/json', ...(payload !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(payload !== undefined && { body: payload }),
    });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    return { status: res.statusCode, body: bytes, ms: now() - started };
  }

  /**
   * Opens a watch and calls `onEvent` for each frame, with the time it arrived, and `onEnd` if the
   * server ends it (or the connection breaks) before it is closed. Returns a function that closes it.
   */
  watch(path: string, onEvent: (frame: { type: string; object: { metadata?: { name?: string } } }, at: number) => void, onEnd?: (err?: Error) => void): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const req = https.get({ host: this.#base.hostname, port: this.#base.port, path, headers: { accept: 'application/json' }, ...this.#tls }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`watch ${path}: HTTP ${res.statusCode}`));
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = now();
          buffered += chunk;
          let newline;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            onEvent(JSON.parse(buffered.slice(0, newline)), at);
            buffered = buffered.slice(newline + 1);
          }
        });
        let closed = false;
        res.on('error', (err) => !closed && onEnd?.(err));
        res.on('end', () => !closed && onEnd?.());
        resolve(() => {
          closed = true;
          req.destroy();
        });
      });
      req.on('error', reject);
    });
  }

  close(): void {
    void this.#pool.destroy();
  }
}

/** Resolves with the answer when it is 2xx; otherwise rejects with its status and the start of its body. */
export async function expectOk<T extends { status: number; body: Buffer }>(promise: Promise<T>): Promise<T> {
  const res = await promise;
  if (res.status >= 300) throw new Error(`HTTP ${res.status}: ${res.body.toString().slice(0, 300)}`);
  return res;
}
