import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseObjectSubject, withResourceVersion, type KubeObject, type ObjectRef, type Revision } from '@kubeledger/api';
import { connectBus, readStreamBounds, Relay, subscribeEvents, type BusConnection, type BusEvent, type SubjectFilter } from '@kubeledger/bus';
import {
  createTestBus,
  InMemoryLeaderLock,
  InMemoryRelaySource,
  startNatsServer,
  waitUntil,
  type AppendInput,
  type TestBus,
  type TestNatsServer,
} from '@kubeledger/bus/testing';
import { deletedObject, isDeletedFinalStateUnknown, type EventHandler } from './event-handler.js';
import { IndexNames, nodeNameIndexer } from './indexers.js';
import { Informer, type EventSource, type InformerOptions } from './informer.js';
import type { ListPage, Lister } from './lister.js';
import { objectStoreKey } from './object-store.js';

// The informer against real NATS: the relay publishes an in-memory log (stream sequence ==
// revision), and a lister serves that log's state, as the apiserver would over REST.

const podRef = (namespace: string, name: string): ObjectRef => ({ group: '', resource: 'pods', namespace, name });
const podObject = (namespace: string, name: string, node = '', image = 'busybox'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace, name, uid: `uid-${namespace}-${name}` },
  spec: { ...(node && { nodeName: node }), containers: [{ name: 'c', image }] },
});
/** A pod event, its subject's node token the pod's `spec.nodeName`, as the apiserver publishes it. */
const podEvent = (namespace: string, name: string, node = '', type: AppendInput['type'] = 'ADDED', image?: string): AppendInput => ({
  ref: podRef(namespace, name),
  node,
  type,
  object: podObject(namespace, name, node, image),
});

/** The log's state at a revision, as a LIST of the apiserver gives it; `get` reads the head. */
class LogLister implements Lister {
  readonly #source: InMemoryRelaySource;
  readonly #select: (ref: ObjectRef, node: string) => boolean;
  lists = 0;
  gets = 0;
  /** Answer at this revision instead of the head (a list that raced retention). */
  atRevision: Revision | undefined;

  constructor(source: InMemoryRelaySource, select: (ref: ObjectRef, node: string) => boolean = () => true) {
    this.#source = source;
    this.#select = select;
  }

