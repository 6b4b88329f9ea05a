import { sql, type Kysely } from 'kysely';
import type { ObjectRow } from './get-object.js';
import { HEAD_REVISION } from './head-revision.js';

export interface ListPage {
  readonly revision: number;
  readonly rows: readonly ObjectRow[];
}

/** Keys in (after, end), at the head, in key order; the head revision comes from the same snapshot. */
export async function listCurrent(db: Kysely<unknown>, after: string, end: string, limit: number | null): Promise<ListPage> {
  const { rows } = await sql<ObjectRow & { head: string }>`
    SELECT h.head, o.key, o.rev, o.uid, o.obj::text AS obj
      FROM (SELECT ${HEAD_REVISION} AS head) h
      LEFT JOIN LATERAL (
        SELECT key, rev, uid, obj FROM objects
         WHERE key > ${after} AND key < ${end}
         ORDER BY key LIMIT ${limit}
      ) o ON true`.execute(db);
  const revision = Number(rows[0]?.head ?? 0);
  return { revision, rows: rows[0]?.key === null ? [] : rows };
}
