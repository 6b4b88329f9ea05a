import { nanos, nuid } from '@nats-io/nats-core';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  JetStreamError,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerMessages,
} from '@nats-io/jetstream';
import type { Revision } from '@kubeledger/api';
import type { BusConnection } from './connect.js';
import { StreamGapError } from './bus-errors.js';
import { decodeBusEvent, type BusEvent } from './bus-event.js';
import { filterSubject, type SubjectFilter } from './subjects.js';

export interface SubscribeOptions {
  /** Deliver revisions greater than this one (the resourceVersion the caller listed or last saw). */
  readonly fromRevision: Revision;
  /** Which objects; all omitted: every event. One filter subject (nats-server 2.9 allows one per consumer). */
  readonly filter?: SubjectFilter;
  /** Messages pulled per request (default 256). */
  readonly batch?: number;
  /**
   * Pull request lifetime in ms (default 5 000). Short, because a pull the server loses holds
   * deliveries back until the client notices (under load the pods bench saw single nodes stall for
   * the full 30 s of nats.js's default); an idle pull renewed every 5 s costs the server next to nothing.
   */
  readonly expiresMs?: number;
  /**
   * Called with each stream sequence the subscription consumes, events and gap fillers alike, after
   * the event (if any) has been yielded: how far the caller has seen the log.
   */
  readonly onPosition?: (revision: Revision) => void;
}

/** Events in revision order. Iterate once; `close()` ends the iteration and deletes the consumer. */
export interface EventSubscription extends AsyncIterable<BusEvent> {
  close(): Promise<void>;
}

/** How long a consumer outlives its subscriber (a crashed process leaves nothing behind for long). */
const INACTIVE_THRESHOLD_MS = 5 * 60 * 1000;
/** Attempts to recreate a lost consumer before the iteration fails (the caller subscribes again). */
const RECREATE_ATTEMPTS = 10;
const RECREATE_BACKOFF_MS = [100, 250, 500, 1000, 2000, 5000] as const;
/**
 * The server's idle heartbeat while a pull is open. Two missed ones make nats.js pull again, and that
 * is the cure when nats-server 2.9 drops an expired pull without its 408: the controllers bench saw
 * a node's pods wait 3–5 s for the next pull under load, with nats.js's default of half the expiry
 * (2.5 s). At 500 ms (its floor) such a stall lasts about 1 s; the heartbeats cost the server two
 * small messages a second per idle subscription.
 */
const IDLE_HEARTBEAT_MS = 500;

/**
 * Subscribes to the stream from `fromRevision + 1` with an ordered consumer: ephemeral, no acks,
 * one filter subject, recreated from its cursor when it is lost or a delivery is missed.
 *
 * The consumer is created by name through the extended create subject
 * `$JS.API.CONSUMER.CREATE.<stream>.<name>.<filter>`, the one form a NATS permission can pin to a
 * filter (nats-permissions.ts), and nothing else is asked of the server but consumer info, pulls
 * and deletion: no stream info, which a restricted user may not read. (nats.js's own ordered
 * consumer reads the stream's info first, hence this small reimplementation of it.)
 *
 * Throws {@link StreamGapError} when the stream no longer holds `fromRevision + 1` (the server
 * would silently start at its first sequence); the caller reads the missing revisions from the
 * apiserver and subscribes again from there. The iteration throws it too when a recreated consumer
 * had to start later than its cursor, or when an unfiltered subscription sees a sequence jump.
 */
export async function subscribeEvents(conn: BusConnection, options: SubscribeOptions): Promise<EventSubscription> {
  const subscription = new OrderedSubscription(conn, options);
  await subscription.open();
  return subscription;
}

/**
 * A consumer created with `opt_start_seq` below the stream's first sequence reports
 * `delivered.stream_seq = first_seq - 1` (nats-server 2.9 clamps silently); a start beyond the
 * last sequence reports `last_seq` and delivers from `last_seq + 1` (so early messages are dropped).
 */
function startGap(info: ConsumerInfo): StreamGapError | undefined {
  const start = info.config.opt_start_seq ?? 1;
  const willDeliver = info.delivered.stream_seq + 1;
  return willDeliver > start ? new StreamGapError(start, willDeliver) : undefined;
}

/** The consumer is gone (deleted, expired, lost in a server restart): recreating it at the cursor is the cure. */
function isConsumerLost(err: unknown): boolean {
  if (err instanceof JetStreamApiError) return err.code === JetStreamApiCodes.ConsumerNotFound || err.code === JetStreamApiCodes.StreamNotFound;
  // A pull's status error (JetStreamStatusError, not exported): 409 "consumer deleted".
  const code = err instanceof JetStreamError ? (err as { code?: unknown }).code : undefined;
  return code === 409 || code === 404;
}

/** One consumer of the subscription's succession. */
interface Incarnation {
  readonly name: string;
  readonly messages: ConsumerMessages;
  /** The last delivery sequence seen: deliveries are numbered 1, 2, 3… and a hole means a lost message. */
  delivered: number;
}

