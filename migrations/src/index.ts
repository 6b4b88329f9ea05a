export { migrations } from './migrations.js';
export { migrateToLatest, type MigrateResult } from './migrate.js';
export { ensureDatabase, dropDatabase, redact } from './ensure-database.js';
