import { DeliverPolicy, type Consumer, type ConsumerInfo, type ConsumerMessages } from '@nats-io/jetstream';
import type { Revision } from '@kubeledger/api';
import type { BusConnection } from './connect.js';
import { StreamGapError } from './bus-errors.js';
import { decodeBusEvent, type BusEvent } from './bus-event.js';
import { boundsOf, type StreamBounds } from './stream.js';
import { filterSubject, type SubjectFilter } from './subjects.js';

export interface SubscribeOptions {
  /** Deliver revisions greater than this one (the resourceVersion the caller listed or last saw). */
  readonly fromRevision: Revision;
  /** Which objects; all omitted: every event. One filter subject (nats-server 2.9 allows one per consumer). */
  readonly filter?: SubjectFilter;
  /** Messages pulled per request (default 256). */
  readonly batch?: number;
  /**
   * Pull request lifetime in ms (default 30 000). The server sends heartbeats at half of it, and
   * nats.js recreates the ordered consumer after two missed ones.
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

/**
 * Subscribes to the stream from `fromRevision + 1` with an ordered consumer (ephemeral, no acks,
 * recreated by nats.js from its cursor after a sequence gap or heartbeat loss).
 *
 * Throws {@link StreamGapError} when the stream no longer holds `fromRevision + 1` (the server
 * would silently start at its first sequence); the caller reads the missing revisions from the
 * apiserver and subscribes again from there. The iteration throws it too when a recreated consumer
 * had to start later than its cursor, or when an unfiltered subscription sees a sequence jump.
 */
export async function subscribeEvents(conn: BusConnection, options: SubscribeOptions): Promise<EventSubscription> {
  const { stream, prefix } = conn.config;
  const from = options.fromRevision;
  const filter = filterSubject(prefix, options.filter);
  const unfiltered = filter === `${prefix}.>`;

  const streamBounds = async (): Promise<StreamBounds> => boundsOf(await conn.jsm.streams.info(stream));
  assertHeld(from, await streamBounds());
  // A string (not an array) makes nats.js send the singular `filter_subject` that 2.9 understands.
  const consumer = await conn.js.consumers.get(stream, {
    filter_subjects: filter,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: from + 1,
  });
  let messages: ConsumerMessages;
  try {
    const gap = startGap(await consumer.info(true));
    if (gap) throw gap;
    // Retention may have moved between the first check and the consumer's creation.
    assertHeld(from, await streamBounds());
    messages = await consumer.consume({ max_messages: options.batch ?? 256, expires: options.expiresMs ?? 30_000 });
  } catch (err) {
    await consumer.delete().catch(() => false);
    throw err;
  }
  return new OrderedSubscription(prefix, from, unfiltered, consumer, messages, options.onPosition);
}

function assertHeld(from: Revision, bounds: StreamBounds): void {
  if (from + 1 < bounds.firstRevision) throw new StreamGapError(from + 1, bounds.firstRevision);
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

class OrderedSubscription implements EventSubscription {
  readonly #prefix: string;
  readonly #unfiltered: boolean;
  readonly #consumer: Consumer;
  readonly #messages: ConsumerMessages;
  #last: Revision;
  #gap: StreamGapError | undefined;
  readonly #onPosition: ((revision: Revision) => void) | undefined;
  #closing = false;
  #iterated = false;

  constructor(prefix: string, from: Revision, unfiltered: boolean, consumer: Consumer, messages: ConsumerMessages, onPosition?: (revision: Revision) => void) {
    this.#onPosition = onPosition;
    this.#prefix = prefix;
    this.#last = from;
    this.#unfiltered = unfiltered;
    this.#consumer = consumer;
    this.#messages = messages;
    void this.#watchResets();
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    await this.#messages.close();
    await this.#consumer.delete().catch(() => false);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<BusEvent> {
    if (this.#iterated) throw new Error('an event subscription can be iterated once');
    this.#iterated = true;
    try {
      for await (const msg of this.#messages) {
        const seq = msg.seq;
        // A start beyond the stream's end is clamped to last_seq + 1: skip what the caller has.
        if (seq <= this.#last) continue;
        if (this.#gap && seq >= this.#gap.requested) throw this.#gap;
        if (this.#unfiltered && seq !== this.#last + 1) throw new StreamGapError(this.#last + 1, seq);
        this.#last = seq;
        const event = decodeBusEvent(this.#prefix, msg);
        if (event) yield event;
        this.#onPosition?.(seq);
      }
      if (this.#gap) throw this.#gap;
      if (!this.#closing) throw new Error('event subscription ended: the NATS connection closed');
    } finally {
      await this.close();
    }
  }

  /** After nats.js recreates the ordered consumer, check it really starts at its cursor. */
  async #watchResets(): Promise<void> {
    for await (const note of this.#messages.status()) {
      if (note.type !== 'ordered_consumer_recreated') continue;
      const gap = startGap(await this.#consumer.info(true));
      if (gap) {
        this.#gap = gap;
        this.#messages.stop();
        return;
      }
    }
  }
}