class OrderedSubscription implements EventSubscription {
  readonly #conn: BusConnection;
  readonly #filter: string;
  readonly #unfiltered: boolean;
  readonly #batch: number;
  readonly #expiresMs: number;
  readonly #onPosition: ((revision: Revision) => void) | undefined;
  /** Consumers are named `<random>_<serial>`, as nats.js names its ordered consumers. */
  readonly #namePrefix = nuid.next();
  #serial = 0;
  /** The last stream sequence consumed: where a recreated consumer continues. */
  #last: Revision;
  #current: Incarnation | undefined;
  #closing = false;
  #iterated = false;

  constructor(conn: BusConnection, options: SubscribeOptions) {
    const { prefix } = conn.config;
    this.#conn = conn;
    this.#filter = filterSubject(prefix, options.filter);
    this.#unfiltered = this.#filter === `${prefix}.>`;
    this.#batch = options.batch ?? 256;
    this.#expiresMs = options.expiresMs ?? 5_000;
    this.#onPosition = options.onPosition;
    this.#last = options.fromRevision;
  }

  async open(): Promise<void> {
    this.#current = await this.#create();
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const current = this.#current;
    if (!current) return;
    // stop(), not close(): close() waits for an iteration to drain, and there may be none.
    current.messages.stop();
    await this.#delete(current.name);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<BusEvent> {
    if (this.#iterated) throw new Error('an event subscription can be iterated once');
    this.#iterated = true;
    const { prefix } = this.#conn.config;
    try {
      while (!this.#closing) {
        const current = this.#current!;
        let lost = false;
        try {
          for await (const msg of current.messages) {
            if (msg.info.deliverySequence !== current.delivered + 1) {
              lost = true; // a delivery went missing (slow consumer, reconnect): start over from the cursor
              break;
            }
            current.delivered = msg.info.deliverySequence;
            const seq = msg.seq;
            // A start beyond the stream's end is clamped to last_seq + 1: skip what the caller has.
            if (seq <= this.#last) continue;
            if (this.#unfiltered && seq !== this.#last + 1) throw new StreamGapError(this.#last + 1, seq);
            this.#last = seq;
            const event = decodeBusEvent(prefix, msg);
            if (event) yield event;
            this.#onPosition?.(seq);
          }
        } catch (err) {
          if (this.#closing) break;
          if (!isConsumerLost(err)) throw err;
          lost = true;
        }
        if (this.#closing) break;
        if (!lost) throw new Error('event subscription ended: the NATS connection closed');
        current.messages.stop();
        await this.#recreate(current);
      }
    } finally {
      await this.close();
    }
  }

  /** Creates the next consumer at the cursor. Throws {@link StreamGapError} (leaving no consumer) when the server starts it later. */
  async #create(): Promise<Incarnation> {
    const name = `${this.#namePrefix}_${++this.#serial}`;
    const config: Partial<ConsumerConfig> = {
      name,
      // Also in the create subject, where permissions can see it (nats.js puts it there for a named consumer).
      filter_subject: this.#filter,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.#last + 1,
      ack_policy: AckPolicy.None,
      max_deliver: 1,
      mem_storage: true,
      num_replicas: 1,
      inactive_threshold: nanos(INACTIVE_THRESHOLD_MS),
    };
    const info = await this.#conn.jsm.consumers.add(this.#conn.config.stream, config);
    try {
      const gap = startGap(info);
      if (gap) throw gap;
      const messages = await this.#conn.js.consumers
        .getConsumerFromInfo(info)
        .consume({ max_messages: this.#batch, expires: this.#expiresMs, idle_heartbeat: IDLE_HEARTBEAT_MS, abort_on_missing_resource: true });
      return { name, messages, delivered: 0 };
    } catch (err) {
      await this.#delete(name);
      throw err;
    }
  }

  /** Replaces a lost consumer with one at the cursor, retrying a while; a gap or closing ends it at once. */
  async #recreate(lost: Incarnation): Promise<void> {
    void this.#delete(lost.name);
    for (let attempt = 0; ; attempt++) {
      try {
        const next = await this.#create();
        this.#current = next;
        // close() may have run meanwhile, and stopped only the previous consumer.
        if (this.#closing) {
          next.messages.stop();
          await this.#delete(next.name);
        }
        return;
      } catch (err) {
        if (err instanceof StreamGapError || this.#closing || this.#conn.nc.isClosed() || attempt + 1 >= RECREATE_ATTEMPTS) throw err;
      }
      await new Promise((r) => setTimeout(r, RECREATE_BACKOFF_MS[Math.min(attempt, RECREATE_BACKOFF_MS.length - 1)]));
    }
  }

  async #delete(name: string): Promise<void> {
    await this.#conn.jsm.consumers.delete(this.#conn.config.stream, name).catch(() => false);
  }
}
