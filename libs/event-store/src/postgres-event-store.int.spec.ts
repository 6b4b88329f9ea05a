import { sql, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, ObjectRef } from '@kubeledger/api';
import { isStorageError, type PostgresEventStore, type StorageErrorCode } from './index.js';
import { openTestStore, type TestStore } from './testing.js';

const ctx = { actor: { user: 'alice' } };
let seq = 0;
const uid = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
const pod = (name: string, namespace = 'default'): ObjectRef => ({ group: '', resource: 'pods', namespace, name });
const podObject = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: uid(), labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<StorageErrorCode> {
  try {
    await promise;
  } catch (err) {
    if (isStorageError(err)) return err.code;
    throw err;
  }
  throw new Error('expected the operation to fail');
}

describe('PostgresEventStore', () => {
  let t: TestStore;
  let store: PostgresEventStore;
  beforeAll(async () => {
    t = await openTestStore({}, 'store');
    store = t.store;
  });
  afterAll(() => t.cleanup());

  it('creates, reads and stamps resourceVersion with the revision', async () => {
    const before = await store.currentRevision();
    const created = await store.create({ ref: pod('a1'), object: { ...podObject('a1'), metadata: { ...podObject('a1').metadata, resourceVersion: '999' } } }, ctx);
    expect(created.revision).toBe(before + 1);
    expect(created.object.metadata?.resourceVersion).toBe(String(created.revision));
    const got = await store.get(pod('a1'));
    expect(got?.revision).toBe(created.revision);
    expect(got?.object.metadata?.resourceVersion).toBe(String(created.revision));
    expect(got?.object.spec).toEqual({ containers: [{ name: 'c', image: 'nginx' }] });
    expect(await store.get(pod('missing'))).toBeUndefined();
  });

  it('refuses a second create of a key without burning a revision', async () => {
    const first = await store.create({ ref: pod('dup'), object: podObject('dup') }, ctx);
    expect(await failure(store.create({ ref: pod('dup'), object: podObject('dup') }, ctx))).toBe('KeyExists');
    const next = await store.create({ ref: pod('dup2'), object: podObject('dup2') }, ctx);
    expect(next.revision).toBe(first.revision + 1);
  });

  it('applies optimistic concurrency on update and delete', async () => {
    const created = await store.create({ ref: pod('occ'), object: podObject('occ') }, ctx);
    const updated = await store.update({ ref: pod('occ'), object: { ...created.object, spec: { v: 2 } }, expectedRevision: created.revision }, ctx);
    expect(updated.revision).toBe(created.revision + 1);

    let err: unknown;
    try {
      await store.update({ ref: pod('occ'), object: created.object, expectedRevision: created.revision }, ctx);
    } catch (e) {
      err = e;
    }
    expect(isStorageError(err, 'Conflict')).toBe(true);
    expect((err as { details: { currentRevision: number } }).details.currentRevision).toBe(updated.revision);

    expect(await failure(store.delete({ ref: pod('occ'), expectedUid: uid() }, ctx))).toBe('Conflict');
    expect(await failure(store.delete({ ref: pod('occ'), expectedRevision: created.revision }, ctx))).toBe('Conflict');
    expect(await store.currentRevision()).toBe(updated.revision); // the refusals burned nothing

    const deleted = await store.delete({ ref: pod('occ'), expectedRevision: updated.revision, expectedUid: created.object.metadata!.uid! }, ctx);
    expect(deleted.revision).toBe(updated.revision + 1);
    expect(deleted.object.spec).toEqual({ v: 2 });
    expect(deleted.object.metadata?.resourceVersion).toBe(String(deleted.revision));
    expect(await store.get(pod('occ'))).toBeUndefined();
  });

  it('answers not found for update and delete of a missing key', async () => {
    expect(await failure(store.update({ ref: pod('nope'), object: podObject('nope') }, ctx))).toBe('KeyNotFound');
    expect(await failure(store.delete({ ref: pod('nope') }, ctx))).toBe('KeyNotFound');
  });

  it('checks and answers each write of a group commit on its own', async () => {
    await store.create({ ref: pod('g-exists'), object: podObject('g-exists') }, ctx);
    const before = await store.currentRevision();
    const names = Array.from({ length: 40 }, (_, i) => `g-${i}`);
    const results = await Promise.allSettled([
      ...names.map((n) => store.create({ ref: pod(n), object: podObject(n) }, ctx)),
      store.create({ ref: pod('g-exists'), object: podObject('g-exists') }, ctx),
      store.update({ ref: pod('g-missing'), object: podObject('g-missing') }, ctx),
    ]);
    const ok = results.slice(0, 40).map((r) => (r.status === 'fulfilled' ? r.value.revision : -1));
    expect(ok.every((rev) => rev > before)).toBe(true);
    expect(new Set(ok).size).toBe(40);
    // contiguous: the refused writes burned nothing
    expect(Math.max(...ok) - Math.min(...ok)).toBe(39);
    expect(results[40]).toMatchObject({ status: 'rejected', reason: { code: 'KeyExists' } });
    expect(results[41]).toMatchObject({ status: 'rejected', reason: { code: 'KeyNotFound' } });

    // They shared transactions: fewer inserting transaction ids than events.
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: t.url, max: 1 }) }) });
    try {
      const { rows } = await sql<{ n: string }>`SELECT count(DISTINCT xmin::text) AS n FROM events WHERE rev > ${before}`.execute(db);
      expect(Number(rows[0]!.n)).toBeLessThan(40);
    } finally {
      await db.destroy();
    }
  });

  it('keeps writes of one key in submission order', async () => {
    await store.create({ ref: pod('order'), object: podObject('order') }, ctx);
    const writes = Array.from({ length: 10 }, (_, i) => store.update({ ref: pod('order'), object: podObject('order', { spec: { step: i } }) }, ctx));
    const revs = (await Promise.all(writes)).map((w) => w.revision);
    expect([...revs].sort((a, b) => a - b)).toEqual(revs);
    expect((await store.get(pod('order')))?.object.spec).toEqual({ step: 9 });
  });

  it('records the actor and traceparent of every event in the history', async () => {
    const tp = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const first = await store.create({ ref: pod('h') , object: podObject('h') }, { actor: { user: 'alice' }, traceparent: tp });
    await store.update({ ref: pod('h'), object: podObject('h', { spec: { v: 2 } }) }, { actor: { user: 'bob', impersonator: 'admin' } });
    await store.delete({ ref: pod('h') }, ctx);
    const again = await store.create({ ref: pod('h'), object: podObject('h') }, ctx);
    const history = await store.history(pod('h'));
    expect(history.map((h) => h.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED', 'ADDED']);
    expect(history[0]).toMatchObject({ revision: first.revision, actor: { user: 'alice' }, traceparent: tp });
    expect(history[1]).toMatchObject({ actor: { user: 'bob', impersonator: 'admin' } });
    expect(history[1]!.object.spec).toEqual({ v: 2 });
    expect(history[3]!.uid).toBe(again.object.metadata!.uid);
    expect(history[3]!.uid).not.toBe(history[0]!.uid);
  });

  it('tails the log after a revision with subjects routed by node', async () => {
    const from = await store.currentRevision();
    await store.create({ ref: pod('web.1:x'), object: podObject('web.1:x'), node: 'node-a.example' }, ctx);
    await store.delete({ ref: pod('web.1:x') }, ctx);
    const records = await store.readAfter(from, 100);
    expect(records.map((r) => r.revision)).toEqual([from + 1, from + 2]);
    expect(records.map((r) => r.type)).toEqual(['ADDED', 'DELETED']);
    expect(records[0]!.subject).toBe('_.pods.default.web%2E1%3Ax.node-a%2Eexample');
    expect(records[1]!.subject).toBe(records[0]!.subject); // DELETED keeps the last state's subject
    expect(JSON.parse(records[1]!.objectJson).metadata.name).toBe('web.1:x');
    expect(JSON.parse(records[1]!.objectJson).metadata.resourceVersion).toBeUndefined();
    expect(await store.readAfter(from + 2, 10)).toEqual([]);
  });
});

