import { sql, type Kysely } from 'kysely';
import type { KubeObject } from '@kubeledger/api';

/** One write as kl_write takes it (see migrations/…_event_log.ts). */
export interface WriteOp {
  readonly op: 'c' | 'u' | 'd';
  readonly key: string;
  readonly uid?: string;
  readonly obj?: KubeObject;
  readonly node?: string;
  readonly subj?: string;
  readonly er?: number;
  readonly eu?: string;
  readonly actor: string;
  readonly imp?: string;
  readonly tp?: string;
}

/** 'k' written, 'e' exists, 'n' not found, 'c' revision conflict, 'u' uid precondition failed. */
export type WriteStatus = 'k' | 'e' | 'n' | 'c' | 'u';

export interface WriteOutcome {
  readonly status: WriteStatus;
  readonly revision?: number;
  readonly currentRevision?: number;
  /** For a delete: the object's last state. */
  readonly deleted?: KubeObject;
}

interface Row {
  i: number;
  rev: string | null;
  status: WriteStatus;
  cur_rev: string | null;
  cur_obj: KubeObject | null;
}

/** Commits a batch (at most one op per key) in one statement; answers each op on its own. */
export async function writeBatch(db: Kysely<unknown>, ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
  const payload = JSON.stringify(ops.map((op, i) => ({ i, ...op })));
  const { rows } = await sql<Row>`SELECT i, rev, status, cur_rev, cur_obj FROM kl_write(${payload}::jsonb)`.execute(db);
  const outcomes = new Array<WriteOutcome>(ops.length);
  for (const row of rows) {
    outcomes[row.i] = {
      status: row.status,
      ...(row.rev !== null && { revision: Number(row.rev) }),
      ...(row.cur_rev !== null && { currentRevision: Number(row.cur_rev) }),
      ...(row.cur_obj !== null && { deleted: row.cur_obj }),
    };
  }
  return outcomes;
}
