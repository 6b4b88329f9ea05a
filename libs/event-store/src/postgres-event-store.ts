import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import {
  decodeContinueToken,
  encodeContinueToken,
  objectKey,
  objectSubject,
  prefixEnd,
  scopePrefix,
  withResourceVersion,
  withoutResourceVersion,
  type KubeObject,
  type LogRecord,
  type ObjectRef,
  type Revision,
} from '@kubeledger/api';
import { migrateToLatest } from '@kubeledger/migrations';
import { Attr, currentTraceparent, inSpan, objectAttributes, SpanKind, tracer as tracerFor } from '@kubeledger/telemetry';
import type {
  Change,
  CompactResult,
  CreateInput,
  DeleteInput,
  EventStore,
  HistoryEntry,
  ListOptions,
  ListResult,
  StoredObject,
  UpdateInput,
  WriteContext,
  WriteResult,
} from './event-store.js';
import { GroupCommitter, type Batchable, type GroupCommitOptions } from './group-commit.js';
import { compact } from './compaction.js';
import { ensurePartitions, partitionCeiling } from './partitions.js';
import {
  StorageError,
  keyExists,
  keyNotFound,
  revisionConflict,
  uidConflict,
  unreachable,
} from './storage-error.js';
import { getObject, type ObjectRow } from './sql/get-object.js';
import { listAtRevision } from './sql/list-at-revision.js';
import { listCurrent } from './sql/list-current.js';
import { readAfter } from './sql/read-after.js';
import { readChanges } from './sql/read-changes.js';
import { readHistory } from './sql/read-history.js';
import { saveCheckpoint } from './sql/relay-checkpoint.js';
import { writeBatch, type WriteOp, type WriteOutcome } from './sql/write-batch.js';
import { HEAD_REVISION } from './sql/head-revision.js';

export interface PostgresEventStoreOptions {
  readonly url: string;
  /** Connections in the pool. */
  readonly poolSize?: number;
  /** Revisions per `events` partition (the unit compaction drops). */
  readonly partitionSize?: number;
  /** Partitions kept ready beyond the head. */
  readonly partitionsAhead?: number;
  readonly groupCommit?: Partial<GroupCommitOptions>;
  /** Apply pending migrations on open (default true). */
  readonly migrate?: boolean;
}

interface PendingWrite extends Batchable<WriteOutcome> {
  readonly op: WriteOp;
}

const DEFAULTS = { poolSize: 10, partitionSize: 1_000_000, partitionsAhead: 2 };
const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { maxBatch: 256, maxInFlight: 2 };

/** The event store on Postgres (DESIGN §2): the append-only log, its projection, group commit. */
export class PostgresEventStore implements EventStore {
  readonly #db: Kysely<unknown>;
  readonly #committer: GroupCommitter<PendingWrite>;
  readonly #listeners = new Set<(revision: Revision) => void>();
  readonly #partitionSize: number;
  readonly #partitionsAhead: number;
  #partitionCeiling = 0;
  #maintaining: Promise<void> | undefined;

