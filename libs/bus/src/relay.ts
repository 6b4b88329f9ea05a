import type { LogRecord, Revision } from '@kubeledger/api';
import { SpanStatusCode, type Span } from '@kubeledger/telemetry';
import type { BusConnection } from './connect.js';
import type { LeaderLock } from './leader-lock.js';
import type { RelaySource } from './relay-source.js';
import { startPublishSpan } from './publish-span.js';
import { fillerMessage, recordMessage } from './relay-message.js';
import { RelayMetrics } from './relay-metrics.js';
import { RevisionPublisher } from './revision-publisher.js';
import { ensureStream, streamInfo } from './stream.js';

export interface RelayOptions {
  readonly bus: BusConnection;
  readonly source: RelaySource;
  readonly lock: LeaderLock;
  /** Who this relay is (recorded with checkpoints), e.g. `<hostname>/<pid>`. */
  readonly holder: string;
  /** Records read from the log per batch (default 500). */
  readonly batchSize?: number;
  /** Messages not yet acknowledged at most (default 1024). */
  readonly maxInFlight?: number;
  /** Messages per acknowledgement (default 64): see RevisionPublisher. */
  readonly ackWindow?: number;
  /** Wait between empty reads unless poked (default 10 ms). */
  readonly idlePollMs?: number;
  /** Wait between leadership attempts (default 1000 ms). */
  readonly standbyRetryMs?: number;
  /** Checkpoint period while leading (default 1000 ms). */
  readonly checkpointEveryMs?: number;
  /** Message size limit in bytes (default: the server's `max_payload`); bodies above it − 4 KiB become oversize markers. */
  readonly maxPayload?: number;
  /** After each acknowledged batch: its last revision, how many revisions it carried, when the last ack arrived (ms since the epoch). */
  readonly onPublished?: (lastRevision: Revision, count: number, ackedAt: number) => void;
  /** Each published record's commit → ack latency in seconds, as the latency histogram gets it (for a relay whose metrics live in another thread). */
  readonly onLatency?: (seconds: number) => void;
  /** Where errors go (never called on the hot path). */
  readonly log?: (msg: string, err?: unknown) => void;
}

export interface RelayStats {
  readonly leader: boolean;
  /** Highest revision the stream acknowledged (as far as this relay knows). */
  readonly publishedRevision: Revision;
  /** Highest revision read from the log. */
  readonly seenRevision: Revision;
  readonly lagRevisions: number;
}

/** Room left in a message for headers and protocol overhead. */
const HEADER_ALLOWANCE = 4 * 1024;
const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5_000;

/** One leadership period; it ends when the lock is lost or the relay stops. */
interface Term {
  active: boolean;
  lost: boolean;
}

/**
 * Tails the event log and publishes it to the stream with stream sequence == revision
 * (DESIGN §3, event-store.md §2.2): one leader at a time (the lock), every publish fenced by
 * `Nats-Expected-Last-Sequence` and deduplicated by `Nats-Msg-Id`, so a second relay that
 * believes it leads can neither duplicate nor reorder anything. On any failure it re-reads the
 * stream's last sequence and resumes from there.
 */
export class Relay {
  readonly #bus: BusConnection;
  readonly #source: RelaySource;
  readonly #lock: LeaderLock;
  readonly #holder: string;
  readonly #batchSize: number;
  readonly #maxInFlight: number;
  readonly #ackWindow: number;
  readonly #idlePollMs: number;
  readonly #standbyRetryMs: number;
  readonly #checkpointEveryMs: number;
  readonly #maxPayload: number | undefined;
  readonly #onPublished: RelayOptions['onPublished'];
  readonly #onLatency: RelayOptions['onLatency'];
  readonly #log: (msg: string, err?: unknown) => void;
  /** Created by start(), so instruments come from the meter provider registered by then. */
  #metrics: RelayMetrics | undefined;

  #running: Promise<void> | undefined;
  #stopping = false;
  #term: Term | undefined;
  #published: Revision = 0;
  #seen: Revision = 0;
  #failures = 0;
  #lastFailure: unknown;
  /** Ends the current sleep early (poke, stop, leadership lost). */
  #wake: (() => void) | undefined;
  #idle = false;
  #poked = false;
  #savedCheckpoint: Revision | undefined;
  #checkpointing: Promise<void> | undefined;

