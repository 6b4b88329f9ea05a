import { sql, type Kysely } from 'kysely';

/**
 * The event log, the projection and the store metadata (DESIGN §2; reference/event-store.md §4).
 * `events` is range-partitioned by revision; the store creates partitions ahead of the head and
 * compaction drops whole ones, so this migration creates none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // lz4 where the server has it; the embedded Postgres `npm start` runs is built without it (pglz then).
  const { rows } = await sql<{ lz4: boolean }>`SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`.execute(db);
  const lz4 = rows[0]?.lz4 === true;
  await sql`CREATE SEQUENCE revision_seq AS bigint MINVALUE 1 START 1 CACHE 1`.execute(db);

  await sql`
    CREATE TABLE store_meta (
      id            boolean PRIMARY KEY DEFAULT true CHECK (id),
      compacted_rev bigint  NOT NULL DEFAULT 0          -- reads below this revision answer "expired"
    )`.execute(db);
  await sql`INSERT INTO store_meta DEFAULT VALUES`.execute(db);

  await sql`
    CREATE TABLE objects (
      key        text   COLLATE "C" PRIMARY KEY,          -- /<group|_>/<resource>/<namespace|_>/<name>
      rev        bigint NOT NULL,                          -- mod revision = metadata.resourceVersion
      create_rev bigint NOT NULL,
      uid        uuid   NOT NULL,
      obj        jsonb  NOT NULL,                          -- without metadata.resourceVersion
      labels     jsonb  NOT NULL DEFAULT '{}',             -- label-selector push-down
      node_name  text,                                     -- pods: spec.nodeName
      subject    text   NOT NULL                           -- subject of the object's latest event (without prefix)
    ) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02)`.execute(db);
  if (lz4) await sql`ALTER TABLE objects ALTER COLUMN obj SET COMPRESSION lz4`.execute(db);
  await sql`CREATE INDEX objects_labels ON objects USING gin (labels jsonb_path_ops)`.execute(db);
  await sql`CREATE INDEX objects_node ON objects (node_name, key) WHERE node_name IS NOT NULL`.execute(db);
  // Deliberately no index on objects.rev: it would make every update non-HOT.

  await sql`
    CREATE TABLE events (
      rev          bigint   NOT NULL PRIMARY KEY,         -- = resourceVersion = JetStream sequence
      key          text     COLLATE "C" NOT NULL,
      type         smallint NOT NULL CHECK (type IN (1, 2, 3)),   -- ADDED, MODIFIED, DELETED
      uid          uuid     NOT NULL,
      obj          jsonb    NOT NULL,                    -- new state (DELETED: the last state)
      prev_rev     bigint,                              -- state before this event; NULL for ADDED
      prev_obj     jsonb,
      subject      text     NOT NULL,
      actor        text     NOT NULL,
      impersonator text,
      traceparent  text,
      created_at   timestamptz NOT NULL DEFAULT clock_timestamp()   -- diagnostics only, never ordering
    ) PARTITION BY RANGE (rev)`.execute(db);
  // Set before any partition exists: partitions copy it (LIKE … INCLUDING COMPRESSION).
  if (lz4) await sql`ALTER TABLE events ALTER COLUMN obj SET COMPRESSION lz4, ALTER COLUMN prev_obj SET COMPRESSION lz4`.execute(db);
  await sql`CREATE INDEX events_key_rev ON events (key, rev)`.execute(db);

  await sql`
    CREATE TABLE relay_checkpoint (                      -- advisory copy; the stream's last sequence is authoritative
      stream        text   PRIMARY KEY,
      published_rev bigint NOT NULL,
      holder        text,
      updated_at    timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql.raw(WRITE_FUNCTION).execute(db);
}

/**
 * kl_write(ops): one group commit. `ops` is a JSON array of writes, at most one per key:
 *   {i, op: 'c'|'u'|'d', key, uid, obj, node, subj, er (expected rev), eu (expected uid), actor, imp, tp}
 * Returns one row per op: its revision (status 'k'), or why it was refused without burning a
 * revision: 'e' already exists, 'n' not found, 'c' revision conflict, 'u' uid precondition failed.
 *
 * Order of locks (reference/event-store.md §1.2, §4.4): 1. creates insert their row, in key order
 * (a concurrent creator of the same key waits on the unique index); 2. updates and deletes lock
 * their rows, in key order; 3. only then the global allocation lock, which is held to COMMIT, so
 * commit order == revision order. Step-1 waits only on step-1 holders and step-2 waits only on
 * step-2 holders, each in key order, and step 3 never waits on a row: no deadlock.
 */
