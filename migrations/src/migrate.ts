import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from './migrations.js';

export interface MigrateResult {
  readonly applied: readonly string[];
}

/** Applies every pending migration, in one transaction each. Safe to call from several processes at once. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrateResult> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${String((result.error as Error).message ?? result.error)}`, { cause: result.error });
  }
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
