import type { PubAck } from '@nats-io/jetstream';
import type { Revision } from '@kubeledger/api';
import type { BusConnection } from './connect.js';
import { StreamMisalignedError } from './bus-errors.js';
import type { RelayMessage } from './relay-message.js';

export interface RevisionPublisherOptions {
  readonly maxInFlight: number;
  /** Called for every acknowledged message, `ackedAt` in ms since the epoch (performance clock). */
  readonly onAck?: (message: RelayMessage, ackedAt: number) => void;
}

/** The current time in ms since the epoch, on the monotonic performance clock. */
export const preciseNow = (): number => performance.timeOrigin + performance.now();

/**
 * Pipelined, fenced publishing of consecutive revisions: revision r goes out with
 * `Nats-Msg-Id: <stream>/<r>` and `Nats-Expected-Last-Sequence: r-1`, up to `maxInFlight` at a
 * time (one connection keeps them in order). A duplicate ack (same msg-id inside the duplicate
 * window) counts as published. After the first failure nothing more is sent: every later publish
 * would fail its expectation anyway, and the caller re-reads the stream's last sequence.
 */
export class RevisionPublisher {
  readonly #conn: BusConnection;
  readonly #options: RevisionPublisherOptions;
  readonly #inFlight: Promise<void>[] = [];
  #failure: unknown = undefined;
  #acked: Revision | undefined = undefined;
  #ackedCount = 0;
  #lastAckAt = 0;

  constructor(conn: BusConnection, options: RevisionPublisherOptions) {
    this.#conn = conn;
    this.#options = options;
  }

  /** The first error, if any publish failed. */
  get failure(): unknown {
    return this.#failure;
  }

  get failed(): boolean {
    return this.#failure !== undefined;
  }

  /** The highest acknowledged revision. */
  get ackedRevision(): Revision | undefined {
    return this.#acked;
  }

  get ackedCount(): number {
    return this.#ackedCount;
  }

  get lastAckAt(): number {
    return this.#lastAckAt;
  }

  /** Sends `message` once a slot is free. Returns false, sending nothing, once a publish has failed. */
  async send(message: RelayMessage): Promise<boolean> {
    while (this.#inFlight.length >= this.#options.maxInFlight) await this.#inFlight.shift();
    if (this.failed) return false;
    this.#inFlight.push(this.#publish(message));
    return true;
  }

  /** Waits for every outstanding publish. */
  async drain(): Promise<void> {
    while (this.#inFlight.length > 0) await this.#inFlight.shift();
  }

  async #publish(message: RelayMessage): Promise<void> {
    const { revision } = message;
    let ackedAt: number;
    try {
      const ack: PubAck = await this.#conn.js.publish(message.subject, message.body, {
        msgID: `${this.#conn.config.stream}/${revision}`,
        expect: { lastSequence: revision - 1 },
        headers: message.headers,
      });
      if (ack.seq !== revision) throw new StreamMisalignedError(revision, ack.seq);
      ackedAt = preciseNow();
    } catch (err) {
      this.#failure ??= err;
      return;
    }
    if (this.#acked === undefined || revision > this.#acked) this.#acked = revision;
    this.#ackedCount++;
    this.#lastAckAt = ackedAt;
    try {
      this.#options.onAck?.(message, ackedAt);
    } catch {
      // an observer must not turn a stored message into a failed one
    }
  }
}
