import { sql, type Kysely } from 'kysely';
import { expired, tooLargeRevision } from '../storage-error.js';
import type { ObjectRow } from './get-object.js';
import type { ListPage } from './list-current.js';
import { HEAD_REVISION } from './head-revision.js';

/**
 * Keys in (after, end) as they were at revision `at` (reference/event-store.md §3.3): a key whose
 * projection row is at or below `at` is unchanged since; for a key touched after `at`, its state
 * then is the prev_obj of its first event after `at` (NULL when it was created later). The horizon
 * and head checks run in the same statement, hence the same snapshot, as the read.
 */
export async function listAtRevision(
  db: Kysely<unknown>,
  at: number,
  after: string,
  end: string,
  limit: number | null,
): Promise<ListPage> {
  const { rows } = await sql<ObjectRow & { compacted: string; head: string }>`
    SELECT m.compacted, m.head, p.key, p.rev, p.uid, p.obj::text AS obj
      FROM (SELECT compacted_rev AS compacted, ${HEAD_REVISION} AS head FROM store_meta) m
      LEFT JOIN LATERAL (
        SELECT u.key, u.rev, u.uid, u.obj FROM (
          (SELECT key, rev, uid, obj FROM objects
            WHERE key > ${after} AND key < ${end} AND rev <= ${at}
            ORDER BY key LIMIT ${limit})
          UNION ALL
          (SELECT c.key, c.rev, c.uid, c.obj FROM (
             SELECT DISTINCT ON (key) key, prev_rev AS rev, uid, prev_obj AS obj FROM events
              WHERE rev > ${at} AND key > ${after} AND key < ${end}
              ORDER BY key, rev) c
            WHERE c.obj IS NOT NULL
            ORDER BY c.key LIMIT ${limit})
        ) u ORDER BY u.key LIMIT ${limit}
      ) p ON m.compacted <= ${at} AND ${at} <= m.head`.execute(db);
  const first = rows[0]!;
  const compacted = Number(first.compacted);
  const head = Number(first.head);
  if (at < compacted) throw expired(at, compacted);
  if (at > head) throw tooLargeRevision(at, head);
  return { revision: at, rows: first.key === null ? [] : rows };
}
