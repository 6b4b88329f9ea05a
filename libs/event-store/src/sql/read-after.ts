import { sql, type Kysely } from 'kysely';
import type { EventType, LogRecord } from '@kubeledger/api';
import { expired } from '../storage-error.js';

export const EVENT_TYPES: Record<number, EventType> = { 1: 'ADDED', 2: 'MODIFIED', 3: 'DELETED' };

interface Row {
  compacted: string;
  rev: string | null;
  key: string;
  type: number;
  uid: string;
  obj: string;
  subject: string;
  actor: string;
  impersonator: string | null;
  traceparent: string | null;
  created_at: Date;
}

/** Log records after `revision`, ascending. Expired when events after it may have been dropped. */
export async function readAfter(db: Kysely<unknown>, revision: number, limit: number): Promise<LogRecord[]> {
  const { rows } = await sql<Row>`
    SELECT m.compacted_rev AS compacted, e.rev, e.key, e.type, e.uid, e.obj::text AS obj, e.subject,
           e.actor, e.impersonator, e.traceparent, e.created_at
      FROM store_meta m
      LEFT JOIN LATERAL (
        SELECT * FROM events WHERE rev > ${revision} ORDER BY rev LIMIT ${limit}
      ) e ON true`.execute(db);
  const compacted = Number(rows[0]!.compacted);
  if (revision < compacted) throw expired(revision, compacted);
  if (rows[0]!.rev === null) return [];
  return rows.map(
    (r): LogRecord => ({
      revision: Number(r.rev),
      type: EVENT_TYPES[r.type]!,
      key: r.key,
      uid: r.uid,
      subject: r.subject,
      objectJson: r.obj,
      actor: r.impersonator ? { user: r.actor, impersonator: r.impersonator } : { user: r.actor },
      ...(r.traceparent !== null && { traceparent: r.traceparent }),
      time: r.created_at,
    }),
  );
}
