import { afterEach, describe, expect, it } from 'vitest';
import type { LogRecord, ObjectRef, Revision } from '@kubeledger/api';
import { BusHeaders, decodeHeaderValue } from './bus-headers.js';
import { connectBus, type BusConnection } from './connect.js';
import { Relay, type RelayOptions } from './relay.js';
import type { RelaySource } from './relay-source.js';
import { readStreamBounds } from './stream.js';
import { gapSubject, subjectFor } from './subjects.js';
import {
  createTestBus,
  InMemoryLeaderLock,
  InMemoryRelaySource,
  LockToken,
  readStreamMessages,
  waitUntil,
  type StreamMessage,
  type TestBus,
} from './testing.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function testBus(overrides: Parameters<typeof createTestBus>[0] = {}): Promise<TestBus> {
  const bus = await createTestBus(overrides);
  cleanups.push(() => bus.cleanup());
  return bus;
}

async function ownConnection(bus: TestBus): Promise<BusConnection> {
  const conn = await connectBus(bus.config);
  cleanups.push(() => conn.close());
  return conn;
}

/** A started relay, stopped after the test. */
function startRelay(options: RelayOptions): Relay {
  const relay = new Relay(options);
  const running = relay.start();
  cleanups.push(async () => {
    await relay.stop();
    await running;
  });
  return relay;
}

/** `source`, but every read returns what the log held `ms` earlier. */
const laggingSource = (source: InMemoryRelaySource, ms: number): RelaySource => ({
  readAfter: async (revision, limit) => {
    const records = await source.readAfter(revision, limit);
    await new Promise((r) => setTimeout(r, ms));
    return records;
  },
  saveCheckpoint: (...args) => source.saveCheckpoint(...args),
});

const pod = (i: number): ObjectRef => ({ group: '', resource: 'pods', namespace: i % 2 ? 'default' : 'kube-system', name: `p.${i}` });

const reachesRevision = (bus: TestBus, revision: Revision) => async () => (await readStreamBounds(bus.conn)).lastRevision >= revision;

/** One message per revision 1..head at its own sequence; fillers exactly at the revisions the log lacks; records byte-exact. */
function expectComplete(bus: TestBus, messages: readonly StreamMessage[], records: readonly LogRecord[], head: Revision): void {
  expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  expect(messages.every((m) => m.revision === m.seq)).toBe(true);
  const byRevision = new Map(records.map((r) => [r.revision, r]));
  for (const m of messages) {
    const r = byRevision.get(m.seq);
    if (r === undefined) {
      expect(m).toMatchObject({ filler: true, subject: gapSubject(bus.config.prefix), body: '' });
    } else {
      expect(m.subject).toBe(`${bus.config.prefix}.${r.subject}`);
      expect(m.body).toBe(r.objectJson);
    }
  }
}

