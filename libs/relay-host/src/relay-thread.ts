import { Worker } from 'node:worker_threads';
import { RelayMetrics, type BusConfig, type RelayStats } from '@kubeledger/bus';
import type { FromRelayWorker, RelayTuning, RelayWorkerData, ToRelayWorker } from './relay-worker-protocol.js';

export interface RelayThreadOptions {
  readonly databaseUrl: string;
  readonly bus: BusConfig;
  /** Who this relay is (recorded with checkpoints). */
  readonly holder: string;
  /** One leader per name per database (default `relay/<stream>`). */
  readonly lockName?: string;
  readonly relay?: RelayTuning;
  /** After each acknowledged batch (see Relay's onPublished); `ackedAt` in ms since the epoch. */
  readonly onPublished?: (lastRevision: number, count: number, ackedAt: number) => void;
  readonly log?: (message: string) => void;
}

const RESTART_AFTER_MS = 1_000;
const NOT_LEADING: RelayStats = { leader: false, publishedRevision: 0, seenRevision: 0, lagRevisions: 0 };

/**
 * The relay on a thread of its own. Publishing the log is steady CPU work (reading rows,
 * framing and sending messages, handling acks) that would otherwise share the event loop with
 * request handling and group commit: measured with 64 writers, 8.1–8.6k writes/s with the relay
 * off the loop against 6.2–7.5k with it on. The relay's metrics stay on this thread (fed by the
 * worker's progress messages) so /metrics shows them; commits poke it with one message each.
 * A thread that dies is started again.
 */
export class RelayThread {
  readonly #options: RelayThreadOptions;
  readonly #data: RelayWorkerData;
  readonly #metrics: RelayMetrics;
  #worker: Worker | undefined;
  #stats: RelayStats = NOT_LEADING;
  #pokeQueued = false;
  #stopping: Promise<void> | undefined;
  #restartTimer: NodeJS.Timeout | undefined;

  private constructor(options: RelayThreadOptions) {
    this.#options = options;
    this.#data = {
      databaseUrl: options.databaseUrl,
      bus: options.bus,
      holder: options.holder,
      lockName: options.lockName ?? `relay/${options.bus.stream}`,
      relay: options.relay ?? {},
    };
    this.#metrics = new RelayMetrics(options.bus.stream, () => this.#stats);
  }

  static start(options: RelayThreadOptions): RelayThread {
    const thread = new RelayThread(options);
    thread.#metrics.start();
    thread.#spawn();
    return thread;
  }

  /** Wakes the relay: something was committed. */
  poke(): void {
    // Commits in one turn of the event loop need one wake-up between them.
    if (this.#pokeQueued) return;
    this.#pokeQueued = true;
    queueMicrotask(() => {
      this.#pokeQueued = false;
      this.#worker?.postMessage({ kind: 'poke' } satisfies ToRelayWorker);
    });
  }

  /** As last reported by the thread (every batch, and every 100 ms while anything changes). */
  stats(): RelayStats {
    return this.#stats;
  }

  /** Stops publishing, waits for outstanding acks and releases leadership. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      clearTimeout(this.#restartTimer);
      const worker = this.#worker;
      if (worker) {
        const stopped = new Promise<void>((resolve) => {
          worker.on('message', (m: FromRelayWorker) => m.kind === 'stopped' && resolve());
          worker.once('exit', () => resolve());
        });
        worker.postMessage({ kind: 'stop' } satisfies ToRelayWorker);
        await stopped;
        await worker.terminate();
      }
      this.#metrics.stop();
      this.#stats = NOT_LEADING;
    })();
    return this.#stopping;
  }

  #spawn(): void {
    const worker = spawnWorker(this.#data);
    this.#worker = worker;
    worker.on('message', (m: FromRelayWorker) => this.#receive(m));
    worker.on('error', (err) => this.#log(`relay thread failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#stats = NOT_LEADING;
      if (this.#stopping) return;
      this.#log(`relay thread exited (code ${code}); starting it again in ${RESTART_AFTER_MS} ms`);
      this.#restartTimer = setTimeout(() => this.#spawn(), RESTART_AFTER_MS);
    });
  }

  #receive(message: FromRelayWorker): void {
    switch (message.kind) {
      case 'progress':
        this.#stats = message.stats;
        for (const seconds of message.latencies) this.#metrics.latency(seconds);
        for (const [last, count, ackedAt] of message.published) this.#options.onPublished?.(last, count, ackedAt);
        return;
      case 'log':
        this.#log(message.message);
        return;
      case 'stopped':
        return;
      default: {
        const never: never = message;
        this.#log(`unknown message from the relay thread: ${JSON.stringify(never)}`);
      }
    }
  }

  #log(message: string): void {
    (this.#options.log ?? ((m: string) => console.error(`relay: ${m}`)))(message);
  }
}

/**
 * Starts relay-worker next to this file. Run from TypeScript sources (tsx), a worker does not
 * inherit the loader, so a one-line bootstrap registers it before importing the entry.
 */
function spawnWorker(data: RelayWorkerData): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './relay-worker.ts' : './relay-worker.js', import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: data });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })
    .catch((err) => { console.error(err); process.exit(1); });`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}
