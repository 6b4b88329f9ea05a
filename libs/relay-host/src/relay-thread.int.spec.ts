import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStreamBounds } from '@kubeledger/bus';
import { createTestBus, readStreamMessages, waitUntil, type TestBus } from '@kubeledger/bus/testing';
import { PostgresEventStore } from '@kubeledger/event-store';
import { createTestDatabase, type TestDatabase } from '@kubeledger/event-store/testing';
import { RelayThread } from './index.js';

describe('RelayThread', () => {
  let database: TestDatabase;
  let bus: TestBus;
  let store: PostgresEventStore;
  beforeAll(async () => {
    database = await createTestDatabase('relaythread');
    bus = await createTestBus();
    store = await PostgresEventStore.open({ url: database.url, poolSize: 2 });
  });
  afterAll(async () => {
    await store?.close();
    await bus?.cleanup();
    await database?.drop();
  });

  const write = (name: string) =>
    store.create({ ref: { group: '', resource: 'configmaps', namespace: 'default', name }, object: { metadata: { name, uid: randomUUID() } } }, { actor: { user: 't' } });

  it('publishes what is committed, reports its progress, and hands over leadership when stopped', async () => {
    const published: Array<[number, number]> = [];
    const first = RelayThread.start({ databaseUrl: database.url, bus: bus.config, holder: 'first', onPublished: (last, count) => published.push([last, count]) });
    const unsubscribe = store.onCommit(() => first.poke());
    for (let i = 0; i < 20; i++) await write(`a${i}`);
    await waitUntil(() => first.stats().publishedRevision === 20, 20_000, 'the first relay to publish');
    expect(first.stats()).toMatchObject({ leader: true, publishedRevision: 20, lagRevisions: 0 });
    expect(published.reduce((n, [, count]) => n + count, 0)).toBe(20);
    expect(published.at(-1)![0]).toBe(20);

    const second = RelayThread.start({ databaseUrl: database.url, bus: bus.config, holder: 'second', relay: { standbyRetryMs: 100 } });
    await new Promise((r) => setTimeout(r, 500));
    expect(second.stats().leader).toBe(false); // the first still holds the lock
    unsubscribe();
    await first.stop();
    expect(first.stats().leader).toBe(false);
    for (let i = 0; i < 5; i++) await write(`b${i}`);
    await waitUntil(() => second.stats().leader && second.stats().publishedRevision === 25, 20_000, 'the second relay to take over');
    await second.stop();

    const messages = await readStreamMessages(bus.conn);
    expect(messages.map((m) => m.revision)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await readStreamBounds(bus.conn)).lastRevision).toBe(25);
  });
});
