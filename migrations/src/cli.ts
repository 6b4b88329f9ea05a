// `npm run migrate`: creates the database in DATABASE_URL if needed and applies every pending migration.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ensureDatabase, migrateToLatest, redact } from './index.js';

const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/kubeledger';
try {
  if (await ensureDatabase(url)) console.log(`created database ${redact(url)}`);
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  try {
    const { applied } = await migrateToLatest(db);
    console.log(applied.length ? `applied ${applied.join(', ')}` : 'schema is up to date');
  } finally {
    await db.destroy();
  }
} catch (err) {
  console.error(`migrate failed against ${redact(url)}: ${(err as Error).message}`);
  console.error('Is Postgres running? Set DATABASE_URL to a server you can reach (see README).');
  process.exit(1);
}
