import { afterEach, describe, expect, it } from 'vitest';
import { JetStreamApiCodes, JetStreamApiError, StorageType, DiscardPolicy } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { connectBus } from './connect.js';
import { alignStreamStart, ensureStream, readStreamBounds } from './stream.js';
import { Relay } from './relay.js';
import { createTestBus, InMemoryLeaderLock, InMemoryRelaySource, readStreamMessages, waitUntil, type TestBus } from './testing.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function testBus(overrides: Parameters<typeof createTestBus>[0] = {}): Promise<TestBus> {
  const bus = await createTestBus(overrides);
  cleanups.push(() => bus.cleanup());
  return bus;
}

describe('ensureStream', () => {
  it('creates the stream with the bus settings and is idempotent', async () => {
    const bus = await testBus({ maxAge: 2 * 60 * 60 * 1000, duplicateWindowMs: 20_000 });
    const info = await ensureStream(bus.conn);
    expect(info.config).toMatchObject({
      name: bus.config.stream,
      subjects: [`${bus.config.prefix}.>`],
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      deny_delete: true,
      max_age: nanos(2 * 60 * 60 * 1000),
      duplicate_window: nanos(20_000),
    });
    const again = await ensureStream(bus.conn);
    expect(again.created).toBe(info.created);
  });

  it('updates settings that drifted, keeping the messages', async () => {
    const bus = await testBus();
    await bus.conn.js.publish(`${bus.config.prefix}._gap`, new Uint8Array(0));
    const other = await connectBus({ ...bus.config, maxAge: 3 * 60 * 60 * 1000 });
    cleanups.push(() => other.close());
    const info = await ensureStream(other);
    expect(info.config.max_age).toBe(nanos(3 * 60 * 60 * 1000));
    expect(info.state.last_seq).toBe(1);
  });

  it('survives several processes creating it at once', async () => {
    const bus = await testBus();
    await bus.conn.jsm.streams.delete(bus.config.stream);
    const conns = await Promise.all([1, 2, 3].map(() => connectBus(bus.config)));
    cleanups.push(async () => void (await Promise.all(conns.map((c) => c.close()))));
    const infos = await Promise.all(conns.map((c) => ensureStream(c)));
    expect(new Set(infos.map((i) => i.config.name))).toEqual(new Set([bus.config.stream]));
  });
});

describe('readStreamBounds', () => {
  it('reports an empty stream as first 1, last 0, then follows publishes and purges', async () => {
    const bus = await testBus();
    expect(await readStreamBounds(bus.conn)).toEqual({ firstRevision: 1, lastRevision: 0 });
    for (let rev = 1; rev <= 5; rev++) {
      await bus.conn.js.publish(`${bus.config.prefix}._gap`, new Uint8Array(0), { expect: { lastSequence: rev - 1 } });
    }
    expect(await readStreamBounds(bus.conn)).toEqual({ firstRevision: 1, lastRevision: 5 });
    await bus.conn.jsm.streams.purge(bus.config.stream, { seq: 4 });
    expect(await readStreamBounds(bus.conn)).toEqual({ firstRevision: 4, lastRevision: 5 });
    await bus.conn.jsm.streams.purge(bus.config.stream);
    expect(await readStreamBounds(bus.conn)).toEqual({ firstRevision: 6, lastRevision: 5 });
  });
});

describe('alignStreamStart', () => {
  it('makes the next sequence of an empty stream equal the first revision of a compacted log', async () => {
    const bus = await testBus();
    expect(await alignStreamStart(bus.conn, 40)).toBe(39);
    expect(await readStreamBounds(bus.conn)).toEqual({ firstRevision: 1, lastRevision: 39 });
    const fillers = await readStreamMessages(bus.conn);
    expect(fillers.every((m) => m.filler && m.revision === m.seq)).toBe(true);

    // A relay over a log that starts at 40 continues there, fenced as usual.
    const source = new InMemoryRelaySource();
    source.burn(39);
    source.append({ ref: { group: '', resource: 'pods', namespace: 'default', name: 'p' } });
    const relay = new Relay({ bus: bus.conn, source, lock: new InMemoryLeaderLock(), holder: 'align' });
    const running = relay.start();
    await waitUntil(async () => (await readStreamBounds(bus.conn)).lastRevision === 40, 10_000, 'revision 40');
    await relay.stop();
    await running;
    const last = (await readStreamMessages(bus.conn)).at(-1)!;
    expect(last).toMatchObject({ seq: 40, revision: 40, filler: false });
  });

  it('leaves a stream that already holds revisions alone', async () => {
    const bus = await testBus();
    await bus.conn.js.publish(`${bus.config.prefix}._gap`, new Uint8Array(0));
    expect(await alignStreamStart(bus.conn, 40)).toBe(1);
    expect(await readStreamBounds(bus.conn)).toEqual({ firstRevision: 1, lastRevision: 1 });
  });

  // Why alignStreamStart publishes fillers instead of purging: on 2.9 a purge past the end moves
  // the store's sequence but not the stream's in-memory last sequence, which the fence checks.
  it('on nats-server 2.9, purge {seq} on an empty stream breaks Expected-Last-Sequence', async (ctx) => {
    const bus = await testBus();
    // Documents 2.9 only: later servers update the stream's last sequence in purge.
    if (!(bus.conn.nc.info?.version ?? '').startsWith('2.9.')) ctx.skip();
    await bus.conn.jsm.streams.purge(bus.config.stream, { seq: 50 });
    const state = (await bus.conn.jsm.streams.info(bus.config.stream)).state;
    expect([state.first_seq, state.last_seq]).toEqual([50, 49]);
    const fenced = bus.conn.js.publish(`${bus.config.prefix}._gap`, new Uint8Array(0), { msgID: 'r50', expect: { lastSequence: 49 } });
    await expect(fenced).rejects.toSatisfy((err) => err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamWrongLastSequence);
  });
});
