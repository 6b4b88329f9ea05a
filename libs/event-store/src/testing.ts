import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@kubeledger/migrations';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store.js';

/** The server tests create their databases on (`KUBELEDGER_TEST_DATABASE_URL`, default the local one). */
export const TEST_SERVER_URL = process.env['KUBELEDGER_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of its own for one test file or case; `drop()` removes it. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/kl_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(url.toString());
  return { url: url.toString(), drop: () => dropDatabase(url.toString()) };
}

export interface TestStore {
  readonly store: PostgresEventStore;
  readonly url: string;
  cleanup(): Promise<void>;
}

/** A PostgresEventStore on a fresh database; `cleanup()` closes it and drops the database. */
export async function openTestStore(options: Omit<PostgresEventStoreOptions, 'url'> = {}, label?: string): Promise<TestStore> {
  const database = await createTestDatabase(label);
  const store = await PostgresEventStore.open({ ...options, url: database.url });
  return {
    store,
    url: database.url,
    async cleanup() {
      await store.close();
      await database.drop();
    },
  };
}
