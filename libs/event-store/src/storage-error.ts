/** Why a storage operation failed. The apiserver turns each into a Kubernetes Status, at one boundary. */
export const StorageErrorCodes = [
  'KeyNotFound', //       update/delete of a key that does not exist
  'KeyExists', //         create of a key that exists
  'Conflict', //          expected revision or uid did not match; nothing was written
  'Expired', //           a revision below the compaction horizon was asked for
  'TooLargeRevision', //  a revision above the head was asked for
  'InvalidContinue', //   a continue token that is not ours, or for another scope
  'Unreachable', //       the database could not be reached or failed; the write may or may not have happened
] as const;
export type StorageErrorCode = (typeof StorageErrorCodes)[number];

export interface StorageErrorDetails {
  readonly key?: string;
  /** The object's revision when a precondition failed. */
  readonly currentRevision?: number;
  /** For Conflict: which precondition failed. */
  readonly precondition?: 'revision' | 'uid';
  /** For Expired: the compaction horizon; for TooLargeRevision: the head. */
  readonly revision?: number;
  /** For Expired and TooLargeRevision: the revision that was asked for. */
  readonly askedRevision?: number;
}

export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code: StorageErrorCode;
  readonly details: StorageErrorDetails;

  constructor(code: StorageErrorCode, message: string, details: StorageErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/** Shape check (works across module copies), as emmett does. */
export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; code?: unknown };
  return e.name === 'StorageError' && typeof e.code === 'string' && (code === undefined || e.code === code);
}

export const keyNotFound = (key: string) => new StorageError('KeyNotFound', `key not found: ${key}`, { key });
export const keyExists = (key: string) => new StorageError('KeyExists', `key exists: ${key}`, { key });
export const revisionConflict = (key: string, expected: number, current: number) =>
  new StorageError('Conflict', `${key} is at revision ${current}, not ${expected}`, { key, currentRevision: current, precondition: 'revision' });
export const uidConflict = (key: string, expected: string, current: number) =>
  new StorageError('Conflict', `${key} has another uid than ${expected}`, { key, currentRevision: current, precondition: 'uid' });
export const expired = (asked: number, compacted: number) =>
  new StorageError('Expired', `revision ${asked} has been compacted (horizon ${compacted})`, { revision: compacted, askedRevision: asked });
export const tooLargeRevision = (asked: number, head: number) =>
  new StorageError('TooLargeRevision', `revision ${asked} is above the current revision ${head}`, { revision: head, askedRevision: asked });
export const unreachable = (cause: unknown) =>
  new StorageError('Unreachable', `storage failed: ${(cause as Error)?.message ?? String(cause)}`, {}, { cause });
