import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, ensureDatabase, migrateToLatest, migrations } from './index.js';

const server = process.env['KUBELEDGER_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('migrations', () => {
  const url = new URL(server);
  url.pathname = `/kl_migrate_${process.pid}_${randomBytes(4).toString('hex')}`;
  let db: Kysely<any>;

  beforeAll(async () => {
    expect(await ensureDatabase(url.toString())).toBe(true);
    expect(await ensureDatabase(url.toString())).toBe(false);
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 2 }) }) });
  });
  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(url.toString());
  });

  it('applies every migration once, from several callers at the same time', async () => {
    const results = await Promise.all([migrateToLatest(db), migrateToLatest(db)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(Object.keys(migrations).sort());
    expect((await migrateToLatest(db)).applied).toEqual([]);
  });

  it('produces the schema the event store relies on', async () => {
    const { rows: columns } = await sql<{ t: string; c: string; type: string; nullable: string }>`
      SELECT table_name AS t, column_name AS c, data_type AS type, is_nullable AS nullable
        FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name IN ('events', 'objects', 'store_meta', 'relay_checkpoint')
       ORDER BY table_name, ordinal_position`.execute(db);
    expect(columns.map((r) => `${r.t}.${r.c} ${r.type}${r.nullable === 'NO' ? ' not null' : ''}`)).toMatchInlineSnapshot(`
      [
        "events.rev bigint not null",
        "events.key text not null",
        "events.type smallint not null",
        "events.uid uuid not null",
        "events.obj jsonb not null",
        "events.prev_rev bigint",
        "events.prev_obj jsonb",
        "events.subject text not null",
        "events.actor text not null",
        "events.impersonator text",
        "events.traceparent text",
        "events.created_at timestamp with time zone not null",
        "objects.key text not null",
        "objects.rev bigint not null",
        "objects.create_rev bigint not null",
        "objects.uid uuid not null",
        "objects.obj jsonb not null",
        "objects.labels jsonb not null",
        "objects.node_name text",
        "objects.subject text not null",
        "relay_checkpoint.stream text not null",
        "relay_checkpoint.published_rev bigint not null",
        "relay_checkpoint.holder text",
        "relay_checkpoint.updated_at timestamp with time zone not null",
        "store_meta.id boolean not null",
        "store_meta.compacted_rev bigint not null",
      ]
    `);

    const { rows: indexes } = await sql<{ indexdef: string }>`
      SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('events', 'objects') ORDER BY indexname`.execute(db);
    expect(indexes.map((r) => r.indexdef)).toMatchInlineSnapshot(`
      [
        "CREATE INDEX events_key_rev ON ONLY public.events USING btree (key, rev)",
        "CREATE UNIQUE INDEX events_pkey ON ONLY public.events USING btree (rev)",
        "CREATE INDEX objects_labels ON public.objects USING gin (labels jsonb_path_ops)",
        "CREATE INDEX objects_node ON public.objects USING btree (node_name, key) WHERE (node_name IS NOT NULL)",
        "CREATE UNIQUE INDEX objects_pkey ON public.objects USING btree (key)",
      ]
    `);

    const { rows: meta } = await sql<{ partitioned: boolean; compression: string; seq_cache: string }>`
      SELECT (SELECT relkind = 'p' FROM pg_class WHERE relname = 'events') AS partitioned,
             (SELECT attcompression FROM pg_attribute WHERE attrelid = 'events'::regclass AND attname = 'obj') AS compression,
             (SELECT cache_size FROM pg_sequences WHERE sequencename = 'revision_seq')::text AS seq_cache`.execute(db);
    expect(meta[0]).toEqual({ partitioned: true, compression: 'l', seq_cache: '1' });
    const { rows: fn } = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_proc WHERE proname = 'kl_write'`.execute(db);
    expect(Number(fn[0]!.n)).toBe(1);
  });

  it('can be rolled back to nothing', async () => {
    for (const name of Object.keys(migrations).reverse()) await migrations[name]!.down!(db);
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pg_class WHERE relname IN ('events', 'objects', 'store_meta', 'relay_checkpoint', 'revision_seq')`.execute(db);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
