import { sql, type Kysely } from 'kysely';

/** Serializes partition maintenance and compaction across every store on the database. */
const MAINTENANCE_LOCK = sql`pg_advisory_xact_lock(1801675115, 3)`;

export interface Partition {
  readonly name: string;
  /** Revisions in [from, to). */
  readonly from: number;
  readonly to: number;
  readonly detachPending: boolean;
}

export async function listPartitions(db: Kysely<unknown>): Promise<Partition[]> {
  const { rows } = await sql<{ name: string; bound: string; detach_pending: boolean }>`
    SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound, i.inhdetachpending AS detach_pending
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'events'::regclass`.execute(db);
  return rows
    .map((r) => {
      const m = /FROM \('?(\d+)'?\) TO \('?(\d+)'?\)/.exec(r.bound);
      if (!m) throw new Error(`unexpected partition bound of ${r.name}: ${r.bound}`);
      return { name: r.name, from: Number(m[1]), to: Number(m[2]), detachPending: r.detach_pending };
    })
    .sort((a, b) => a.from - b.from);
}

/**
 * Makes sure partitions cover every revision up to `ahead` partitions past the next one to be
 * allocated, creating them as `events_<from>` (CREATE + ATTACH, which takes only a
 * SHARE UPDATE EXCLUSIVE lock on `events`, so writers go on). Returns the new partitions' names.
 */
export async function ensurePartitions(db: Kysely<unknown>, size: number, ahead: number): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    const created: string[] = [];
    await sql`BEGIN`.execute(conn);
    try {
      await sql`SELECT ${MAINTENANCE_LOCK}`.execute(conn);
      const existing = await listPartitions(conn);
      const { rows } = await sql<{ next: string; compacted: string }>`
        SELECT (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM revision_seq) AS next,
               (SELECT compacted_rev FROM store_meta) AS compacted`.execute(conn);
      const next = Number(rows[0]!.next);
      let from = existing.length ? existing[existing.length - 1]!.to : Math.min(next, Number(rows[0]!.compacted) + 1);
      while (from <= next + ahead * size) {
        const name = `events_${from}`;
        await sql`CREATE TABLE ${sql.table(name)} (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMPRESSION INCLUDING STORAGE)`.execute(conn);
        await sql`ALTER TABLE events ATTACH PARTITION ${sql.table(name)} FOR VALUES FROM (${sql.lit(from)}) TO (${sql.lit(from + size)})`.execute(conn);
        created.push(name);
        from += size;
      }
      await sql`COMMIT`.execute(conn);
    } catch (err) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw err;
    }
    return created;
  });
}

/** The highest revision the partitions can take. */
export async function partitionCeiling(db: Kysely<unknown>): Promise<number> {
  const parts = await listPartitions(db);
  return parts.length ? parts[parts.length - 1]!.to - 1 : 0;
}

/**
 * Detaches (CONCURRENTLY: it waits for readers still scanning them, and blocks no writer) and
 * drops every partition whose revisions are all at or below `horizon`.
 */
export async function dropPartitionsBelow(db: Kysely<unknown>, horizon: number): Promise<string[]> {
  const dropped: string[] = [];
  for (const p of await listPartitions(db)) {
    if (p.to - 1 > horizon) continue;
    if (p.detachPending) await sql`ALTER TABLE events DETACH PARTITION ${sql.table(p.name)} FINALIZE`.execute(db);
    else await sql`ALTER TABLE events DETACH PARTITION ${sql.table(p.name)} CONCURRENTLY`.execute(db);
    await sql`DROP TABLE ${sql.table(p.name)}`.execute(db);
    dropped.push(p.name);
  }
  return dropped;
}

export { MAINTENANCE_LOCK };
