import { objectKey, objectSubject, type Actor, type EventType, type KubeObject, type LogRecord, type ObjectRef, type Revision } from '@kubeledger/api';
import type { RelaySource } from '../relay-source.js';

/** What {@link InMemoryRelaySource.append} needs; everything but the ref has a default. */
export interface AppendInput {
  readonly ref: ObjectRef;
  readonly node?: string;
  readonly type?: EventType;
  /** Default: a minimal object naming `ref`, with `metadata.uid`. */
  readonly object?: KubeObject;
  /** Raw JSON text, e.g. to build an oversize body without parsing it. Wins over `object`. */
  readonly objectJson?: string;
  readonly uid?: string;
  readonly actor?: Actor;
  readonly traceparent?: string;
  readonly time?: Date;
}

export interface SavedCheckpoint {
  readonly stream: string;
  readonly revision: Revision;
  readonly holder: string;
}

/** An array-backed event log for relay tests. Revisions are allocated like the store's sequence. */
export class InMemoryRelaySource implements RelaySource {
  readonly #records: LogRecord[] = [];
  readonly checkpoints: SavedCheckpoint[] = [];
  #next: Revision = 1;
  #failReads = 0;
  reads = 0;

  /** The highest revision allocated (appended or burned). */
  get head(): Revision {
    return this.#next - 1;
  }

  get records(): readonly LogRecord[] {
    return this.#records;
  }

  /** Appends one record per input at the next revisions. */
  append(...inputs: AppendInput[]): LogRecord[] {
    return inputs.map((input) => {
      const revision = this.#next++;
      const uid = input.uid ?? `uid-${input.ref.namespace}-${input.ref.name}`;
      const object = input.object ?? {
        apiVersion: 'v1',
        kind: 'Object',
        metadata: { name: input.ref.name, ...(input.ref.namespace && { namespace: input.ref.namespace }), uid },
      };
      const record: LogRecord = {
        revision,
        type: input.type ?? 'ADDED',
        key: objectKey(input.ref),
        uid,
        subject: objectSubject(input.ref, input.node ?? ''),
        objectJson: input.objectJson ?? JSON.stringify(object),
        actor: input.actor ?? { user: 'system:admin' },
        ...(input.traceparent !== undefined && { traceparent: input.traceparent }),
        time: input.time ?? new Date(),
      };
      this.#records.push(record);
      return record;
    });
  }

  /**
   * Burns a revision as a rolled-back transaction does: by default the next one is allocated and
   * never appears. `rev` above the head burns every revision up to it; `rev` of an appended record
   * removes it (only meaningful before a relay has read past it).
   */
  burn(rev: Revision = this.#next): Revision {
    if (rev >= this.#next) {
      this.#next = rev + 1;
      return rev;
    }
    const i = this.#records.findIndex((r) => r.revision === rev);
    if (i >= 0) this.#records.splice(i, 1);
    return rev;
  }

  /** The next `count` calls to readAfter throw (a database outage). */
  failReads(count: number): void {
    this.#failReads = count;
  }

  async readAfter(revision: Revision, limit: number): Promise<readonly LogRecord[]> {
    this.reads++;
    if (this.#failReads > 0) {
      this.#failReads--;
      throw new Error('InMemoryRelaySource: simulated read failure');
    }
    const out: LogRecord[] = [];
    for (const r of this.#records) {
      if (r.revision <= revision) continue;
      out.push(r);
      if (out.length >= limit) break;
    }
    return out;
  }

  async saveCheckpoint(stream: string, revision: Revision, holder: string): Promise<void> {
    this.checkpoints.push({ stream, revision, holder });
  }
}
