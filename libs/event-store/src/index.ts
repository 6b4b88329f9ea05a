export type {
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
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store.js';
export { PgLeaderLock, type LeaderLockOptions } from './leader-lock.js';
export { GroupCommitter, type GroupCommitOptions } from './group-commit.js';
export { StorageError, StorageErrorCodes, isStorageError, type StorageErrorCode, type StorageErrorDetails } from './storage-error.js';
export { listPartitions, type Partition } from './partitions.js';
