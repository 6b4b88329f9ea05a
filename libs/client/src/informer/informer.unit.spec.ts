import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject, ObjectRef } from '@kubeledger/api';
import { waitUntil } from '@kubeledger/bus/testing';
import { deletedObject, isDeletedFinalStateUnknown, type EventHandler } from './event-handler.js';
import { IndexNames, namespaceIndexer, nodeNameIndexer } from './indexers.js';
import { Informer, InformerStoppedError, type InformerOptions } from './informer.js';
import { InMemoryEventLog } from './testing/in-memory-event-log.js';
import { waitForCacheSync } from './wait-for-cache-sync.js';

const podRef = (namespace: string, name: string): ObjectRef => ({ group: '', resource: 'pods', namespace, name });
const pod = (namespace: string, name: string, extra: { node?: string; labels?: Record<string, string>; image?: string } = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace, name, uid: `uid-${name}`, ...(extra.labels && { labels: extra.labels }) },
  spec: { ...(extra.node && { nodeName: extra.node }), containers: [{ name: 'c', image: extra.image ?? 'busybox' }] },
});
const addPod = (log: InMemoryEventLog, namespace: string, name: string, extra: Parameters<typeof pod>[2] & { type?: 'ADDED' | 'MODIFIED' | 'DELETED' } = {}) =>
  log.append({ ref: podRef(namespace, name), node: extra.node ?? '', type: extra.type ?? 'ADDED', object: pod(namespace, name, extra) })[0]!;

/** Every notification as one line: `add ns/name@rv (initial)`, `update ns/name rv->rv`, `delete ns/name@rv`, `delete? ns/name@rv`. */
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

