import type { Actor, EventType, KubeObject, LogRecord, ObjectRef, ResourceScope, Revision } from '@kubeledger/api';

/** Who writes, and the trace the write belongs to; recorded on the event. */
export interface WriteContext {
  readonly actor: Actor;
  readonly traceparent?: string;
}

export interface CreateInput {
  readonly ref: ObjectRef;
  /** Must carry `metadata.uid`; `metadata.resourceVersion` is ignored. */
  readonly object: KubeObject;
  /** A pod's `spec.nodeName`, for subject routing and push-down. */
  readonly node?: string;
}

export interface UpdateInput {
  readonly ref: ObjectRef;
  readonly object: KubeObject;
  readonly node?: string;
  /** Optimistic concurrency: fail with Conflict unless the object is at this revision. */
  readonly expectedRevision?: Revision;
  readonly expectedUid?: string;
}

export interface DeleteInput {
  readonly ref: ObjectRef;
  readonly expectedRevision?: Revision;
  readonly expectedUid?: string;
}

export interface WriteResult {
  readonly revision: Revision;
  /** The object as stored (for delete: its last state), `metadata.resourceVersion` set to `revision`. */
  readonly object: KubeObject;
}

export interface StoredObject {
  readonly key: string;
  readonly revision: Revision;
  readonly uid: string;
  /** With `metadata.resourceVersion` set. */
  readonly object: KubeObject;
}

export interface ListOptions {
  readonly scope: ResourceScope;
  /** Page size; unset or 0 = everything. */
  readonly limit?: number;
  /** Read at exactly this revision (Expired below the horizon, TooLargeRevision above the head). Unset = head. */
  readonly revision?: Revision;
  /** A token from a previous page; the page is read at that page's revision. */
  readonly continue?: string;
}

export interface ListResult {
  readonly items: readonly StoredObject[];
  /** The revision the list is a consistent cut at. */
  readonly revision: Revision;
  /** Set when there is more: pass it back for the next page. */
  readonly continue?: string;
}

export interface HistoryEntry {
  readonly revision: Revision;
  readonly type: EventType;
  readonly uid: string;
  readonly object: KubeObject;
  readonly actor: Actor;
  readonly traceparent?: string;
  readonly time: Date;
}

/** One event with the state before it, as a watch replays it. */
export interface Change {
  readonly revision: Revision;
  readonly type: EventType;
  readonly key: string;
  /** The new state (DELETED: the last state), `metadata.resourceVersion` = revision. */
  readonly object: KubeObject;
  /** The state before this event (absent for ADDED), at its own revision. */
  readonly prevObject?: KubeObject;
}

export interface CompactResult {
  readonly compactedRevision: Revision;
  readonly droppedPartitions: readonly string[];
}

/** The storage contract the apiserver builds on (DESIGN §2). */
export interface EventStore {
  create(input: CreateInput, ctx: WriteContext): Promise<WriteResult>;
  update(input: UpdateInput, ctx: WriteContext): Promise<WriteResult>;
  delete(input: DeleteInput, ctx: WriteContext): Promise<WriteResult>;
  get(ref: ObjectRef): Promise<StoredObject | undefined>;
  list(options: ListOptions): Promise<ListResult>;
  /** Every retained event of one key, oldest first (across delete and re-create). */
  history(ref: ObjectRef): Promise<readonly HistoryEntry[]>;
  /** Log records with revision > `revision`, ascending, at most `limit`. Missing revisions were burned. */
  readAfter(revision: Revision, limit: number): Promise<readonly LogRecord[]>;
  /**
   * Events with revision > `revision` whose key starts with `keyPrefix` ('' = all), ascending, at
   * most `limit`, each with its previous state. Expired when `revision` is below the horizon.
   */
  readChanges(revision: Revision, limit: number, keyPrefix?: string): Promise<readonly Change[]>;
  /** The newest committed revision. */
  currentRevision(): Promise<Revision>;
  compactedRevision(): Promise<Revision>;
  /** Moves the horizon up to `revision` (never past what the relays published, nothing before one has) and drops whole partitions below it. */
  compact(revision: Revision): Promise<CompactResult>;
  /** Called after every commit with the highest revision it wrote. Returns an unsubscribe function. */
  onCommit(listener: (revision: Revision) => void): () => void;
  close(): Promise<void>;
}
