import { LruMap } from './lru-map.js';

/** What an Event says, before the correlator decides how (or whether) it is written. */
export interface EventDraft {
  readonly involvedObject: { readonly kind?: string; readonly apiVersion?: string; readonly namespace?: string; readonly name?: string; readonly uid?: string; readonly fieldPath?: string };
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly source: { readonly component: string; readonly host?: string };
}

/** How an event is written: a new Event object, or a count bump (with its latest message) of the one `name` names. */
export type Correlation =
  | { readonly skip: true }
  | {
      readonly skip: false;
      /** Writes of the same key go in order: a bump after the create it bumps. */
      readonly key: string;
      readonly name: string;
      readonly message: string;
      readonly count: number;
      readonly firstTimestampMs: number;
      /** A repeat: patch the Event `name` (create it again, with this count, if it is gone). */
      readonly repeat: boolean;
    };

/** client-go's tools/record defaults (events_cache.go). */
const CACHE_ENTRIES = 4096;
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_PER_MS = 1 / 300_000;

const join = (parts: readonly (string | undefined)[]) => parts.map((p) => p ?? '').join('\u0000');

/**
 * client-go's EventCorrelator, which every component's EventRecorder runs each event through:
 * - aggregation: once a source has said 10 different messages with the same reason about the same
 *   object within 10 minutes, further ones go to one aggregate Event whose message is
 *   `(combined from similar events): <latest message>`;
 * - counting: an event seen before (same source, object, reason and message — or the aggregate)
 *   bumps the count of the Event already written instead of writing another;
 * - spam filtering: a source may write 25 events about one object at once, then one every
 *   5 minutes (a token bucket per source and object); the rest are dropped.
 * So a ReplicaSet creating 1,000 pods writes some 25 Events about itself, not 1,000.
 */
export class EventCorrelator {
  readonly #newName: (draft: EventDraft, nowMs: number) => string;
  readonly #aggregates = new LruMap<string, { localKeys: Set<string>; lastMs: number }>(CACHE_ENTRIES);
  readonly #observed = new LruMap<string, { name: string; count: number; firstTimestampMs: number }>(CACHE_ENTRIES);
  readonly #spam = new LruMap<string, { tokens: number; lastMs: number }>(CACHE_ENTRIES);

  /** `newName` names a new Event object (client-go: `<object name>.<unix nanos in hex>`). */
  constructor(newName: (draft: EventDraft, nowMs: number) => string) {
    this.#newName = newName;
  }

  correlate(draft: EventDraft, nowMs: number): Correlation {
    const o = draft.involvedObject;
    const objectKey = [draft.source.component, draft.source.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion];
    // Aggregation (EventAggregatorByReasonFunc: the message is the local key).
    const aggregateKey = join([...objectKey, draft.type, draft.reason, draft.source.component, draft.source.host]);
    let aggregate = this.#aggregates.get(aggregateKey);
    if (!aggregate || nowMs - aggregate.lastMs > AGGREGATE_INTERVAL_MS) aggregate = { localKeys: new Set(), lastMs: nowMs };
    aggregate.localKeys.add(draft.message);
    aggregate.lastMs = nowMs;
    this.#aggregates.set(aggregateKey, aggregate);
    let key = join([...objectKey.slice(0, 5), o.fieldPath, o.uid, o.apiVersion, draft.type, draft.reason, draft.message]);
    let message = draft.message;
    if (aggregate.localKeys.size >= AGGREGATE_MAX_EVENTS) {
      aggregate.localKeys.delete(aggregate.localKeys.values().next().value as string); // the set stays below the maximum
      key = aggregateKey;
      message = `(combined from similar events): ${draft.message}`;
    }
    // Counting (eventLogger): recorded whether or not the spam filter lets the write through.
    const seen = this.#observed.get(key);
    const observed = seen ? { name: seen.name, count: seen.count + 1, firstTimestampMs: seen.firstTimestampMs } : { name: this.#newName(draft, nowMs), count: 1, firstTimestampMs: nowMs };
    this.#observed.set(key, observed);
    // Spam filter (EventSourceObjectSpamFilter).
    const spamKey = join(objectKey);
    const bucket = this.#spam.get(spamKey) ?? { tokens: SPAM_BURST, lastMs: nowMs };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + (nowMs - bucket.lastMs) * SPAM_PER_MS);
    bucket.lastMs = nowMs;
    this.#spam.set(spamKey, bucket);
    if (bucket.tokens < 1) return { skip: true };
    bucket.tokens -= 1;
    return { skip: false, key, message, repeat: seen !== undefined, ...observed };
  }
}
