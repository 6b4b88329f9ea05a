import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord, ObjectRef, Revision } from '@kubeledger/api';
import { isStreamGapError, StreamGapError } from './bus-errors.js';
import type { BusEvent } from './bus-event.js';
import { subscribeEvents, type EventSubscription, type SubscribeOptions } from './consumer.js';
import { Relay } from './relay.js';
import { readStreamBounds } from './stream.js';
import { createTestBus, InMemoryLeaderLock, InMemoryRelaySource, waitUntil, type TestBus } from './testing.js';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const pod = (namespace: string, name: string): ObjectRef => ({ group: '', resource: 'pods', namespace, name });
const cm = (namespace: string, name: string): ObjectRef => ({ group: '', resource: 'configmaps', namespace, name });
const deploy = (namespace: string, name: string): ObjectRef => ({ group: 'apps', resource: 'deployments', namespace, name });

/** Collects events until one at or past `until` arrives, then closes the subscription. */
async function collect(sub: EventSubscription, until: Revision, timeoutMs = 20_000): Promise<BusEvent[]> {
  const out: BusEvent[] = [];
  const timer = setTimeout(() => void sub.close(), timeoutMs);
  try {
    for await (const event of sub) {
      out.push(event);
      if (event.revision >= until) break;
    }
  } finally {
    clearTimeout(timer);
  }
  if ((out.at(-1)?.revision ?? 0) < until) throw new Error(`collected up to ${out.at(-1)?.revision ?? 'nothing'}, wanted ${until}`);
  return out;
}

/** A relay that publishes `source` to `bus` until the returned stop function is called. */
function relayFor(bus: TestBus, source: InMemoryRelaySource): { relay: Relay; stop: () => Promise<void> } {
  const relay = new Relay({ bus: bus.conn, source, lock: new InMemoryLeaderLock(), holder: 'consumer-test', idlePollMs: 2 });
  const running = relay.start();
  return { relay, stop: async () => void (await relay.stop(), await running) };
}