describe('list', () => {
  let t: TestStore;
  let store: PostgresEventStore;
  beforeAll(async () => {
    t = await openTestStore({}, 'list');
    store = t.store;
    for (let i = 0; i < 25; i++) {
      const name = `p${String(i).padStart(2, '0')}`;
      await store.create({ ref: pod(name), object: podObject(name) }, ctx);
    }
    await store.create({ ref: pod('other', 'kube-system'), object: podObject('other') }, ctx);
    await store.create({ ref: { group: '', resource: 'nodes', namespace: '', name: 'n1' }, object: podObject('n1') }, ctx);
  });
  afterAll(() => t.cleanup());

  const names = (r: { items: readonly { object: KubeObject }[] }) => r.items.map((i) => i.object.metadata!.name);

  it('reads changes after a revision with their previous state, optionally within one scope', async () => {
    const ref = { group: '', resource: 'pods', namespace: 'changes', name: 'c1' };
    const other = { group: '', resource: 'pods', namespace: 'elsewhere', name: 'c2' };
    const created = await store.create({ ref, object: { ...podObject('c1'), metadata: { ...podObject('c1').metadata, namespace: 'changes' } } }, ctx);
    await store.create({ ref: other, object: podObject('c2') }, ctx);
    const updated = await store.update({ ref, object: { ...created.object, spec: { v: 2 } } }, ctx);
    const deleted = await store.delete({ ref }, ctx);

    const all = await store.readChanges(created.revision - 1, 100);
    expect(all.map((c) => c.type)).toEqual(['ADDED', 'ADDED', 'MODIFIED', 'DELETED']);
    const scoped = await store.readChanges(created.revision - 1, 100, '/_/pods/changes/');
    expect(scoped.map((c) => [c.revision, c.type])).toEqual([[created.revision, 'ADDED'], [updated.revision, 'MODIFIED'], [deleted.revision, 'DELETED']]);
    expect(scoped[0]!.prevObject).toBeUndefined();
    expect(scoped[1]!.object).toMatchObject({ spec: { v: 2 }, metadata: { resourceVersion: String(updated.revision) } });
    expect(scoped[1]!.prevObject).toMatchObject({ spec: { containers: [{ name: 'c', image: 'nginx' }] }, metadata: { resourceVersion: String(created.revision) } });
    expect(scoped[2]!.prevObject?.metadata?.resourceVersion).toBe(String(updated.revision));
    expect(await store.readChanges(deleted.revision, 100)).toEqual([]);
    expect(await store.readChanges(created.revision - 1, 2, '/_/pods/changes/')).toHaveLength(2);
    await store.delete({ ref: other }, ctx);
  });

  it('lists a scope at head with a consistent revision', async () => {
    const all = await store.list({ scope: { group: '', resource: 'pods' } });
    expect(all.items).toHaveLength(26);
    expect(all.revision).toBe(await store.currentRevision());
    expect(all.continue).toBeUndefined();
    expect(names(await store.list({ scope: { group: '', resource: 'pods', namespace: 'kube-system' } }))).toEqual(['other']);
    expect(names(await store.list({ scope: { group: '', resource: 'nodes' } }))).toEqual(['n1']);
    expect((await store.list({ scope: { group: 'apps', resource: 'pods' } })).items).toEqual([]);
  });

  it('paginates at the first page revision while writes go on', async () => {
    const scope = { group: '', resource: 'pods', namespace: 'default' };
    const page1 = await store.list({ scope, limit: 10 });
    expect(names(page1)).toEqual(Array.from({ length: 10 }, (_, i) => `p${String(i).padStart(2, '0')}`));
    expect(page1.continue).toBeDefined();

    // Between pages: update one not yet listed, delete one, create one.
    await store.update({ ref: pod('p15'), object: podObject('p15', { spec: { changed: true } }) }, ctx);
    await store.delete({ ref: pod('p16') }, ctx);
    await store.create({ ref: pod('p99'), object: podObject('p99') }, ctx);

    const page2 = await store.list({ scope, limit: 10, continue: page1.continue! });
    const page3 = await store.list({ scope, limit: 10, continue: page2.continue! });
    expect(page2.revision).toBe(page1.revision);
    expect(page3.revision).toBe(page1.revision);
    expect(page3.continue).toBeUndefined();
    const rest = [...page2.items, ...page3.items];
    expect(rest.map((i) => i.object.metadata!.name)).toEqual(Array.from({ length: 15 }, (_, i) => `p${String(i + 10).padStart(2, '0')}`));
    const p15 = rest.find((i) => i.object.metadata!.name === 'p15')!;
    expect(p15.object.spec).toEqual({ containers: [{ name: 'c', image: 'nginx' }] });
    expect(p15.revision).toBeLessThanOrEqual(page1.revision);

    const now = await store.list({ scope });
    expect(names(now)).toContain('p99');
    expect(names(now)).not.toContain('p16');
  });

  it('lists at an older revision', async () => {
    const scope = { group: '', resource: 'pods', namespace: 'default' };
    const before = await store.list({ scope });
    await store.update({ ref: pod('p01'), object: podObject('p01', { spec: { v: 'new' } }) }, ctx);
    await store.delete({ ref: pod('p02') }, ctx);
    await store.create({ ref: pod('p50'), object: podObject('p50') }, ctx);
    const then = await store.list({ scope, revision: before.revision });
    expect(then.revision).toBe(before.revision);
    expect(then.items.map((i) => [i.key, i.revision, i.object.spec])).toEqual(before.items.map((i) => [i.key, i.revision, i.object.spec]));
    const paged = await store.list({ scope, revision: before.revision, limit: 7 });
    expect(paged.continue).toBeDefined();
    expect(names(paged)).toEqual(names(before).slice(0, 7));
  });

  it('refuses revisions above the head and tokens that are not its own', async () => {
    const head = await store.currentRevision();
    expect(await failure(store.list({ scope: { group: '', resource: 'pods' }, revision: head + 100 }))).toBe('TooLargeRevision');
    expect(await failure(store.list({ scope: { group: '', resource: 'pods' }, continue: 'bm90LWEtdG9rZW4=' }))).toBe('InvalidContinue');
    const page = await store.list({ scope: { group: '', resource: 'pods' }, limit: 2 });
    expect(await failure(store.list({ scope: { group: '', resource: 'nodes' }, continue: page.continue! }))).toBe('InvalidContinue');
  });
});

