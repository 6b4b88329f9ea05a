import { sql, type Kysely } from 'kysely';

/** Records how far the relay of `stream` has published; never moves backwards. */
export async function saveCheckpoint(db: Kysely<unknown>, stream: string, revision: number, holder: string): Promise<void> {
  await sql`
    INSERT INTO relay_checkpoint AS c (stream, published_rev, holder, updated_at)
    VALUES (${stream}, ${revision}, ${holder}, now())
    ON CONFLICT (stream) DO UPDATE
      SET published_rev = GREATEST(c.published_rev, excluded.published_rev), holder = excluded.holder, updated_at = now()`.execute(db);
}
