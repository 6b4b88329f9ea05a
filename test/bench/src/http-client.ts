import http from 'node:http';
import { now } from './stats.js';

export interface HttpResult {
  readonly status: number;
  readonly body: Buffer;
  /** Milliseconds from send to the last byte. */
  readonly ms: number;
}

/** A keep-alive HTTP/1.1 client with at most `connections` sockets: one per concurrent benchmark client. */
export class HttpClient {
  readonly #base: URL;
  readonly #agent: http.Agent;

  constructor(base: string, connections: number) {
    this.#base = new URL(base);
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  }

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const started = now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.#base.hostname,
          port: this.#base.port,
          method,
          path,
          agent: this.#agent,
          headers: { accept: 'application/json', ...(payload && { 'content-type': 'application/json', 'content-length': payload.length }), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: now() - started }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Opens a watch and calls `onEvent` for each frame, with the time it arrived. Returns a function that closes it. */
  watch(path: string, onEvent: (frame: { type: string; object: { metadata?: { name?: string } } }, at: number) => void): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: this.#base.hostname, port: this.#base.port, path, headers: { accept: 'application/json' } }, (res) => {
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
        res.on('error', () => undefined);
        resolve(() => req.destroy());
      });
      req.on('error', reject);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
