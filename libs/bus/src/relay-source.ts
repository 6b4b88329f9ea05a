import type { LogRecord, Revision } from '@kubeledger/api';

/** What the relay needs from the event log; the Postgres event store implements it structurally. */
export interface RelaySource {
  /**
   * Up to `limit` records with revision > `revision`, ascending. A missing revision below the last
   * one returned is final (burned by a rollback): the relay publishes a gap filler for it.
   */
  readAfter(revision: Revision, limit: number): Promise<readonly LogRecord[]>;
  /** Advisory copy of the relay's progress (the stream's last sequence is authoritative). */
  saveCheckpoint(stream: string, revision: Revision, holder: string): Promise<void>;
}