describe('subscribeEvents', () => {
  let bus: TestBus;
  let source: InMemoryRelaySource;
  let stopRelay: () => Promise<void>;
  let records: LogRecord[];
  const subs: EventSubscription[] = [];
  const subscribe = async (options: SubscribeOptions) => {
    const sub = await subscribeEvents(bus.conn, options);
    subs.push(sub);
    return sub;
  };

  beforeAll(async () => {
    bus = await createTestBus();
    source = new InMemoryRelaySource();
    records = source.append(
      { ref: pod('default', 'web-1'), node: 'node-a', actor: { user: 'alice', impersonator: 'bob' }, traceparent }, // 1
      { ref: pod('default', 'web-2'), node: 'node-b' }, // 2
      { ref: cm('kube-system', 'kube-root-ca.crt') }, // 3
    );
    source.burn(); // 4
    records.push(
      ...source.append(
        { ref: pod('kube-system', 'etcd-0'), node: 'node-a', type: 'MODIFIED' }, // 5
        { ref: deploy('kube-system', 'coredns') }, // 6
        { ref: { group: '', resource: 'nodes', namespace: '', name: 'node-a' } }, // 7
      ),
    );
    source.burn(); // 8
    source.burn(); // 9
    records.push(
      ...source.append(
        { ref: pod('default', 'web-1'), node: 'node-a', type: 'DELETED' }, // 10
        { ref: cm('default', 'huge'), objectJson: JSON.stringify({ kind: 'ConfigMap', metadata: { name: 'huge' }, data: { x: 'x'.repeat(1_100_000) } }) }, // 11
        { ref: pod('default', 'web-3'), node: '' }, // 12
      ),
    );
    ({ stop: stopRelay } = relayFor(bus, source));
    await waitUntil(async () => (await readStreamBounds(bus.conn)).lastRevision === 12, 20_000, 'the relay to publish 12 revisions');
  });

  afterEach(async () => {
    await Promise.all(subs.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await stopRelay?.();
    await bus?.cleanup();
  });

  it('delivers every event after the resume revision, in order, without gap fillers', async () => {
    const events = await collect(await subscribe({ fromRevision: 0 }), 12);
    expect(events.map((e) => e.revision)).toEqual([1, 2, 3, 5, 6, 7, 10, 11, 12]);
    expect(events.map((e) => [e.revision, e.type, e.uid])).toEqual(records.map((r) => [r.revision, r.type, r.uid]));

    const resumed = await collect(await subscribe({ fromRevision: 6 }), 12);
    expect(resumed.map((e) => e.revision)).toEqual([7, 10, 11, 12]);
    const fromFiller = await collect(await subscribe({ fromRevision: 8 }), 12);
    expect(fromFiller.map((e) => e.revision)).toEqual([10, 11, 12]);
  });

  it('decodes refs, nodes, headers, and stamps resourceVersion on the object', async () => {
    const [first, second] = await collect(await subscribe({ fromRevision: 0 }), 2);
    expect(first).toEqual({
      type: 'ADDED',
      revision: 1,
      ref: pod('default', 'web-1'),
      node: 'node-a',
      uid: records[0]!.uid,
      object: { ...JSON.parse(records[0]!.objectJson), metadata: { ...JSON.parse(records[0]!.objectJson).metadata, resourceVersion: '1' } },
      oversize: false,
      traceparent,
      actor: 'alice',
      impersonator: 'bob',
    });
    expect(second!.traceparent).toBeUndefined();
    expect(second!.object?.metadata?.resourceVersion).toBe('2');
  });

  it('filters by resource, namespace and node with wildcards in the middle', async () => {
    const byNode = await collect(await subscribe({ fromRevision: 0, filter: { group: '', resource: 'pods', node: 'node-a' } }), 10);
    expect(byNode.map((e) => e.revision)).toEqual([1, 5, 10]);
    expect(byNode.every((e) => e.node === 'node-a' && e.ref.resource === 'pods')).toBe(true);

    const byNamespace = await collect(await subscribe({ fromRevision: 0, filter: { namespace: 'kube-system' } }), 6);
    expect(byNamespace.map((e) => [e.revision, e.ref.resource])).toEqual([
      [3, 'configmaps'],
      [5, 'pods'],
      [6, 'deployments'],
    ]);

    const configMaps = await collect(await subscribe({ fromRevision: 3, filter: { group: '', resource: 'configmaps' } }), 11);
    expect(configMaps.map((e) => e.revision)).toEqual([11]);

    const unscheduled = await collect(await subscribe({ fromRevision: 0, filter: { resource: 'pods', node: '' } }), 12);
    expect(unscheduled.map((e) => e.revision)).toEqual([12]);

    const clusterScoped = await collect(await subscribe({ fromRevision: 0, filter: { group: '', resource: 'nodes', namespace: '' } }), 7);
    expect(clusterScoped.map((e) => e.ref)).toEqual([{ group: '', resource: 'nodes', namespace: '', name: 'node-a' }]);
  });

  it('marks an oversize event with a null object', async () => {
    const [huge] = await collect(await subscribe({ fromRevision: 10, filter: { resource: 'configmaps' } }), 11);
    expect(huge).toMatchObject({ revision: 11, oversize: true, object: null, type: 'ADDED', ref: cm('default', 'huge') });
  });

  it('starts after a resume revision beyond the stream head, not at the head (2.9 clamps the start)', async () => {
    const sub = await subscribe({ fromRevision: 14 });
    source.burn(); // 13
    source.burn(); // 14
    const [late] = source.append({ ref: pod('default', 'late'), node: 'node-b' }); // 15
    const events = await collect(sub, 15);
    expect(events.map((e) => e.revision)).toEqual([late!.revision]);
    expect(late!.revision).toBe(15);
  });

  it('follows revisions published after it subscribed', async () => {
    const head = source.head;
    const sub = await subscribe({ fromRevision: head, filter: { resource: 'pods' } });
    const appended = source.append(...Array.from({ length: 20 }, (_, i) => ({ ref: pod('live', `p-${i}`), node: 'node-c' })));
    const events = await collect(sub, appended.at(-1)!.revision);
    expect(events.map((e) => e.revision)).toEqual(appended.map((r) => r.revision));
  });
});

describe('subscribeEvents when the consumer is recreated past a retention move', () => {
  it('throws StreamGapError instead of silently skipping to the new first sequence', async () => {
    const bus = await createTestBus();
    const source = new InMemoryRelaySource();
    const { stop } = relayFor(bus, source);
    try {
      source.append(...Array.from({ length: 3 }, (_, i) => ({ ref: pod('default', `p-${i}`) })));
      const sub = await subscribeEvents(bus.conn, { fromRevision: 0, filter: { resource: 'pods' }, expiresMs: 2_000 });
      const seen: Revision[] = [];
      const outcome = (async () => {
        for await (const event of sub) {
          seen.push(event.revision);
          if (event.revision === 3) {
            // The consumer vanishes (server restart, inactivity); meanwhile 4..8 arrive and 4..5 expire.
            for (const c of await bus.conn.jsm.consumers.list(bus.config.stream).next()) await bus.conn.jsm.consumers.delete(bus.config.stream, c.name);
            source.append(...Array.from({ length: 5 }, (_, i) => ({ ref: pod('default', `q-${i}`) })));
            await waitUntil(async () => (await readStreamBounds(bus.conn)).lastRevision === 8, 20_000, 'revision 8');
            await bus.conn.jsm.streams.purge(bus.config.stream, { seq: 6 });
          }
          if (event.revision >= 8) break;
        }
      })().then(
        () => undefined,
        (err: unknown) => err,
      );
      // nats.js notices after two missed idle heartbeats (about 1 s) and recreates the consumer at its cursor.
      const err = await outcome;
      await sub.close();
      expect(seen).toEqual([1, 2, 3]);
      expect(err).toMatchObject({ name: 'StreamGapError', requested: 4, firstAvailable: 6 });
    } finally {
      await stop();
      await bus.cleanup();
    }
  });
});

describe('subscribeEvents against a stream that lost its oldest revisions', () => {
  let bus: TestBus;

  beforeAll(async () => {
    bus = await createTestBus();
    const source = new InMemoryRelaySource();
    source.append(...Array.from({ length: 10 }, (_, i) => ({ ref: pod('default', `p-${i}`) })));
    const { stop } = relayFor(bus, source);
    await waitUntil(async () => (await readStreamBounds(bus.conn)).lastRevision === 10, 20_000, 'revision 10');
    await stop();
    // Retention moved the stream's start: revisions 1..6 are gone (a purge below the last sequence keeps the fence intact).
    await bus.conn.jsm.streams.purge(bus.config.stream, { seq: 7 });
  });

  afterAll(async () => {
    await bus?.cleanup();
  });

  it('throws StreamGapError naming the first revision still available', async () => {
    const err = await subscribeEvents(bus.conn, { fromRevision: 2 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StreamGapError);
    expect(isStreamGapError(err)).toBe(true);
    expect(err).toMatchObject({ name: 'StreamGapError', requested: 3, firstAvailable: 7 });
    await expect(subscribeEvents(bus.conn, { fromRevision: 5, filter: { resource: 'pods' } })).rejects.toMatchObject({ firstAvailable: 7 });
  });

  it('subscribes from the revision just before the first one available', async () => {
    const sub = await subscribeEvents(bus.conn, { fromRevision: 6 });
    const events = await collect(sub, 10);
    expect(events.map((e) => e.revision)).toEqual([7, 8, 9, 10]);
  });

  it('leaves no consumer behind after a refused subscription', async () => {
    await subscribeEvents(bus.conn, { fromRevision: 0 }).catch(() => undefined);
    const info = await bus.conn.jsm.streams.info(bus.config.stream);
    expect(info.state.consumer_count).toBe(0);
  });
});