  async list(): Promise<ListPage> {
    this.lists++;
    const revision = this.atRevision ?? this.#source.head;
    return { items: [...this.#state(revision).values()], resourceVersion: String(revision) };
  }

  async get(namespace: string, name: string): Promise<KubeObject | undefined> {
    this.gets++;
    return this.#state(this.#source.head).get(objectStoreKey(namespace, name));
  }

  #state(revision: Revision): Map<string, KubeObject> {
    const state = new Map<string, KubeObject>();
    for (const record of this.#source.records) {
      if (record.revision > revision) break;
      const { ref, node } = parseObjectSubject(record.subject);
      const key = `${ref.group}/${ref.resource}/${objectStoreKey(ref.namespace, ref.name)}`;
      if (record.type === 'DELETED' || !this.#select(ref, node)) state.delete(key);
      else state.set(key, withResourceVersion(JSON.parse(record.objectJson) as KubeObject, record.revision));
    }
    return new Map([...state.values()].map((o) => [objectStoreKey(o.metadata?.namespace, o.metadata!.name!), o]));
  }
}

const onlyPods = (ref: ObjectRef) => ref.group === '' && ref.resource === 'pods';

/** Every notification as a line: `add ns/name@rv`, `update ns/name@rv -> rv`, `delete ns/name@rv`, `delete? ns/name@rv`, `resync ns/name@rv`. */
function recorder(): { lines: string[]; handler: EventHandler } {
  const lines: string[] = [];
  const id = (o: KubeObject) => `${o.metadata?.namespace}/${o.metadata?.name}@${o.metadata?.resourceVersion}`;
  return {
    lines,
    handler: {
      onAdd: (o, initial) => lines.push(`add ${id(o)}${initial ? ' (initial)' : ''}`),
      onUpdate: (old, now) => lines.push(old === now ? `resync ${id(now)}` : `update ${id(old)} -> ${now.metadata?.resourceVersion}`),
      onDelete: (o) => lines.push(`${isDeletedFinalStateUnknown(o) ? 'delete?' : 'delete'} ${id(deletedObject(o))}`),
    },
  };
}

/** `subscribeEvents` on `conn`, keeping every event the informer consumed. */
function recordingSource(conn: BusConnection, consumed: BusEvent[]): EventSource {
  return async (options) => {
    const sub = await subscribeEvents(conn, options);
    return {
      close: () => sub.close(),
      async *[Symbol.asyncIterator]() {
        for await (const event of sub) {
          consumed.push(event);
          yield event;
        }
      },
    };
  };
}

/**
 * `subscribeEvents` with a switch: `cut()` makes the current subscription fail (a lost
 * connection, as the informer sees it) and holds new subscriptions until `restore()`.
 */
function cuttableSource(conn: BusConnection): { source: EventSource; cut(): Promise<void>; restore(): void } {
  let held: Promise<void> | undefined;
  let release: (() => void) | undefined;
  let fail: ((err: Error) => void) | undefined;
  const source: EventSource = async (options) => {
    await held;
    const sub = await subscribeEvents(conn, options);
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    return {
      close: () => sub.close(),
      async *[Symbol.asyncIterator]() {
        const it = sub[Symbol.asyncIterator]();
        try {
          for (;;) {
            const next = await Promise.race([it.next(), failed]);
            if (next.done) return;
            yield next.value;
          }
        } finally {
          await sub.close();
        }
      },
    };
  };
  return {
    source,
    async cut() {
      held = new Promise((resolve) => (release = resolve));
      fail?.(new Error('event subscription ended: the NATS connection closed'));
      await new Promise((r) => setTimeout(r, 50));
    },
    restore: () => release?.(),
  };
}

function startRelay(conn: BusConnection, source: InMemoryRelaySource): () => Promise<void> {
  const relay = new Relay({ bus: conn, source, lock: new InMemoryLeaderLock(), holder: 'informer-test', idlePollMs: 2 });
  const running = relay.start();
  return async () => void (await relay.stop(), await running);
}

const published = (conn: BusConnection, revision: Revision) =>
  waitUntil(async () => (await readStreamBounds(conn).catch(() => ({ lastRevision: 0 }))).lastRevision >= revision, 20_000, `the relay to publish revision ${revision}`);

describe('Informer on NATS JetStream', () => {
  let bus: TestBus;
  let source: InMemoryRelaySource;
  let stopRelay: () => Promise<void>;
  const informers: Informer[] = [];
  const start = async (options: Omit<InformerOptions, 'bus'> & { bus?: InformerOptions['bus'] }, handler?: EventHandler) => {
    const logLines: string[] = [];
    const informer = new Informer({ bus: bus.conn, log: (m) => void logLines.push(m), backoff: { initialMs: 50, maxMs: 1000 }, ...options });
    informers.push(informer);
    if (handler) informer.addEventHandler(handler);
    await informer.start();
    return Object.assign(informer, { logLines });
  };

  beforeAll(async () => {
    bus = await createTestBus();
  });

  afterEach(async () => {
    await Promise.all(informers.splice(0).map((i) => i.stop()));
    await stopRelay?.();
  });

  afterAll(async () => {
    await bus?.cleanup();
  });

  /** A fresh log for one test: revisions continue where the stream is. */
  async function freshSource(): Promise<InMemoryRelaySource> {
    source = new InMemoryRelaySource();
    const { lastRevision } = await readStreamBounds(bus.conn);
    if (lastRevision > 0) source.burn(lastRevision);
    stopRelay = startRelay(bus.conn, source);
    return source;
  }

  it('lists, then applies later events in revision order (gap fillers, other resources and oversize objects included)', async () => {
    await freshSource();
    const [a, b] = source.append(podEvent('default', 'a'), podEvent('default', 'b'));
    source.append({ ref: { group: '', resource: 'configmaps', namespace: 'default', name: 'settings' } });
    await published(bus.conn, source.head);
    const lister = new LogLister(source, onlyPods);
    const { lines, handler } = recorder();
    const informer = await start({ lister, filter: { group: '', resource: 'pods' } }, handler);
    const listedAt = source.head;
    expect(informer.lastSyncRevision).toBe(listedAt);
    expect(lines).toEqual([`add default/a@${a!.revision} (initial)`, `add default/b@${b!.revision} (initial)`]);

    const [c] = source.append(podEvent('default', 'c', 'n1'));
    source.burn();
    const [aModified] = source.append(podEvent('default', 'a', 'n2', 'MODIFIED', 'nginx'));
    source.append({ ref: { group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' } });
    const [bDeleted] = source.append(podEvent('default', 'b', '', 'DELETED'));
    const big = podObject('default', 'big');
    const [bigAdded] = source.append({ ref: podRef('default', 'big'), objectJson: JSON.stringify({ ...big, data: 'x'.repeat(1_100_000) }) });
    const [d] = source.append(podEvent('default', 'd'));
    await waitUntil(() => informer.lastSyncRevision >= d!.revision, 20_000, `revision ${d!.revision}`);
    expect(lines.slice(2)).toEqual([
      `add default/c@${c!.revision}`,
      `update default/a@${a!.revision} -> ${aModified!.revision}`,
      `delete default/b@${bDeleted!.revision}`,
      `add default/big@${bigAdded!.revision}`,
      `add default/d@${d!.revision}`,
    ]);
    expect(lister.gets).toBe(1); // the oversize pod was read over "REST"
    expect(informer.list().map((o) => o.metadata?.name).sort()).toEqual(['a', 'big', 'c', 'd']);
    expect(informer.stats).toMatchObject({ lists: 1, subscriptions: 1 });
  });

  it('with a filter on node n1, consumes only the pods bound to n1', async () => {
    await freshSource();
    source.append(podEvent('default', 'on-n1', 'n1'), podEvent('default', 'on-n2', 'n2'), podEvent('default', 'pending'));
    await published(bus.conn, source.head);
    const consumed: BusEvent[] = [];
    const filter: SubjectFilter = { group: '', resource: 'pods', node: 'n1' };
    const { lines, handler } = recorder();
    const informer = await start(
      { lister: new LogLister(source, (ref, node) => onlyPods(ref) && node === 'n1'), bus: recordingSource(bus.conn, consumed), filter, indexers: { [IndexNames.nodeName]: nodeNameIndexer() } },
      handler,
    );
    expect(lines).toEqual([expect.stringMatching(/^add default\/on-n1@\d+ \(initial\)$/)]);

    source.append(podEvent('default', 'other-n2', 'n2'));
    const [bound] = source.append(podEvent('default', 'pending', 'n1', 'MODIFIED')); // the binding: now on n1's subject
    source.append(podEvent('default', 'on-n2', 'n2', 'MODIFIED', 'nginx'), podEvent('default', 'on-n2', 'n2', 'DELETED'));
    const [updated] = source.append(podEvent('default', 'on-n1', 'n1', 'MODIFIED', 'nginx'));
    const [deleted] = source.append(podEvent('default', 'pending', 'n1', 'DELETED'));
    source.append(podEvent('default', 'late-n2', 'n2'));
    await waitUntil(() => informer.lastSyncRevision >= deleted!.revision, 20_000, `revision ${deleted!.revision}`);
    await published(bus.conn, source.head);
    await new Promise((r) => setTimeout(r, 200)); // time for anything else to (wrongly) arrive

    expect(consumed.map((e) => [e.revision, e.ref.name, e.node])).toEqual([
      [bound!.revision, 'pending', 'n1'],
      [updated!.revision, 'on-n1', 'n1'],
      [deleted!.revision, 'pending', 'n1'],
    ]);
    expect(lines.slice(1)).toEqual([
      `add default/pending@${bound!.revision}`, // a MODIFIED for an object the informer did not have
      expect.stringMatching(new RegExp(`^update default/on-n1@\\d+ -> ${updated!.revision}$`)),
      `delete default/pending@${deleted!.revision}`,
    ]);
    expect(informer.byIndex(IndexNames.nodeName, 'n1').map((o) => o.metadata?.name)).toEqual(['on-n1']);
    expect(informer.byIndex(IndexNames.nodeName, 'n2')).toEqual([]);
  });

  it('recovers when its consumer is deleted, without losing or repeating an event', async () => {
    await freshSource();
    source.append(podEvent('default', 'first'));
    await published(bus.conn, source.head);
    const consumed: BusEvent[] = [];
    const { lines, handler } = recorder();
    const informer = await start(
      { lister: new LogLister(source, onlyPods), bus: recordingSource(bus.conn, consumed), filter: { group: '', resource: 'pods' }, subscribe: { expiresMs: 2_000 } },
      handler,
    );
    const before = source.append(podEvent('default', 'p1'), podEvent('default', 'p2'));
    await waitUntil(() => informer.lastSyncRevision >= before.at(-1)!.revision, 20_000, 'the first events');

    for (const c of await bus.conn.jsm.consumers.list(bus.config.stream).next()) await bus.conn.jsm.consumers.delete(bus.config.stream, c.name);
    const after = source.append(...Array.from({ length: 20 }, (_, i) => podEvent('default', `q${i}`)));
    // Noticed after two missed idle heartbeats (about 1 s); the consumer is recreated at the cursor.
    await waitUntil(() => informer.lastSyncRevision >= after.at(-1)!.revision, 30_000, 'the events after the consumer was deleted');
    const revisions = consumed.map((e) => e.revision);
    expect(revisions).toEqual([...before, ...after].map((r) => r.revision));
    expect(lines.filter((l) => !l.includes('(initial)'))).toEqual([...before, ...after].map((r) => `add default/${JSON.parse(r.objectJson).metadata.name}@${r.revision}`));
    expect(informer.stats.lists).toBe(1);
  });

  it('recovers after its NATS connection drops (a forced reconnect), without losing or repeating an event', async () => {
    await freshSource();
    const conn = await connectBus(bus.config, { name: 'informer-reconnect-test' });
    try {
      const consumed: BusEvent[] = [];
      const informer = await start({ lister: new LogLister(source, onlyPods), bus: recordingSource(conn, consumed), filter: { group: '', resource: 'pods' }, subscribe: { expiresMs: 2_000 } });
      const before = source.append(podEvent('default', 'r1'));
      await waitUntil(() => informer.lastSyncRevision >= before[0]!.revision, 20_000, 'the first event');
      await conn.nc.reconnect();
      const after = source.append(...Array.from({ length: 20 }, (_, i) => podEvent('default', `s${i}`)));
      await waitUntil(() => informer.lastSyncRevision >= after.at(-1)!.revision, 30_000, 'the events after the reconnect');
      expect(consumed.map((e) => e.revision)).toEqual([...before, ...after].map((r) => r.revision));
      expect(informer.stats.lists).toBe(1);
      expect(informer.list()).toHaveLength(21);
    } finally {
      await Promise.all(informers.splice(0).map((i) => i.stop()));
      await conn.close();
    }
  });

  it('relists when the stream lost the revisions after its own while it was cut off', async () => {
    await freshSource();
    const [kept, changed, vanished] = source.append(podEvent('default', 'kept'), podEvent('default', 'changed'), podEvent('default', 'vanished'));
    await published(bus.conn, source.head);
    const lister = new LogLister(source, onlyPods);
    const { lines, handler } = recorder();
    const cut = cuttableSource(bus.conn);
    const informer = await start({ lister, bus: cut.source, filter: { group: '', resource: 'pods' } }, handler);
    expect(lines).toHaveLength(3);
    await waitUntil(() => informer.stats.subscriptions === 1, 10_000, 'the subscription');

    // Cut off (its subscription fails, and subscribing again waits); meanwhile three revisions
    // arrive and retention drops them: subscribing again from its revision is a StreamGapError.
    await cut.cut();
    const [changedAgain, vanishedGone, added] = source.append(
      podEvent('default', 'changed', '', 'MODIFIED', 'nginx'),
      podEvent('default', 'vanished', '', 'DELETED'),
      podEvent('default', 'new'),
    );
    const [last] = source.append({ ref: { group: '', resource: 'configmaps', namespace: 'default', name: 'after-purge' } });
    await published(bus.conn, last!.revision);
    await bus.conn.jsm.streams.purge(bus.config.stream, { seq: last!.revision });
    cut.restore();
    await waitUntil(() => informer.stats.lists === 2, 20_000, 'the relist').catch((err: Error) => {
      throw new Error(`${err.message}\n${JSON.stringify(informer.stats)}\n${informer.logLines.join('\n')}\n${lines.join('\n')}`);
    });

    expect(lines.slice(3)).toEqual([
      `delete? default/vanished@${vanished!.revision}`,
      `update default/changed@${changed!.revision} -> ${changedAgain!.revision}`,
      `add default/new@${added!.revision}`,
    ]);
    expect(vanishedGone!.revision).toBeLessThan(last!.revision);
    expect(informer.get('default', 'kept')?.metadata?.resourceVersion).toBe(String(kept!.revision));
    expect(informer.lastSyncRevision).toBe(last!.revision);
    expect(informer.logLines.some((l) => /subscription failed, subscribing again from revision \d+/.test(l))).toBe(true);
    expect(informer.logLines.some((l) => /relisting: revisions \d+\.\.\d+ are no longer in the stream/.test(l))).toBe(true);

    // And it follows the stream again from the relist's revision.
    const [next] = source.append(podEvent('default', 'after-relist'));
    await waitUntil(() => informer.get('default', 'after-relist') !== undefined, 20_000, 'an event after the relist');
    expect(lines.at(-1)).toBe(`add default/after-relist@${next!.revision}`);
  });

  it('relists when its first list is older than the stream (the list raced retention)', async () => {
    await freshSource();
    const [old] = source.append(podEvent('default', 'old'));
    const [gone] = source.append(podEvent('default', 'old', '', 'DELETED'));
    const [fresh] = source.append(podEvent('default', 'fresh'));
    await published(bus.conn, fresh!.revision);
    await bus.conn.jsm.streams.purge(bus.config.stream, { seq: fresh!.revision });
    const lister = new LogLister(source, onlyPods);
    lister.atRevision = old!.revision; // the first answer predates the stream's first revision
    const { lines, handler } = recorder();
    const informer = new Informer({ lister, bus: bus.conn, filter: { group: '', resource: 'pods' }, backoff: { initialMs: 50, maxMs: 500 } });
    informers.push(informer);
    informer.addEventHandler(handler);
    await informer.start();
    lister.atRevision = undefined;
    await waitUntil(() => informer.lastSyncRevision >= fresh!.revision, 20_000, 'the relist at the head');
    expect(lister.lists).toBeGreaterThanOrEqual(2);
    expect(lines).toEqual([`add default/old@${old!.revision} (initial)`, `delete? default/old@${old!.revision}`, `add default/fresh@${fresh!.revision}`]);
    expect(gone!.revision).toBeLessThan(fresh!.revision);
  });

  it('resyncs every cached object periodically', async () => {
    await freshSource();
    source.append(podEvent('default', 'x'), podEvent('default', 'y'));
    await published(bus.conn, source.head);
    const { lines, handler } = recorder();
    const informer = await start({ lister: new LogLister(source, onlyPods), filter: { group: '', resource: 'pods' }, resyncPeriodMs: 150 }, handler);
    await waitUntil(() => informer.stats.resyncs >= 2, 5_000, 'two resyncs');
    expect(lines.filter((l) => l.startsWith('resync')).slice(0, 4)).toEqual([
      expect.stringMatching(/^resync default\/x@\d+$/),
      expect.stringMatching(/^resync default\/y@\d+$/),
      expect.stringMatching(/^resync default\/x@\d+$/),
      expect.stringMatching(/^resync default\/y@\d+$/),
    ]);
  });
});

describe('Informer across a NATS server restart, as a kubelet with its own NATS user', () => {
  let server: TestNatsServer;

  beforeAll(async () => {
    server = await startNatsServer({ nodes: ['n1'] });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('keeps following its node pods: the consumer is lost with the server and recreated at its cursor', async () => {
    const relayConn = await connectBus(server.busConfig('kubeledger-apiserver'), { name: 'relay' });
    const kubeletConn = await connectBus(server.busConfig('kubeledger-kubelet-n1'), { name: 'kubelet-n1' });
    const source = new InMemoryRelaySource();
    const stopRelay = startRelay(relayConn, source);
    const consumed: BusEvent[] = [];
    const logLines: string[] = [];
    const informer = new Informer({
      lister: new LogLister(source, (ref, node) => onlyPods(ref) && node === 'n1'),
      bus: recordingSource(kubeletConn, consumed),
      filter: { group: '', resource: 'pods', node: 'n1' },
      subscribe: { expiresMs: 2_000 },
      backoff: { initialMs: 100, maxMs: 1_000 },
      log: (m) => void logLines.push(m),
    });
    try {
      source.append(podEvent('default', 'a', 'n1'), podEvent('default', 'b', 'n2'));
      await published(relayConn, source.head);
      await informer.start();
      expect(informer.listKeys()).toEqual(['default/a']);
      const before = source.append(podEvent('default', 'c', 'n1'));
      await waitUntil(() => informer.lastSyncRevision >= before[0]!.revision, 20_000, 'the first event');

      await server.restart();
      const after = source.append(podEvent('default', 'd', 'n2'), podEvent('default', 'e', 'n1'), podEvent('default', 'a', 'n1', 'DELETED'));
      await waitUntil(() => informer.lastSyncRevision >= after.at(-1)!.revision, 60_000, `revision ${after.at(-1)!.revision} after the restart\n${logLines.join('\n')}`);
      expect(consumed.map((e) => [e.revision, e.ref.name])).toEqual([
        [before[0]!.revision, 'c'],
        [after[1]!.revision, 'e'],
        [after[2]!.revision, 'a'],
      ]);
      expect(informer.listKeys().sort()).toEqual(['default/c', 'default/e']);
      expect(informer.stats.lists).toBe(1);
    } finally {
      await informer.stop();
      await stopRelay();
      await kubeletConn.close();
      await relayConn.close();
    }
  });
});
