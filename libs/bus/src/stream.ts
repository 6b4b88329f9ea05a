import { nanos } from '@nats-io/nats-core';
import { DiscardPolicy, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, type StreamConfig, type StreamInfo } from '@nats-io/jetstream';
import type { Revision } from '@kubeledger/api';
import { BusDefaults } from './bus-config.js';
import type { BusConnection } from './connect.js';
import { fillerMessage } from './relay-message.js';
import { RevisionPublisher } from './revision-publisher.js';

/** `JSStreamNameExistErr`: created concurrently with another config (an identical create succeeds). */
const STREAM_NAME_IN_USE = 10058;

/** The stream settings the bus relies on (DESIGN §3); everything else keeps the server default. */
function desiredConfig(conn: BusConnection): Partial<StreamConfig> & Pick<StreamConfig, 'name'> {
  const { config } = conn;
  return {
    name: config.stream,
    subjects: [`${config.prefix}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(config.maxAge ?? BusDefaults.maxAge),
    duplicate_window: nanos(config.duplicateWindowMs ?? BusDefaults.duplicateWindowMs),
    num_replicas: config.replicas ?? BusDefaults.replicas,
    deny_delete: true,
  };
}

/**
 * nats-server 2.9 removes an account's streams directory when its last stream is deleted; a stream
 * created at that moment fails with "error creating store for stream" (seen when tests create and
 * delete streams in parallel). Such a create is tried again.
 */
const STORE_CREATE_ATTEMPTS = 5;
const isStoreCreateRace = (err: unknown) => err instanceof JetStreamApiError && /error creating store for stream/.test(err.message);

/** Creates the stream, or updates the settings that drifted. Safe to call from several processes at once. */
export async function ensureStream(conn: BusConnection, attempt = 1): Promise<StreamInfo> {
  const want = desiredConfig(conn);
  const info = await streamInfo(conn);
  if (info === undefined) {
    try {
      return await conn.jsm.streams.add(want);
    } catch (err) {
      if (isStoreCreateRace(err) && attempt < STORE_CREATE_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, 50 * attempt));
        return ensureStream(conn, attempt + 1);
      }
      // Another relay created it first.
      if (!(err instanceof JetStreamApiError && err.code === STREAM_NAME_IN_USE)) throw err;
      return ensureStream(conn);
    }
  }
  const have = info.config as Partial<StreamConfig>;
  const drifted = (Object.keys(want) as (keyof StreamConfig)[]).some((k) => JSON.stringify(have[k]) !== JSON.stringify(want[k]));
  if (!drifted) return info;
  const { name: _name, storage: _storage, retention: _retention, ...update } = want;
  return conn.jsm.streams.update(want.name, update);
}

/** The stream's info, or undefined when it does not exist. */
export async function streamInfo(conn: BusConnection): Promise<StreamInfo | undefined> {
  try {
    return await conn.jsm.streams.info(conn.config.stream);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return undefined;
    throw err;
  }
}

export interface StreamBounds {
  /** The lowest revision the stream can still deliver (`lastRevision + 1` when it holds none). */
  readonly firstRevision: Revision;
  /** The highest revision published (0 before the first). */
  readonly lastRevision: Revision;
}

export function boundsOf(info: StreamInfo): StreamBounds {
  const last = info.state.last_seq;
  const first = info.state.messages === 0 ? last + 1 : Math.max(info.state.first_seq, 1);
  return { firstRevision: first, lastRevision: last };
}

/** Which revisions the stream holds. Throws when the stream does not exist. */
export async function readStreamBounds(conn: BusConnection): Promise<StreamBounds> {
  return boundsOf(await conn.jsm.streams.info(conn.config.stream));
}

/**
 * Makes the next stream sequence equal `firstRevision` on an EMPTY stream (last sequence 0) whose
 * log starts later, e.g. a new stream after the log was compacted. Returns the stream's last
 * sequence afterwards. No-op when the stream already holds revisions or `firstRevision <= 1`.
 *
 * It publishes fenced gap fillers for `1…firstRevision-1`, not a purge: on nats-server 2.9
 * `purge {seq: N}` on an empty stream does move the store to first=N, last=N-1, but leaves the
 * stream's in-memory last sequence (`mset.lseq`, which Expected-Last-Sequence is checked against)
 * at 0, so the next fenced publish fails with "wrong last sequence: 0", and an unfenced one is
 * stored at N while lseq becomes 1: the fence is broken until the server restarts (verified in
 * stream.int.spec.ts). Later servers update lseq in `mset.purge` (`if lseq > mlseq { mset.setLastSeq(lseq) }`),
 * and 2.10 has `first_seq` in the stream config, but 2.9 must be supported.
 */
export async function alignStreamStart(conn: BusConnection, firstRevision: Revision, maxInFlight = 256): Promise<Revision> {
  const info = await ensureStream(conn);
  const last = info.state.last_seq;
  if (last !== 0 || firstRevision <= 1) return last;
  const publisher = new RevisionPublisher(conn, { window: Math.min(64, maxInFlight), maxInFlight });
  for (let rev = 1; rev < firstRevision; rev++) {
    if (!(await publisher.send(fillerMessage(conn.config.prefix, rev)))) break;
  }
  await publisher.drain();
  if (publisher.failed) throw publisher.failure;
  return (await readStreamBounds(conn)).lastRevision;
}
