import { sql, type Kysely } from 'kysely';
import { withResourceVersion, type KubeObject } from '@kubeledger/api';
import type { HistoryEntry } from '../event-store.js';
import { EVENT_TYPES } from './read-after.js';

interface Row {
  rev: string;
  type: number;
  uid: string;
  obj: KubeObject;
  actor: string;
  impersonator: string | null;
  traceparent: string | null;
  created_at: Date;
}

/** Every retained event of one key, oldest first. */
export async function readHistory(db: Kysely<unknown>, key: string): Promise<HistoryEntry[]> {
  const { rows } = await sql<Row>`
    SELECT rev, type, uid, obj, actor, impersonator, traceparent, created_at
      FROM events WHERE key = ${key} ORDER BY rev`.execute(db);
  return rows.map((r) => ({
    revision: Number(r.rev),
    type: EVENT_TYPES[r.type]!,
    uid: r.uid,
    object: withResourceVersion(r.obj, Number(r.rev)),
    actor: r.impersonator ? { user: r.actor, impersonator: r.impersonator } : { user: r.actor },
    ...(r.traceparent !== null && { traceparent: r.traceparent }),
    time: r.created_at,
  }));
}
