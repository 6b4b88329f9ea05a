import net from 'node:net';
import type { Route } from './service-routes.js';

interface Listener {
  readonly server: net.Server;
  route: Route;
  next: number;
  listening: boolean;
}

const DIAL_TIMEOUT_MS = 2_000;

/**
 * A userspace TCP proxy (kube-proxy's old userspace mode): one listening socket per route; each
 * accepted connection goes to the route's next ready backend (round robin), and to the one after
 * when a backend refuses. A route without backends closes connections at once. `apply` takes the
 * routes as they are now: new ones start listening, changed ones switch backends for the next
 * connection, gone ones stop listening (connections in flight finish).
 */
export class UserspaceProxier {
  readonly #listeners = new Map<string, Listener>();
  readonly #log: (message: string) => void;

  constructor(log: (message: string) => void = () => {}) {
    this.#log = log;
  }

  get listening(): readonly string[] {
    return [...this.#listeners.entries()].filter(([, l]) => l.listening).map(([key]) => key);
  }

  apply(routes: readonly Route[]): void {
    const wanted = new Map(routes.map((r) => [`${r.listen.host}:${r.listen.port}`, r]));
    for (const [key, listener] of this.#listeners) {
      if (wanted.has(key)) continue;
      listener.server.close();
      this.#listeners.delete(key);
      this.#log(`stopped proxying ${key} (${listener.route.id})`);
    }
    for (const [key, route] of wanted) {
      const existing = this.#listeners.get(key);
      if (existing) {
        existing.route = route;
        continue;
      }
      this.#listen(key, route);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#listeners.values()].map((l) => new Promise<void>((resolve) => l.server.close(() => resolve()))));
    this.#listeners.clear();
  }

  #listen(key: string, route: Route): void {
    const listener: Listener = { server: net.createServer((socket) => this.#accept(listener, socket)), route, next: 0, listening: false };
    listener.server.on('error', (err: NodeJS.ErrnoException) => {
      this.#log(`cannot listen on ${key} for ${listener.route.id}: ${err.code ?? err.message}${err.code === 'EACCES' ? ' (ports below 1024 need root or net.ipv4.ip_unprivileged_port_start)' : ''}`);
    });
    listener.server.listen(route.listen.port, route.listen.host, () => {
      listener.listening = true;
      this.#log(`proxying ${key} for ${listener.route.id}`);
    });
    this.#listeners.set(key, listener);
  }

  #accept(listener: Listener, client: net.Socket): void {
    client.on('error', () => client.destroy());
    const backends = listener.route.backends;
    if (backends.length === 0) {
      client.destroy();
      return;
    }
    const start = listener.next++ % backends.length;
    const dial = (attempt: number) => {
      if (attempt >= backends.length) {
        client.destroy();
        return;
      }
      const [host, port] = splitHostPort(backends[(start + attempt) % backends.length]!);
      const upstream = net.connect({ host, port, timeout: DIAL_TIMEOUT_MS });
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        upstream.setTimeout(0);
        client.pipe(upstream).pipe(client);
      });
      upstream.on('timeout', () => upstream.destroy(new Error('dial timeout')));
      upstream.on('error', () => {
        if (!connected) dial(attempt + 1);
        else client.destroy();
      });
      upstream.on('close', () => client.end());
      client.on('close', () => upstream.destroy());
    };
    dial(0);
  }
}

function splitHostPort(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon).replace(/^\[|\]$/g, ''), Number(address.slice(colon + 1))];
}
