import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadOrCreateClusterPki, type ClusterPki } from './cluster-pki.js';

export interface LoadClusterPkiOptions {
  /**
   * Brings the schema up to date first, e.g. `migrateToLatest` from @kubeledger/migrations. Not
   * done by default: this lib may not depend on the migrations project (module boundaries), and
   * `npm start` / `npm run migrate` have normally applied them already.
   */
  readonly migrate?: (db: Kysely<unknown>) => Promise<unknown>;
}

/**
 * `loadOrCreateClusterPki` over a connection of its own, closed before returning: for the
 * credentials CLI, which has no pool to share. Fails with a hint when the table does not exist.
 */
export async function loadClusterPki(databaseUrl: string, options: LoadClusterPkiOptions = {}): Promise<ClusterPki> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  pool.on('error', () => undefined); // a client that dies while idle or closing (the database dropped, a restart): nothing to do
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    await options.migrate?.(db);
    return await loadOrCreateClusterPki(db);
  } finally {
    await db.destroy();
  }
}