describe('Relay', () => {
  it('publishes records in order with stream sequence == revision, headers and bodies', async () => {
    const bus = await testBus();
    const source = new InMemoryRelaySource();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const records = source.append(
      ...Array.from({ length: 120 }, (_, i) => ({
        ref: pod(i),
        node: i % 3 === 0 ? '' : `node-${i % 3}.example`,
        type: (['ADDED', 'MODIFIED', 'DELETED'] as const)[i % 3],
        actor: { user: i % 2 ? 'system:node:node-1' : 'alice\nmallory' },
        ...(i % 4 === 0 && { traceparent }),
      })),
    );
    const batches: Array<[Revision, number]> = [];
    startRelay({
      bus: bus.conn,
      source,
      lock: new InMemoryLeaderLock(),
      holder: 'relay-a',
      batchSize: 50,
      maxInFlight: 16,
      checkpointEveryMs: 20,
      onPublished: (last, count) => batches.push([last, count]),
    });
    await waitUntil(reachesRevision(bus, 120), 20_000, 'revision 120 on the stream');

    const messages = await readStreamMessages(bus.conn);
    expectComplete(bus, messages, records, 120);
    for (const [i, r] of records.entries()) {
      const h = messages[i]!.headers;
      expect(messages[i]!.subject).toBe(subjectFor(bus.config.prefix, pod(i), i % 3 === 0 ? '' : `node-${i % 3}.example`));
      expect(h[BusHeaders.type]).toBe(r.type);
      expect(h[BusHeaders.uid]).toBe(r.uid);
      expect(decodeHeaderValue(h[BusHeaders.actor]!)).toBe(r.actor.user);
      expect(h[BusHeaders.traceparent]).toBe(r.traceparent);
      expect(h['Nats-Msg-Id']).toBe(`${bus.config.stream}/${r.revision}`);
    }
    expect(batches.reduce((n, [, count]) => n + count, 0)).toBe(120);
    expect(batches.at(-1)![0]).toBe(120);
    await waitUntil(() => source.checkpoints.some((c) => c.revision === 120), 10_000, 'the checkpoint at 120');
    expect(source.checkpoints.at(-1)).toEqual({ stream: bus.config.stream, revision: 120, holder: 'relay-a' });
  });

  it('publishes a filler for every burned revision, keeping sequence aligned', async () => {
    const bus = await testBus();
    const source = new InMemoryRelaySource();
    const records = [...source.append({ ref: pod(1) }, { ref: pod(2) }, { ref: pod(3) })];
    source.burn(); // 4
    records.push(...source.append({ ref: pod(5) }, { ref: pod(6) }));
    source.burn(); // 7
    source.burn(); // 8
    records.push(...source.append({ ref: pod(9) }));
    source.burn(12); // 10..12 allocated and rolled back
    records.push(...source.append({ ref: pod(13) }));
    startRelay({ bus: bus.conn, source, lock: new InMemoryLeaderLock(), holder: 'r', batchSize: 2 });
    await waitUntil(reachesRevision(bus, 13), 10_000, 'revision 13');

    const messages = await readStreamMessages(bus.conn);
    expectComplete(bus, messages, records, 13);
    expect(messages.filter((m) => m.filler).map((m) => m.seq)).toEqual([4, 7, 8, 10, 11, 12]);
  });

  it('resumes after stop and start from the stream, publishing nothing twice', async () => {
    const bus = await testBus();
    const source = new InMemoryRelaySource();
    const records = source.append(...Array.from({ length: 30 }, (_, i) => ({ ref: pod(i) })));
    let published: Array<[Revision, number]> = [];
    const options: RelayOptions = { bus: bus.conn, source, lock: new InMemoryLeaderLock(), holder: 'r', batchSize: 7, onPublished: (last, n) => published.push([last, n]) };

    const first = new Relay(options);
    let running = first.start();
    await waitUntil(reachesRevision(bus, 30), 10_000, 'revision 30');
    await first.stop();
    await running;
    expect(published.reduce((n, [, c]) => n + c, 0)).toBe(30);

    records.push(...source.append(...Array.from({ length: 10 }, (_, i) => ({ ref: pod(100 + i) }))));
    published = [];
    // The same instance again, then a brand new one: both start from the stream's last sequence.
    running = first.start();
    await waitUntil(reachesRevision(bus, 40), 10_000, 'revision 40');
    await first.stop();
    await running;
    records.push(...source.append({ ref: pod(200) }));
    const second = startRelay(options);
    await waitUntil(reachesRevision(bus, 41), 10_000, 'revision 41');
    await waitUntil(() => second.stats().publishedRevision === 41, 10_000, 'the ack of 41');

    expect(published.reduce((n, [, c]) => n + c, 0)).toBe(11);
    expect(Math.min(...published.map(([last, n]) => last - n + 1))).toBe(31);
    expectComplete(bus, await readStreamMessages(bus.conn), records, 41);
    expect(second.stats()).toEqual({ leader: true, publishedRevision: 41, seenRevision: 41, lagRevisions: 0 });
  });

  // Relay y reads the log 150 ms late, so it republishes what x already did. With the usual window
  // the msg-id deduplicates it; with the minimal 100 ms window (the server refuses less) only
  // Expected-Last-Sequence stands between y and a duplicate.
  it.each([30_000, 100])('keeps exactly one message per revision when two relays both believe they lead (duplicate window %i ms)', async (duplicateWindowMs) => {
    const bus = await testBus({ duplicateWindowMs });
    const failures: unknown[] = [];
    const source = new InMemoryRelaySource();
    const relays = await Promise.all(
      ['x', 'y'].map(async (holder) =>
        startRelay({
          bus: await ownConnection(bus),
          source: holder === 'x' ? source : laggingSource(source, 150),
          lock: new InMemoryLeaderLock(), // separate tokens: both always granted
          holder,
          batchSize: holder === 'x' ? 5 : 40,
          maxInFlight: 8,
          idlePollMs: 1,
          log: (_msg, err) => failures.push(err),
        }),
      ),
    );
    const records: LogRecord[] = [];
    for (let round = 0; round < 40; round++) {
      records.push(...source.append(...Array.from({ length: 1 + (round % 7) }, (_, i) => ({ ref: pod(round * 10 + i) }))));
      if (round % 5 === 2) source.burn();
      relays.forEach((r) => r.poke());
      await new Promise((r) => setTimeout(r, 2));
    }
    records.push(...source.append({ ref: pod(9999) }));
    const head = source.head;
    await waitUntil(reachesRevision(bus, head), 20_000, `revision ${head}`);
    await waitUntil(() => relays.every((r) => r.stats().publishedRevision === head), 20_000, 'both relays to see every ack');

    expect(relays.map((r) => r.stats().leader)).toEqual([true, true]);
    const messages = await readStreamMessages(bus.conn);
    expectComplete(bus, messages, records, head);
    expect(messages.filter((m) => m.filler)).toHaveLength(8);
    if (duplicateWindowMs === 100) expect(failures.length).toBeGreaterThan(0); // they did collide, and the fence held
  });

  it('hands over to the standby when the leader loses its lock mid-stream', async () => {
    const bus = await testBus();
    const source = new InMemoryRelaySource();
    const token = new LockToken();
    const lockA = new InMemoryLeaderLock(token);
    const lockB = new InMemoryLeaderLock(token);
    const records = source.append(...Array.from({ length: 200 }, (_, i) => ({ ref: pod(i) })));
    const a = startRelay({ bus: await ownConnection(bus), source, lock: lockA, holder: 'a', batchSize: 10, standbyRetryMs: 60_000 });
    await waitUntil(() => lockA.held, 10_000, 'a to lead');
    const b = startRelay({ bus: await ownConnection(bus), source, lock: lockB, holder: 'b', batchSize: 10, standbyRetryMs: 20 });
    await waitUntil(reachesRevision(bus, 50), 10_000, 'a to publish');
    expect(b.stats().leader).toBe(false);

    lockA.revoke();
    await waitUntil(() => b.stats().leader, 10_000, 'b to take over');
    expect(a.stats().leader).toBe(false);
    records.push(...source.append(...Array.from({ length: 100 }, (_, i) => ({ ref: pod(1000 + i) }))));
    b.poke();
    await waitUntil(reachesRevision(bus, 300), 20_000, 'revision 300');

    expectComplete(bus, await readStreamMessages(bus.conn), records, 300);
    // a stopped when deposed: none of the revisions appended after the handover went out through it.
    expect(a.stats().publishedRevision).toBeLessThanOrEqual(200);
    expect(a.stats().seenRevision).toBeLessThanOrEqual(200);
    expect(lockB.acquisitions).toBe(1);
    await waitUntil(() => source.checkpoints.some((c) => c.holder === 'b' && c.revision === 300), 10_000, "b's checkpoint");
  });

  it('publishes an oversize marker instead of a body that does not fit, and goes on', async () => {
    const bus = await testBus();
    const source = new InMemoryRelaySource();
    const big = JSON.stringify({ kind: 'ConfigMap', data: { blob: 'x'.repeat(1_200_000) } }); // above the server's 1 MiB max_payload
    const medium = JSON.stringify({ kind: 'ConfigMap', data: { blob: 'y'.repeat(20_000) } });
    const records = source.append(
      { ref: pod(1) },
      { ref: pod(2), objectJson: big },
      { ref: pod(3), objectJson: medium },
      { ref: pod(4) },
    );
    startRelay({ bus: bus.conn, source, lock: new InMemoryLeaderLock(), holder: 'r' });
    await waitUntil(reachesRevision(bus, 4), 10_000, 'revision 4');
    let messages = await readStreamMessages(bus.conn);
    expect(messages.map((m) => m.headers[BusHeaders.oversize])).toEqual([undefined, String(big.length), undefined, undefined]);
    expect(messages[1]).toMatchObject({ body: '', filler: false, revision: 2 });
    expect(messages[1]!.headers[BusHeaders.type]).toBe('ADDED');
    expect(messages[2]!.body).toBe(medium);
    expect(messages[3]!.body).toBe(records[3]!.objectJson);

    // A smaller configured limit applies too.
    const bus2 = await testBus();
    const source2 = new InMemoryRelaySource();
    source2.append({ ref: pod(1), objectJson: medium }, { ref: pod(2) });
    startRelay({ bus: bus2.conn, source: source2, lock: new InMemoryLeaderLock(), holder: 'r', maxPayload: 16 * 1024 });
    await waitUntil(reachesRevision(bus2, 2), 10_000, 'revision 2');
    messages = await readStreamMessages(bus2.conn);
    expect(messages.map((m) => m.headers[BusHeaders.oversize])).toEqual([String(medium.length), undefined]);
  });

  it('wakes from a long idle wait when poked', async () => {
    const bus = await testBus();
    const source = new InMemoryRelaySource();
    const relay = startRelay({ bus: bus.conn, source, lock: new InMemoryLeaderLock(), holder: 'r', idlePollMs: 10 * 60_000 });
    await waitUntil(() => relay.stats().leader && source.reads >= 1, 10_000, 'the first (empty) read');
    // Without the poke the next read would come ten minutes later, far beyond the wait below.
    source.append({ ref: pod(1) });
    relay.poke();
    await waitUntil(reachesRevision(bus, 1), 20_000, 'revision 1 after the poke');
    expect(relay.stats().publishedRevision).toBe(1);
  });

  it('backs off and retries when the log cannot be read, then catches up', async () => {
    const bus = await testBus();
    const source = new InMemoryRelaySource();
    const records = source.append(...Array.from({ length: 5 }, (_, i) => ({ ref: pod(i) })));
    source.failReads(2);
    const logged: string[] = [];
    startRelay({ bus: bus.conn, source, lock: new InMemoryLeaderLock(), holder: 'r', log: (msg) => logged.push(msg) });
    await waitUntil(reachesRevision(bus, 5), 20_000, 'revision 5');
    expectComplete(bus, await readStreamMessages(bus.conn), records, 5);
    expect(logged.filter((m) => m.includes('event log'))).toHaveLength(2);
  });
});