describe('Informer (in-memory bus and lister)', () => {
  const informers: Informer[] = [];
  const make = ({ log, ...options }: Omit<InformerOptions, 'bus' | 'log'> & { log: InMemoryEventLog }) => {
    const logLines: string[] = [];
    const informer = new Informer({ bus: log.subscribe, backoff: { initialMs: 5, maxMs: 20 }, log: (m) => void logLines.push(m), ...options });
    informers.push(informer);
    return Object.assign(informer, { logLines });
  };

  afterEach(async () => {
    await Promise.all(informers.splice(0).map((i) => i.stop()));
  });

  it('delivers the initial list as adds, then follows events in revision order', async () => {
    const log = new InMemoryEventLog();
    addPod(log, 'default', 'a'); // 1
    addPod(log, 'default', 'b'); // 2
    const informer = make({ log, lister: log.lister(), filter: { group: '', resource: 'pods' } });
    const { lines, handler } = recorder();
    informer.addEventHandler(handler);
    expect(informer.hasSynced()).toBe(false);
    await informer.start();
    expect(informer.hasSynced()).toBe(true);
    expect(informer.lastSyncRevision).toBe(2);
    expect(lines).toEqual(['add default/a@1 (initial)', 'add default/b@2 (initial)']);

    addPod(log, 'default', 'c'); // 3
    addPod(log, 'default', 'a', { type: 'MODIFIED', image: 'nginx' }); // 4
    addPod(log, 'default', 'b', { type: 'DELETED' }); // 5
    await waitUntil(() => informer.lastSyncRevision === 5, 2000, 'revision 5');
    expect(lines.slice(2)).toEqual(['add default/c@3', 'update default/a@1 -> 4', 'delete default/b@5']);
    expect(informer.list().map((o) => o.metadata?.name).sort()).toEqual(['a', 'c']);
    expect((informer.get('default', 'a')?.['spec'] as { containers: { image: string }[] }).containers[0]!.image).toBe('nginx');
    expect(informer.get('default', 'b')).toBeUndefined();
    expect(informer.stats).toMatchObject({ lists: 1, subscriptions: 1, events: 3 });
  });

  it('passes the revision and traceparent of bus events to handlers', async () => {
    const log = new InMemoryEventLog();
    const informer = make({ log, lister: log.lister(), filter: {} });
    const contexts: unknown[] = [];
    informer.addEventHandler({ onAdd: (_o, _i, ctx) => contexts.push(ctx) });
    await informer.start();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    log.append({ ref: podRef('default', 'traced'), traceparent });
    await waitUntil(() => contexts.length === 1, 2000, 'the add');
    expect(contexts).toEqual([{ revision: 1, traceparent }]);
  });

  it('keeps indexes current, by node and by namespace', async () => {
    const log = new InMemoryEventLog();
    addPod(log, 'default', 'a', { node: 'n1' });
    addPod(log, 'kube-system', 'b');
    const informer = make({
      log,
      lister: log.lister(),
      filter: { group: '', resource: 'pods' },
      indexers: { [IndexNames.nodeName]: nodeNameIndexer(), [IndexNames.namespace]: namespaceIndexer() },
    });
    await informer.start();
    expect(informer.byIndex('spec.nodeName', 'n1').map((o) => o.metadata?.name)).toEqual(['a']);
    expect(informer.byIndex('spec.nodeName', '').map((o) => o.metadata?.name)).toEqual(['b']);
    addPod(log, 'kube-system', 'b', { type: 'MODIFIED', node: 'n2' });
    await waitUntil(() => informer.lastSyncRevision === 3, 2000, 'the binding');
    expect(informer.byIndex('spec.nodeName', '')).toEqual([]);
    expect(informer.byIndex('spec.nodeName', 'n2').map((o) => o.metadata?.name)).toEqual(['b']);
    expect(informer.byIndex('namespace', 'kube-system').map((o) => o.metadata?.name)).toEqual(['b']);
    expect(informer.list('default').map((o) => o.metadata?.name)).toEqual(['a']);
    expect(() => informer.byIndex('nope', 'x')).toThrow(/no index named "nope"/);
  });

  it('treats objects that stop matching as deletes and ones that start matching as adds', async () => {
    const log = new InMemoryEventLog();
    addPod(log, 'default', 'web', { labels: { app: 'web' } }); // 1
    addPod(log, 'default', 'db', { labels: { app: 'db' } }); // 2
    const matches = (o: KubeObject) => o.metadata?.labels?.['app'] === 'web';
    const informer = make({ log, lister: log.lister(matches), matches, filter: { resource: 'pods' } });
    const { lines, handler } = recorder();
    informer.addEventHandler(handler);
    await informer.start();
    addPod(log, 'default', 'db', { type: 'MODIFIED', labels: { app: 'db', tier: 'x' } }); // 3: not ours, ignored
    addPod(log, 'default', 'web', { type: 'MODIFIED', labels: { app: 'other' } }); // 4: leaves
    addPod(log, 'default', 'db', { type: 'MODIFIED', labels: { app: 'web' } }); // 5: joins
    addPod(log, 'default', 'web', { type: 'DELETED', labels: { app: 'other' } }); // 6: not cached, ignored
    await waitUntil(() => informer.lastSyncRevision === 6, 2000, 'revision 6');
    // The delete carries the last state the informer had, at the revision it left.
    expect(lines).toEqual(['add default/web@1 (initial)', 'delete default/web@4', 'add default/db@5']);
    expect(informer.listKeys()).toEqual(['default/db']);
  });

  it('never goes backwards: an event older than the cached object is ignored (an oversize event read at a later state)', async () => {
    const log = new InMemoryEventLog();
    addPod(log, 'default', 'big'); // 1
    const lister = log.lister();
    const informer = make({ log, lister, filter: {} });
    const { lines, handler } = recorder();
    informer.addEventHandler(handler);
    await informer.start();
    // Revision 2 is too large for the bus; by the time the informer reads it, revision 3 changed it again.
    log.append({ ref: podRef('default', 'big'), type: 'MODIFIED', oversize: true, object: pod('default', 'big', { image: 'v2' }) }); // 2
    log.append({ ref: podRef('default', 'big'), type: 'MODIFIED', object: pod('default', 'big', { image: 'v3' }) }); // 3
    addPod(log, 'default', 'other'); // 4
    await waitUntil(() => informer.lastSyncRevision === 4, 2000, 'revision 4');
    expect(lister.gets).toBe(1);
    expect(lines).toEqual(['add default/big@1 (initial)', 'update default/big@1 -> 3', 'add default/other@4']);
  });

  it('relists when an oversize event arrives and the lister cannot get one object', async () => {
    const log = new InMemoryEventLog();
    const lister = log.lister();
    const informer = make({ log, lister: lister.withoutGet(), filter: {} });
    const { lines, handler } = recorder();
    informer.addEventHandler(handler);
    await informer.start();
    log.append({ ref: podRef('default', 'big'), oversize: true, object: pod('default', 'big') }); // 1
    await waitUntil(() => informer.stats.lists === 2 && lines.length === 1, 2000, 'a relist');
    expect(lines).toEqual(['add default/big@1']);
  });

  it('relists on a stream gap and notifies only the differences, vanished objects as DeletedFinalStateUnknown', async () => {
    const log = new InMemoryEventLog();
    addPod(log, 'default', 'kept'); // 1
    addPod(log, 'default', 'changed'); // 2
    addPod(log, 'default', 'vanished'); // 3
    const informer = make({ log, lister: log.lister(), filter: { resource: 'pods' } });
    const { lines, handler } = recorder();
    informer.addEventHandler(handler);
    await informer.start();
    // The connection breaks; before the informer is back, revisions 4..6 come and go from the stream.
    log.fail();
    addPod(log, 'default', 'changed', { type: 'MODIFIED', image: 'v2' }); // 4
    addPod(log, 'default', 'vanished', { type: 'DELETED' }); // 5
    addPod(log, 'default', 'new'); // 6
    log.purge(7);
    await waitUntil(() => informer.stats.lists === 2, 2000, 'the relist');
    expect(lines).toEqual([
      'add default/changed@2 (initial)',
      'add default/kept@1 (initial)',
      'add default/vanished@3 (initial)',
      'delete? default/vanished@3',
      'update default/changed@2 -> 4',
      'add default/new@6',
    ]);
    expect(informer.lastSyncRevision).toBe(6);
    expect(informer.logLines.some((l) => /relisting: revisions 4\.\.6 are no longer in the stream/.test(l))).toBe(true);

    // A purge under a live subscription: its iteration ends with the gap, and the informer relists again.
    lines.length = 0;
    addPod(log, 'default', 'kept', { type: 'DELETED' }); // 7
    addPod(log, 'default', 'new', { type: 'MODIFIED', image: 'v2' }); // 8
    addPod(log, 'default', 'newer'); // 9
    log.purge(10);
    await waitUntil(() => informer.stats.lists === 3, 2000, 'the second relist');
    await waitUntil(() => informer.lastSyncRevision === 9, 2000, 'revision 9');
    // Whatever the subscription delivered before the purge came as events, the rest from the relist.
    const final = informer.list().map((o) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`).sort();
    expect(final).toEqual(['changed@4', 'new@8', 'newer@9']);
    expect(lines.filter((l) => l.includes('kept'))).toHaveLength(1);
  });

  it('relists when the first subscription finds the list revision already gone from the stream', async () => {
    const log = new InMemoryEventLog();
    addPod(log, 'default', 'a'); // 1
    addPod(log, 'default', 'b'); // 2
    const lister = log.lister();
    lister.revisionOverride = 1; // a server that answered at an older revision than the stream now holds
    log.purge(3);
    const informer = make({ log, lister, filter: {} });
    const listed = informer.start();
    await waitUntil(() => lister.calls.length >= 1, 2000, 'the first list');
    lister.revisionOverride = undefined;
    await listed;
    await waitUntil(() => informer.stats.lists === 2 && informer.stats.subscriptions === 1, 2000, 'the relist and a subscription');
    expect(informer.lastSyncRevision).toBe(2);
  });

  it('subscribes again from the last revision after the subscription fails, without relisting, losing or repeating events', async () => {
    const log = new InMemoryEventLog();
    addPod(log, 'default', 'a'); // 1
    const informer = make({ log, lister: log.lister(), filter: {} });
    const { lines, handler } = recorder();
    informer.addEventHandler(handler);
    await informer.start();
    addPod(log, 'default', 'b'); // 2
    await waitUntil(() => informer.lastSyncRevision === 2, 2000, 'revision 2');
    log.fail();
    addPod(log, 'default', 'c'); // 3
    addPod(log, 'default', 'b', { type: 'MODIFIED' }); // 4
    await waitUntil(() => informer.lastSyncRevision === 4, 2000, 'revision 4');
    log.fail(new Error('consumer deleted'));
    log.fail(new Error('again'));
    addPod(log, 'default', 'd'); // 5
    await waitUntil(() => informer.lastSyncRevision === 5, 2000, 'revision 5');
    expect(lines).toEqual(['add default/a@1 (initial)', 'add default/b@2', 'add default/c@3', 'update default/b@2 -> 4', 'add default/d@5']);
    expect(informer.stats).toMatchObject({ lists: 1, subscriptions: 3 });
    expect(log.subscribeCalls).toBe(3);
    expect(informer.logLines.filter((l) => /subscription failed, subscribing again from revision (2|4)/.test(l))).toHaveLength(2);
  });

  it('retries a failing list with backoff, and starts over unpaginated when a continue token expired', async () => {
    const log = new InMemoryEventLog();
    for (let i = 0; i < 5; i++) addPod(log, 'default', `p${i}`);
    const lister = log.lister();
    lister.failNext = 2;
    lister.expireNextContinue = true;
    const informer = make({ log, lister, filter: {}, pageSize: 2 });
    await informer.start();
    expect(informer.list()).toHaveLength(5);
    expect(lister.calls.map((c) => [c.limit, c.continue !== undefined])).toEqual([
      [2, false], // fails
      [2, false], // fails
      [2, false],
      [2, true], // expired
      [undefined, false], // one full list
    ]);
    expect(informer.logLines.filter((l) => /list failed, retrying in \d+ ms: connect ECONNREFUSED/.test(l))).toHaveLength(2);
    expect(informer.lastSyncRevision).toBe(5);
  });

  it('follows continue tokens and keeps the first page revision', async () => {
    const log = new InMemoryEventLog();
    for (let i = 0; i < 5; i++) addPod(log, 'default', `p${i}`);
    const lister = log.lister();
    const informer = make({ log, lister, filter: {}, pageSize: 2 });
    await informer.start();
    expect(lister.calls.map((c) => c.limit)).toEqual([2, 2, 2]);
    expect(informer.list()).toHaveLength(5);
  });

  it('resyncs: onUpdate(o, o) for every cached object each period', async () => {
    const log = new InMemoryEventLog();
    addPod(log, 'default', 'a');
    addPod(log, 'default', 'b');
    const informer = make({ log, lister: log.lister(), filter: {}, resyncPeriodMs: 40 });
    const { lines, handler } = recorder();
    informer.addEventHandler(handler);
    await informer.start();
    await waitUntil(() => informer.stats.resyncs >= 2, 2000, 'two resyncs');
    expect(lines.slice(2, 6)).toEqual(['resync default/a@1', 'resync default/b@2', 'resync default/a@1', 'resync default/b@2']);
    await informer.stop();
    const after = informer.stats.resyncs;
    await new Promise((r) => setTimeout(r, 100));
    expect(informer.stats.resyncs).toBe(after);
  });

  it('gives a handler added later the cached objects as adds, and isolates throwing handlers', async () => {
    const log = new InMemoryEventLog();
    addPod(log, 'default', 'a');
    const informer = make({ log, lister: log.lister(), filter: {} });
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('boom');
      },
    });
    await informer.start();
    const late = recorder();
    const registration = informer.addEventHandler(late.handler);
    expect(late.lines).toEqual(['add default/a@1 (initial)']);
    addPod(log, 'default', 'b'); // 2
    await waitUntil(() => late.lines.length === 2, 2000, 'the add');
    registration.remove();
    addPod(log, 'default', 'c'); // 3
    await waitUntil(() => informer.lastSyncRevision === 3, 2000, 'revision 3');
    expect(late.lines).toEqual(['add default/a@1 (initial)', 'add default/b@2']);
    expect(informer.logLines.filter((l) => /onAdd handler threw: boom/.test(l))).toHaveLength(3);
  });

  it('counts gap fillers as seen, so it resumes after them', async () => {
    const log = new InMemoryEventLog();
    const informer = make({ log, lister: log.lister(), filter: {} });
    await informer.start();
    log.burn(); // 1
    log.burn(); // 2
    await waitUntil(() => informer.lastSyncRevision === 2, 2000, 'revision 2');
  });

  it('keys cluster-scoped objects by name', async () => {
    const log = new InMemoryEventLog();
    log.append({ ref: { group: '', resource: 'nodes', namespace: '', name: 'n1' } });
    const informer = make({ log, lister: log.lister(), filter: { resource: 'nodes' } });
    await informer.start();
    expect(informer.listKeys()).toEqual(['n1']);
    expect(informer.get('', 'n1')?.metadata?.name).toBe('n1');
    expect(informer.getByKey('n1')).toBe(informer.get('', 'n1'));
  });

  it('rejects start() when stopped before it synced; waitForCacheSync says whether all synced', async () => {
    const log = new InMemoryEventLog();
    const lister = log.lister();
    lister.failNext = 1000;
    const stuck = make({ log, lister, filter: {} });
    const ok = make({ log, lister: log.lister(), filter: {} });
    void ok.start();
    const starting = stuck.start();
    expect(await waitForCacheSync(ok)).toBe(true);
    const waiting = waitForCacheSync(ok, stuck);
    await stuck.stop();
    await expect(starting).rejects.toBeInstanceOf(InformerStoppedError);
    expect(await waiting).toBe(false);
    expect(stuck.hasSynced()).toBe(false);
    await expect(stuck.start()).rejects.toBeInstanceOf(InformerStoppedError);
  });

  it('stops: closes its subscription and delivers nothing more', async () => {
    const log = new InMemoryEventLog();
    const informer = make({ log, lister: log.lister(), filter: {} });
    const { lines, handler } = recorder();
    informer.addEventHandler(handler);
    await informer.start();
    expect(log.openSubscriptions).toBe(1);
    await informer.stop();
    expect(log.openSubscriptions).toBe(0);
    addPod(log, 'default', 'late');
    await new Promise((r) => setTimeout(r, 20));
    expect(lines).toEqual([]);
  });
});
