import { sql, type Kysely } from 'kysely';
import { prefixEnd, withResourceVersion, type KubeObject } from '@kubeledger/api';
import type { Change } from '../event-store.js';
import { expired } from '../storage-error.js';
import { EVENT_TYPES } from './read-after.js';

interface Row {
  compacted: string;
  rev: string | null;
  key: string;
  type: number;
  obj: KubeObject;
  prev_rev: string | null;
  prev_obj: KubeObject | null;
}

/**
 * Events after `revision` whose key starts with `prefix` ('' for all), ascending, each with the
 * state before it. Expired when events after `revision` may have been dropped.
 */
export async function readChanges(db: Kysely<unknown>, revision: number, limit: number, prefix: string): Promise<Change[]> {
  const inScope = prefix === '' ? sql`true` : sql`key >= ${prefix} AND key < ${prefixEnd(prefix)}`;
  const { rows } = await sql<Row>`
    SELECT m.compacted_rev AS compacted, e.rev, e.key, e.type, e.obj, e.prev_rev, e.prev_obj
      FROM store_meta m
      LEFT JOIN LATERAL (
        SELECT rev, key, type, obj, prev_rev, prev_obj FROM events WHERE rev > ${revision} AND ${inScope} ORDER BY rev LIMIT ${limit}
      ) e ON true`.execute(db);
  const compacted = Number(rows[0]!.compacted);
  if (revision < compacted) throw expired(revision, compacted);
  if (rows[0]!.rev === null) return [];
  return rows.map((r): Change => {
    const rev = Number(r.rev);
    return {
      revision: rev,
      type: EVENT_TYPES[r.type]!,
      key: r.key,
      object: withResourceVersion(r.obj, rev),
      ...(r.prev_obj !== null && { prevObject: withResourceVersion(r.prev_obj, Number(r.prev_rev)) }),
    };
  });
}
