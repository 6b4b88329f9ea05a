import type { Revision } from '@kubeledger/api';

/**
 * A consumer asked for revisions the stream no longer holds (retention or a purge moved its first
 * sequence past them). The caller reads revisions `requested…firstAvailable-1` from the apiserver
 * (Postgres), or relists if they are older than the compaction horizon, then resumes from the stream.
 */
export class StreamGapError extends Error {
  override readonly name = 'StreamGapError';
  /** The first revision the consumer wanted. */
  readonly requested: Revision;
  /** The lowest revision the stream can still deliver. */
  readonly firstAvailable: Revision;

  constructor(requested: Revision, firstAvailable: Revision) {
    super(`revisions ${requested}..${firstAvailable - 1} are no longer in the stream (first available: ${firstAvailable})`);
    this.requested = requested;
    this.firstAvailable = firstAvailable;
  }
}

export function isStreamGapError(err: unknown): err is StreamGapError {
  return err instanceof Error && err.name === 'StreamGapError' && typeof (err as Partial<StreamGapError>).firstAvailable === 'number';
}

/**
 * A publish for revision r was acknowledged at another stream sequence: the stream no longer
 * satisfies sequence == revision (a foreign writer, or a stream reused across clusters).
 */
export class StreamMisalignedError extends Error {
  override readonly name = 'StreamMisalignedError';
  readonly revision: Revision;
  readonly sequence: number;

  constructor(revision: Revision, sequence: number) {
    super(`revision ${revision} was acknowledged at stream sequence ${sequence}`);
    this.revision = revision;
    this.sequence = sequence;
  }
}
