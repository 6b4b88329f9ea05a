import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectKey } from '@kubeledger/api';
import { Relay, connectBus, subscribeEvents, type BusConnection, type BusEvent } from '@kubeledger/bus';
import { createTestBus, readStreamMessages } from '@kubeledger/bus/testing';
import { PgLeaderLock, PostgresEventStore } from '@kubeledger/event-store';
import { createTestDatabase, type TestDatabase } from '@kubeledger/event-store/testing';
import { burnRevision, fold, runWriters, waitUntil } from './testing/pipeline-harness.js';

/**
 * The storage core end to end (issue 2): 32 writers on overlapping keys for several seconds while a
 * consumer reads NATS. Every acknowledged write must arrive exactly once and in revision order, the
 * stream sequence must equal the revision (with fillers for burned revisions), and the projection
 * must equal the fold of the log.
 */
describe('event log → relay → JetStream under concurrent writers', () => {
  let database: TestDatabase;
  let bus: Awaited<ReturnType<typeof createTestBus>>;
  let store: PostgresEventStore;
  let relayConn: BusConnection;
  let relay: Relay;
  let relayDone: Promise<void>;

  beforeAll(async () => {
    database = await createTestDatabase('pipeline');
    bus = await createTestBus();
    store = await PostgresEventStore.open({ url: database.url, poolSize: 6 });
    relayConn = await connectBus(bus.config);
    relay = new Relay({ bus: relayConn, source: store, lock: new PgLeaderLock({ url: database.url, name: 'relay/pipeline' }), holder: 'test' });
    store.onCommit(() => relay.poke());
    relayDone = relay.start();
  });

  afterAll(async () => {
    await relay?.stop();
    await relayDone;
    await relayConn?.close();
    await store?.close();
    await bus?.cleanup();
    await database?.drop();
  });

  it('delivers every committed write exactly once, in order, with stream sequence == revision', async () => {
    const received: BusEvent[] = [];
    const subscription = await subscribeEvents(bus.conn, { fromRevision: 0, filter: { group: '', resource: 'pods' } });
    const consuming = (async () => {
      for await (const event of subscription) received.push(event);
    })();

    const burned: number[] = [];
    let writing = true;
    const burner = (async () => {
      while (writing) {
        burned.push(await burnRevision(database.url));
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const deadline = Date.now() + 4_000;
    const writes = await runWriters(store, 32, 40, () => Date.now() < deadline);
    writing = false;
    await burner;
    // A burned revision above the head gets its filler only once a later revision exists.
    const head = await store.currentRevision();

    await waitUntil(() => received.length > 0 && received[received.length - 1]!.revision >= head, 30_000, 'the consumer to reach the head');
    subscription.close();
    await consuming;

    expect(writes.length).toBeGreaterThan(500);
    expect(burned.length).toBeGreaterThan(3);

    // Exactly once, in revision order, nothing lost.
    const revisions = received.map((e) => e.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(received.map((e) => [e.revision, objectKey(e.ref), e.type])).toEqual(writes.map((w) => [w.revision, w.key, w.type]));

    // Every revision up to the head is on the stream at its own sequence: events and fillers.
    const messages = await readStreamMessages(bus.conn);
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(messages.every((m) => m.revision === m.seq)).toBe(true);
    const fillers = messages.filter((m) => m.filler).map((m) => m.seq);
    expect(fillers).toEqual(burned.filter((b) => b <= head).sort((a, b) => a - b));
    expect(messages.length - fillers.length).toBe(writes.length);

    // The projection equals the fold of what was delivered, and the fold of the log in Postgres.
    const delivered = fold(received.map((e) => ({ type: e.type, key: objectKey(e.ref), revision: e.revision, object: e.object })));
    const listed = await store.list({ scope: { group: '', resource: 'pods' } });
    expect(listed.revision).toBe(head);
    expect(new Map(listed.items.map((i) => [i.key, { revision: i.revision, object: i.object }]))).toEqual(delivered);
    const log = await store.readAfter(0, 1_000_000);
    const folded = fold(log.map((r) => ({ type: r.type, key: r.key, revision: r.revision, object: { ...JSON.parse(r.objectJson), metadata: { ...JSON.parse(r.objectJson).metadata, resourceVersion: String(r.revision) } } })));
    expect(folded).toEqual(delivered);
  });
});