describe('partitions and compaction', () => {
  let t: TestStore;
  let store: PostgresEventStore;
  beforeAll(async () => {
    t = await openTestStore({ partitionSize: 10, partitionsAhead: 1 }, 'compact');
    store = t.store;
  });
  afterAll(() => t.cleanup());

  // Revisions are read from the writes, not assumed: with partitions this small, a write can find
  // its partition not yet created, roll back (burning its revisions, as designed) and retry.
  let head = 0;
  it('creates partitions as the log grows and drops whole ones below the horizon', async () => {
    const revs: number[] = [];
    for (let i = 0; i < 35; i++) revs.push((await store.create({ ref: pod(`c${i}`), object: podObject(`c${i}`) }, ctx)).revision);
    expect(revs).toEqual([...revs].sort((a, b) => a - b));
    expect(await store.currentRevision()).toBe(revs[34]);
    const atTwenty = await store.list({ scope: { group: '', resource: 'pods' }, revision: revs[19]! });
    expect(atTwenty.items).toHaveLength(20);

    head = (await store.update({ ref: pod('c0'), object: podObject('c0', { spec: { v: 2 } }) }, ctx)).revision;
    const horizon = revs[24]!;
    expect(horizon).toBeGreaterThanOrEqual(25);
    expect(horizon).toBeLessThan(30); // so exactly the first two partitions lie below it
    expect((await store.compact(horizon)).compactedRevision).toBe(0); // no relay has published anything yet
    await store.saveCheckpoint('K8S', horizon, 'test');
    const result = await store.compact(horizon);
    expect(result.compactedRevision).toBe(horizon);
    expect([...result.droppedPartitions].sort()).toEqual(['events_1', 'events_11']);
    expect(await store.compactedRevision()).toBe(horizon);

    expect(await failure(store.list({ scope: { group: '', resource: 'pods' }, revision: revs[19]! }))).toBe('Expired');
    expect(await failure(store.readAfter(10, 10))).toBe('Expired');
    expect(await failure(store.list({ scope: { group: '', resource: 'pods' }, continue: atTwenty.continue ?? encodeFirstPage(revs[19]!) }))).toBe('Expired');

    // At or above the horizon everything still reads; c0 at the horizon is its original state.
    const atHorizon = await store.list({ scope: { group: '', resource: 'pods' }, revision: horizon });
    expect(atHorizon.items).toHaveLength(25);
    expect(atHorizon.items.find((i) => i.object.metadata!.name === 'c0')!.object.spec).toEqual({ containers: [{ name: 'c', image: 'nginx' }] });
    expect((await store.readAfter(horizon, 100)).map((r) => r.revision)).toEqual([...revs.slice(25), head]);
    // History keeps only what the retained partitions hold.
    expect((await store.history(pod('c0'))).map((h) => h.revision)).toEqual([head]);
    // The projection is untouched by compaction.
    expect((await store.list({ scope: { group: '', resource: 'pods' } })).items).toHaveLength(35);
  });

  it('never compacts past what the relay has published', async () => {
    await store.saveCheckpoint('K8S', 30, 'test');
    const result = await store.compact(1_000);
    expect(result.compactedRevision).toBe(30);
    expect(result.droppedPartitions).toEqual(['events_21']);
    await store.saveCheckpoint('K8S', 20, 'test'); // a checkpoint never moves backwards
    expect((await store.compact(1_000)).compactedRevision).toBe(30);
    await store.saveCheckpoint('K8S', head, 'test');
    expect((await store.compact(1_000)).compactedRevision).toBe(head); // and never past the head
  });
});

function encodeFirstPage(revision: number): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: revision, start: '/_/pods/\u0000' })).toString('base64');
}
