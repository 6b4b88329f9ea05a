import { sql, type Kysely } from 'kysely';
import type { CompactResult } from './event-store.js';
import { HEAD_REVISION } from './sql/head-revision.js';
import { dropPartitionsBelow, MAINTENANCE_LOCK } from './partitions.js';

/**
 * Raises the compaction horizon towards `target` — never past the head, nor past what any relay
 * has published (its checkpoint; nothing before a relay has saved one), so no unpublished event
 * is dropped — then drops whole
 * partitions below it (reference/event-store.md §3.2). Readers check the horizon in the same
 * snapshot as their read, so they see either the old data or "expired", never a partial answer.
 */
export async function compact(db: Kysely<unknown>, target: number): Promise<CompactResult> {
  const horizon = await db.transaction().execute(async (tx) => {
    await sql`SELECT ${MAINTENANCE_LOCK}`.execute(tx);
    const { rows } = await sql<{ compacted: string; head: string; published: string | null }>`
      SELECT compacted_rev AS compacted, ${HEAD_REVISION} AS head,
             (SELECT min(published_rev) FROM relay_checkpoint) AS published
        FROM store_meta FOR UPDATE`.execute(tx);
    const row = rows[0]!;
    const current = Number(row.compacted);
    // No relay has saved a checkpoint yet: nothing is known to be published, so nothing may go.
    const limit = Math.min(target, Number(row.head), row.published === null ? current : Number(row.published));
    if (limit <= current) return current;
    await sql`UPDATE store_meta SET compacted_rev = ${limit}`.execute(tx);
    return limit;
  });
  const droppedPartitions = await dropPartitionsBelow(db, horizon);
  return { compactedRevision: horizon, droppedPartitions };
}