  constructor(options: RelayOptions) {
    this.#bus = options.bus;
    this.#source = options.source;
    this.#lock = options.lock;
    this.#holder = options.holder;
    this.#batchSize = options.batchSize ?? 500;
    this.#ackWindow = Math.max(1, options.ackWindow ?? 64);
    this.#maxInFlight = Math.max(this.#ackWindow, options.maxInFlight ?? 1024);
    this.#idlePollMs = options.idlePollMs ?? 10;
    this.#standbyRetryMs = options.standbyRetryMs ?? 1000;
    this.#checkpointEveryMs = options.checkpointEveryMs ?? 1000;
    this.#maxPayload = options.maxPayload;
    this.#onPublished = options.onPublished;
    this.#onLatency = options.onLatency;
    this.#log = options.log ?? (() => {});
  }

  /**
   * Starts the loop: standby until the lock is acquired, then publish until stopped or deposed.
   * The promise settles (never rejects) when the loop has ended after {@link stop}.
   */
  start(): Promise<void> {
    if (this.#running) return this.#running;
    this.#stopping = false;
    this.#metrics = new RelayMetrics(this.#bus.config.stream, () => this.stats());
    this.#metrics.start();
    this.#running = this.#run().catch((err: unknown) => this.#log('loop ended unexpectedly', err));
    return this.#running;
  }

  /** Ends the loop, waits for outstanding acks, saves a last checkpoint and releases the lock. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#term) this.#term.active = false;
    this.#wake?.();
    await this.#running;
    this.#running = undefined;
    this.#metrics?.stop();
    this.#metrics = undefined;
  }

  /** New revisions were committed: read now instead of at the next poll. */
  poke(): void {
    this.#poked = true;
    if (this.#idle) this.#wake?.();
  }

  stats(): RelayStats {
    return {
      leader: this.#term?.active ?? false,
      publishedRevision: this.#published,
      seenRevision: this.#seen,
      lagRevisions: Math.max(0, this.#seen - this.#published),
    };
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      if (!(await this.#tryAcquire())) {
        await this.#sleep(this.#standbyRetryMs);
        continue;
      }
      const term = this.#beginTerm();
      const timer = setInterval(() => this.#checkpoint(), this.#checkpointEveryMs);
      timer.unref();
      try {
        await this.#lead(term);
      } catch (err) {
        this.#log('leading failed', err);
      } finally {
        clearInterval(timer);
        term.active = false;
        this.#term = undefined;
        await this.#checkpointing;
        if (!term.lost) await this.#checkpoint();
        await this.#release();
      }
      if (term.lost && !this.#stopping) {
        this.#log('leadership lost; standing by');
        await this.#sleep(this.#standbyRetryMs);
      }
    }
  }

  async #tryAcquire(): Promise<boolean> {
    try {
      return await this.#lock.tryAcquire();
    } catch (err) {
      this.#log('acquiring the leader lock failed', err);
      return false;
    }
  }

  async #release(): Promise<void> {
    try {
      await this.#lock.release();
    } catch (err) {
      this.#log('releasing the leader lock failed', err);
    }
  }

  #beginTerm(): Term {
    const term: Term = { active: !this.#stopping, lost: false };
    const end = () => {
      term.lost = true;
      term.active = false;
      if (this.#term === term) this.#wake?.();
    };
    this.#lock.lost?.then(end, end);
    this.#term = term;
    return term;
  }

  async #lead(term: Term): Promise<void> {
    let next: Revision | undefined;
    let ensured = false;
    while (term.active) {
      if (next === undefined) {
        try {
          const info = ensured ? await streamInfo(this.#bus) : await ensureStream(this.#bus);
          if (info === undefined) {
            ensured = false;
            continue;
          }
          ensured = true;
          next = info.state.last_seq + 1;
          this.#published = info.state.last_seq;
          this.#seen = Math.max(this.#seen, this.#published);
        } catch (err) {
          await this.#backOff('reading the stream state failed', err);
          continue;
        }
      }
      let records: readonly LogRecord[];
      try {
        records = await this.#source.readAfter(next - 1, this.#batchSize);
      } catch (err) {
        await this.#backOff('reading the event log failed', err);
        continue;
      }
      if (!term.active) break;
      if (records.length === 0) {
        await this.#idleWait();
        continue;
      }
      next = await this.#publish(term, next, records);
      if (!term.active) break; // stopped or deposed: not a publishing failure
      if (next === undefined) await this.#backOff('publishing failed; resuming from the stream', this.#lastFailure);
      else this.#failures = 0;
    }
  }

  /**
   * Publishes `records` (and a filler for every revision missing between them) starting at
   * revision `next`. Returns the next revision to publish, or undefined after a failure (the
   * caller then re-reads the stream's last sequence).
   */
  async #publish(term: Term, next: Revision, records: readonly LogRecord[]): Promise<Revision | undefined> {
    const { prefix } = this.#bus.config;
    const maxBody = (this.#maxPayload ?? this.#bus.maxPayload) - HEADER_ALLOWANCE;
    const spans = new Map<Revision, Span>(); // publish spans of traced records, ended on their ack
    const publisher = new RevisionPublisher(this.#bus, {
      window: this.#ackWindow,
      maxInFlight: this.#maxInFlight,
      onAck: (messages, ackedAt) => {
        for (const message of messages) {
          spans.get(message.revision)?.end();
          spans.delete(message.revision);
          if (message.committedAt === undefined) continue;
          const seconds = (ackedAt - message.committedAt) / 1000;
          this.#metrics?.latency(seconds);
          this.#onLatency?.(seconds);
        }
      },
    });
    let cursor = next;
    for (const record of records) {
      if (record.revision < cursor) continue;
      if (record.revision > this.#seen) this.#seen = record.revision;
      while (cursor < record.revision && term.active && (await publisher.send(fillerMessage(prefix, cursor)))) cursor++;
      if (cursor < record.revision || !term.active) break;
      const traced = startPublishSpan(record, this.#bus.config.stream, `${prefix}.${record.subject}`);
      if (traced) spans.set(record.revision, traced.span);
      if (!(await publisher.send(recordMessage(prefix, record, maxBody, traced?.traceparent ?? record.traceparent)))) break;
      cursor++;
    }
    await publisher.drain();
    for (const span of spans.values()) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'not acknowledged by the stream' });
      span.end();
    }
    const acked = publisher.ackedRevision;
    if (acked !== undefined) {
      if (acked > this.#published) this.#published = acked;
      try {
        this.#onPublished?.(acked, publisher.ackedCount, publisher.lastAckAt);
      } catch (err) {
        this.#log('onPublished threw', err);
      }
    }
    if (publisher.failed) {
      this.#lastFailure = publisher.failure;
      return undefined;
    }
    return term.active ? cursor : undefined;
  }

  async #checkpoint(): Promise<void> {
    if (this.#checkpointing || this.#published === this.#savedCheckpoint) return;
    const revision = this.#published;
    this.#checkpointing = this.#source
      .saveCheckpoint(this.#bus.config.stream, revision, this.#holder)
      .then(
        () => void (this.#savedCheckpoint = revision),
        (err: unknown) => this.#log('saving the checkpoint failed', err),
      )
      .finally(() => (this.#checkpointing = undefined));
    await this.#checkpointing;
  }

  async #backOff(msg: string, err: unknown): Promise<void> {
    this.#failures++;
    this.#log(msg, err);
    await this.#sleep(Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (this.#failures - 1)));
  }

  async #idleWait(): Promise<void> {
    if (this.#poked) {
      this.#poked = false;
      return;
    }
    this.#idle = true;
    try {
      await this.#sleep(this.#idlePollMs);
    } finally {
      this.#idle = false;
      this.#poked = false;
    }
  }

  /** Sleeps `ms`, or less when woken (poke while idle, stop, leadership lost). */
  #sleep(ms: number): Promise<void> {
    if (this.#stopping || this.#term?.active === false) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}