const WRITE_FUNCTION = `
CREATE FUNCTION kl_write(p_ops jsonb)
RETURNS TABLE (i int, rev bigint, status "char", cur_rev bigint, cur_obj jsonb)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_created  text[];
  v_keys     text[] := '{}';
  v_revs     bigint[] := '{}';
  v_uids     uuid[] := '{}';
  v_status   "char"[];
  v_cur      bigint[];
  v_ok       int;
  v_first    bigint;
  r          record;
BEGIN
  -- 1. Creates: insert the row now (rev 0 until step 3); a key that exists is refused.
  WITH ins AS (
    INSERT INTO objects AS o (key, rev, create_rev, uid, obj, labels, node_name, subject)
    SELECT x.key, 0, 0, x.uid, x.obj, COALESCE(x.obj->'metadata'->'labels', '{}'), x.node, x.subj
      FROM jsonb_to_recordset(p_ops) AS x(op text, key text, uid uuid, obj jsonb, node text, subj text)
     WHERE x.op = 'c'
     ORDER BY x.key
    ON CONFLICT (key) DO NOTHING
    RETURNING o.key)
  SELECT COALESCE(array_agg(ins.key), '{}') INTO v_created FROM ins;

  -- 2. Updates and deletes: lock the current rows.
  FOR r IN
    SELECT o.key, o.rev, o.uid FROM objects o
     WHERE o.key = ANY (ARRAY(SELECT x.key FROM jsonb_to_recordset(p_ops) AS x(op text, key text) WHERE x.op <> 'c'))
     ORDER BY o.key
       FOR UPDATE
  LOOP
    v_keys := v_keys || r.key; v_revs := v_revs || r.rev; v_uids := v_uids || r.uid;
  END LOOP;

  SELECT array_agg(s.status ORDER BY s.i), array_agg(s.cur ORDER BY s.i) INTO v_status, v_cur
    FROM (
      SELECT x.i,
             CASE WHEN x.op = 'c' THEN CASE WHEN x.key = ANY (v_created) THEN 'k' ELSE 'e' END
                  WHEN l.key IS NULL THEN 'n'
                  WHEN x.er IS NOT NULL AND x.er <> l.rev THEN 'c'
                  WHEN x.eu IS NOT NULL AND x.eu <> l.uid THEN 'u'
                  ELSE 'k' END::"char" AS status,
             l.rev AS cur
        FROM jsonb_to_recordset(p_ops) AS x(i int, op text, key text, er bigint, eu uuid)
        LEFT JOIN unnest(v_keys, v_revs, v_uids) AS l(key, rev, uid) ON l.key = x.key
    ) s;

  SELECT count(*) INTO v_ok FROM unnest(v_status) AS s WHERE s = 'k';
  IF v_ok > 0 THEN
    -- 3. Allocate v_ok consecutive revisions under the global lock, then append and project.
    PERFORM pg_advisory_xact_lock(1801675115, 1);
    v_first := nextval('revision_seq');
    IF v_ok > 1 THEN PERFORM setval('revision_seq', v_first + v_ok - 1); END IF;
  END IF;

  RETURN QUERY
  WITH x AS (
    SELECT x.* FROM jsonb_to_recordset(p_ops) AS x(i int, op text, key text, uid uuid, obj jsonb, node text,
                                                   subj text, actor text, imp text, tp text)
  ), ok AS MATERIALIZED (
    SELECT x.*, v_first + row_number() OVER (ORDER BY x.i) - 1 AS rev
      FROM x WHERE v_status[x.i + 1] = 'k'
  ), cur AS MATERIALIZED (                -- the rows as they are before this statement (all locked by us)
    SELECT o.key, o.rev, o.uid, o.obj, o.subject FROM objects o WHERE o.key IN (SELECT ok.key FROM ok)
  ), ins AS (
    INSERT INTO events (rev, key, type, uid, obj, prev_rev, prev_obj, subject, actor, impersonator, traceparent)
    SELECT ok.rev, ok.key,
           CASE ok.op WHEN 'c' THEN 1 WHEN 'u' THEN 2 ELSE 3 END,
           cur.uid,
           CASE WHEN ok.op = 'd' THEN cur.obj ELSE ok.obj END,
           CASE WHEN ok.op = 'c' THEN NULL ELSE cur.rev END,
           CASE WHEN ok.op = 'c' THEN NULL ELSE cur.obj END,
           CASE WHEN ok.op = 'd' THEN cur.subject ELSE ok.subj END,
           ok.actor, ok.imp, ok.tp
      FROM ok JOIN cur ON cur.key = ok.key
     ORDER BY ok.rev
    RETURNING 1
  ), upd AS (
    UPDATE objects o
       SET rev = ok.rev,
           create_rev = CASE WHEN ok.op = 'c' THEN ok.rev ELSE o.create_rev END,
           obj = ok.obj,
           labels = COALESCE(ok.obj->'metadata'->'labels', '{}'),
           node_name = ok.node,
           subject = ok.subj
      FROM ok
     WHERE o.key = ok.key AND ok.op IN ('c', 'u')
    RETURNING 1
  ), del AS (
    DELETE FROM objects o USING ok WHERE o.key = ok.key AND ok.op = 'd'
    RETURNING 1
  )
  SELECT x.i, ok.rev, v_status[x.i + 1], v_cur[x.i + 1],
         CASE WHEN ok.op = 'd' THEN cur.obj END
    FROM x
    LEFT JOIN ok ON ok.i = x.i
    LEFT JOIN cur ON cur.key = ok.key
   ORDER BY x.i;   -- ins, upd and del run to completion although nothing reads them
END
$fn$`;

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS kl_write(jsonb)`.execute(db);
  for (const table of ['relay_checkpoint', 'events', 'objects', 'store_meta']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
  await sql`DROP SEQUENCE IF EXISTS revision_seq`.execute(db);
}
