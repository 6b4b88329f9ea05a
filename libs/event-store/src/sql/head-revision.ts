import { sql } from 'kysely';

/**
 * SQL for the newest committed revision as one snapshot sees it. Revision allocation is
 * serialized, so max(rev) is a consistent cut. When compaction dropped every event, nothing
 * committed since, so the horizon is the head.
 */
export const HEAD_REVISION = sql<string>`GREATEST(COALESCE((SELECT max(rev) FROM events), 0), (SELECT compacted_rev FROM store_meta))`;