  private constructor(db: Kysely<unknown>, options: PostgresEventStoreOptions) {
    this.#db = db;
    this.#partitionSize = options.partitionSize ?? DEFAULTS.partitionSize;
    this.#partitionsAhead = options.partitionsAhead ?? DEFAULTS.partitionsAhead;
    this.#committer = new GroupCommitter<PendingWrite>((batch) => this.#commit(batch), {
      ...DEFAULT_GROUP_COMMIT,
      ...options.groupCommit,
    });
  }

  /** Connects, applies migrations, and makes sure partitions are ready. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? DEFAULTS.poolSize,
      application_name: 'kubeledger event-store',
      // A stuck statement or an idle transaction must never hold the allocation lock for long.
      options: '-c statement_timeout=30000 -c lock_timeout=10000 -c idle_in_transaction_session_timeout=10000',
    });
    pool.on('error', () => undefined); // an idle client died; the pool replaces it
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    try {
      if (options.migrate ?? true) await migrateToLatest(db);
      const store = new PostgresEventStore(db, options);
      await store.maintainPartitions();
      return store;
    } catch (err) {
      await db.destroy();
      throw err;
    }
  }

  // ---- writes -------------------------------------------------------------------------------

  async create(input: CreateInput, ctx: WriteContext): Promise<WriteResult> {
    const uid = input.object.metadata?.uid;
    if (!uid) throw new Error('create: object has no metadata.uid');
    const object = withoutResourceVersion(input.object);
    const key = objectKey(input.ref);
    const outcome = await this.#submit({ op: 'c', key, uid, obj: object, ...this.#routing(input.ref, input.node), ...context(ctx) }, input.ref);
    if (outcome.status === 'e') throw keyExists(key);
    return { revision: outcome.revision!, object: withResourceVersion(object, outcome.revision!) };
  }

  async update(input: UpdateInput, ctx: WriteContext): Promise<WriteResult> {
    const object = withoutResourceVersion(input.object);
    const key = objectKey(input.ref);
    const outcome = await this.#submit({
      op: 'u',
      key,
      obj: object,
      ...this.#routing(input.ref, input.node),
      ...(input.expectedRevision !== undefined && { er: input.expectedRevision }),
      ...(input.expectedUid !== undefined && { eu: input.expectedUid }),
      ...context(ctx),
    }, input.ref);
    this.#throwRefusal(key, outcome, input);
    return { revision: outcome.revision!, object: withResourceVersion(object, outcome.revision!) };
  }

  async delete(input: DeleteInput, ctx: WriteContext): Promise<WriteResult> {
    const key = objectKey(input.ref);
    const outcome = await this.#submit({
      op: 'd',
      key,
      ...(input.expectedRevision !== undefined && { er: input.expectedRevision }),
      ...(input.expectedUid !== undefined && { eu: input.expectedUid }),
      ...context(ctx),
    }, input.ref);
    this.#throwRefusal(key, outcome, input);
    return { revision: outcome.revision!, object: withResourceVersion(outcome.deleted!, outcome.revision!) };
  }

  #routing(ref: ObjectRef, node = ''): Pick<WriteOp, 'node' | 'subj'> {
    return { ...(node !== '' && { node }), subj: objectSubject(ref, node) };
  }

  #throwRefusal(key: string, outcome: WriteOutcome, input: { expectedRevision?: number; expectedUid?: string }): void {
    switch (outcome.status) {
      case 'k':
        return;
      case 'n':
        throw keyNotFound(key);
      case 'c':
        throw revisionConflict(key, input.expectedRevision!, outcome.currentRevision!);
      case 'u':
        throw uidConflict(key, input.expectedUid!, outcome.currentRevision!);
      case 'e':
        throw keyExists(key);
      default: {
        const never: never = outcome.status;
        throw new Error(`unknown write status ${String(never)}`);
      }
    }
  }

  /**
   * Queues one write for the next group commit, in a span of its own (`eventstore.append`): the
   * event records that span as its `traceparent`, so what the relay publishes continues from the
   * append. Without tracing, the caller's `traceparent` (if any) is recorded as it came.
   */
  #submit(op: WriteOp, ref: ObjectRef): Promise<WriteOutcome> {
    return inSpan(tracer, 'eventstore.append', { kind: SpanKind.CLIENT }, async (span) => {
      const recording = span.isRecording();
      if (recording) span.setAttributes({ ...objectAttributes({ resource: ref.resource, namespace: ref.namespace, name: ref.name, uid: op.uid }), 'db.system.name': 'postgresql', 'db.operation.name': OPERATIONS[op.op] });
      const traceparent = recording ? currentTraceparent() : undefined;
      const traced = traceparent !== undefined ? { ...op, tp: traceparent } : op;
      const outcome = await new Promise<WriteOutcome>((resolve, reject) => this.#committer.submit({ key: op.key, op: traced, resolve, reject }));
      if (recording && outcome.revision !== undefined) span.setAttribute(Attr.revision, outcome.revision);
      return outcome;
    });
  }

  async #commit(batch: readonly PendingWrite[]): Promise<void> {
    let outcomes: WriteOutcome[];
    try {
      outcomes = await this.#writeWithPartitions(batch.map((w) => w.op));
    } catch (err) {
      if (!isSqlError(err)) {
        // The connection failed: the batch may or may not have committed. Say so; never retry blindly.
        for (const w of batch) w.reject(unreachable(err));
        return;
      }
      if (batch.length === 1) {
        batch[0]!.reject(unreachable(err));
        return;
      }
      // The transaction rolled back as a whole: commit each write alone so only the bad one fails.
      await Promise.all(batch.map((w) => this.#commit([w])));
      return;
    }
    let highest = 0;
    batch.forEach((w, i) => {
      const outcome = outcomes[i]!;
      if (outcome.revision !== undefined && outcome.revision > highest) highest = outcome.revision;
      w.resolve(outcome);
    });
    if (highest > 0) this.#committed(highest);
  }

  async #writeWithPartitions(ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    try {
      return await writeBatch(this.#db, ops);
    } catch (err) {
      if (!isMissingPartition(err)) throw err;
      await this.maintainPartitions();
      return writeBatch(this.#db, ops);
    }
  }

  #committed(revision: Revision): void {
    for (const listener of this.#listeners) {
      try {
        listener(revision);
      } catch {
        // a listener's failure is its own
      }
    }
    if (revision + this.#partitionSize > this.#partitionCeiling) void this.maintainPartitions().catch(() => undefined);
  }

  /** Creates partitions ahead of the head; one run at a time. Runs on open and as the head nears the last partition. */
  maintainPartitions(): Promise<void> {
    this.#maintaining ??= (async () => {
      try {
        await ensurePartitions(this.#db, this.#partitionSize, this.#partitionsAhead);
        this.#partitionCeiling = await partitionCeiling(this.#db);
      } finally {
        this.#maintaining = undefined;
      }
    })();
    return this.#maintaining;
  }

  // ---- reads --------------------------------------------------------------------------------

  async get(ref: ObjectRef): Promise<StoredObject | undefined> {
    const row = await this.#read(() => getObject(this.#db, objectKey(ref)));
    return row && toStored(row);
  }

  async list(options: ListOptions): Promise<ListResult> {
    const prefix = scopePrefix(options.scope);
    const end = prefixEnd(prefix);
    let after = prefix;
    let revision = options.revision;
    if (options.continue !== undefined) {
      const cursor = decodeContinueToken(options.continue);
      if (!cursor || !cursor.afterKey.startsWith(prefix)) {
        throw new StorageError('InvalidContinue', 'the continue token is not valid for this list');
      }
      after = cursor.afterKey;
      revision = cursor.revision;
    }
    const limit = options.limit && options.limit > 0 ? options.limit : null;
    const fetch = limit === null ? null : limit + 1; // one more tells whether there is a next page
    const page = await this.#read(() =>
      revision === undefined ? listCurrent(this.#db, after, end, fetch) : listAtRevision(this.#db, revision, after, end, fetch),
    );
    const more = limit !== null && page.rows.length > limit;
    const rows = more ? page.rows.slice(0, limit) : page.rows;
    const items = rows.map(toStored);
    return {
      items,
      revision: page.revision,
      ...(more && { continue: encodeContinueToken({ revision: page.revision, afterKey: rows[rows.length - 1]!.key }) }),
    };
  }

  history(ref: ObjectRef): Promise<readonly HistoryEntry[]> {
    return this.#read(() => readHistory(this.#db, objectKey(ref)));
  }

  readAfter(revision: Revision, limit: number): Promise<readonly LogRecord[]> {
    return this.#read(() => readAfter(this.#db, revision, limit));
  }

  readChanges(revision: Revision, limit: number, keyPrefix = ''): Promise<readonly Change[]> {
    return this.#read(() => readChanges(this.#db, revision, limit, keyPrefix));
  }

  async currentRevision(): Promise<Revision> {
    const { rows } = await this.#read(() => sql<{ head: string }>`SELECT ${HEAD_REVISION} AS head`.execute(this.#db));
    return Number(rows[0]!.head);
  }

  async compactedRevision(): Promise<Revision> {
    const { rows } = await this.#read(() => sql<{ c: string }>`SELECT compacted_rev AS c FROM store_meta`.execute(this.#db));
    return Number(rows[0]!.c);
  }

  compact(revision: Revision): Promise<CompactResult> {
    return this.#read(() => compact(this.#db, revision));
  }

  /** Part of the relay's source contract: how far the relay of `stream` has published. */
  saveCheckpoint(stream: string, revision: Revision, holder: string): Promise<void> {
    return this.#read(() => saveCheckpoint(this.#db, stream, revision, holder));
  }

  onCommit(listener: (revision: Revision) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.#maintaining?.catch(() => undefined);
    await this.#db.destroy();
  }

  async #read<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof StorageError) throw err;
      throw unreachable(err);
    }
  }
}

const tracer = tracerFor('event-store');
const OPERATIONS = { c: 'create', u: 'update', d: 'delete' } as const;

function context(ctx: WriteContext): Pick<WriteOp, 'actor' | 'imp' | 'tp'> {
  return {
    actor: ctx.actor.user,
    ...(ctx.actor.impersonator !== undefined && { imp: ctx.actor.impersonator }),
    ...(ctx.traceparent !== undefined && { tp: ctx.traceparent }),
  };
}

function toStored(row: ObjectRow): StoredObject {
  const revision = Number(row.rev);
  return { key: row.key, revision, uid: row.uid, object: withResourceVersion(JSON.parse(row.obj) as KubeObject, revision) };
}

/** An error the server raised for a statement: the transaction rolled back. */
function isSqlError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57P');
}

function isMissingPartition(err: unknown): boolean {
  return (err as { code?: string })?.code === '23514' && /no partition of relation/.test(String((err as Error).message));
}
