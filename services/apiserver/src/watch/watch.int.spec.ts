import { describe, expect, it } from 'vitest';
import { waitUntil } from '@kubeledger/bus/testing';
import { buildApp } from '../app.js';
import { openWatchStream, type WatchFrame } from './testing/watch-stream.js';
import { useTestApp } from '../testing/use-test-app.js';

describe('watch over HTTP, served by the watch cache', () => {
  const t = useTestApp('watch', {
    listen: true,
    // A window of 2 to 4 events: older starts are replayed from Postgres.
    env: { KUBELEDGER_WATCH_CACHE_CAPACITY: '2', KUBELEDGER_WATCH_BOOKMARK_INTERVAL: '0.2' },
  });

  const cms = '/api/v1/namespaces/default/configmaps';
  const cm = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = { k: 'v' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });
  const send = async (method: string, url: string, body?: unknown) => {
    const res = await t.request({ method: method as 'POST', url, ...(body !== undefined && { payload: body as object }) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as { metadata: { resourceVersion: string; name: string } };
  };
  const listRevision = async (url = cms) => (await t.request({ url })).json().metadata.resourceVersion as string;
  const summary = (f: WatchFrame) => [f.type, f.object.metadata?.name, f.object.metadata?.resourceVersion];

  it('streams ADDED, MODIFIED and DELETED after the listed revision, as newline-delimited JSON', async () => {
    const rv = await listRevision();
    const watch = await openWatchStream(`${t.url()}${cms}?watch=true&resourceVersion=${rv}`, t.auth().adminHeaders);
    expect(watch.status).toBe(200);
    expect(watch.contentType).toBe('application/json');
    const created = await send('POST', cms, cm('w1'));
    const updated = await send('PUT', `${cms}/w1`, { ...created, data: { k: 'v2' } });
    await send('DELETE', `${cms}/w1`);
    expect(summary(await watch.next())).toEqual(['ADDED', 'w1', created.metadata.resourceVersion]);
    const modified = await watch.next();
    expect(summary(modified)).toEqual(['MODIFIED', 'w1', updated.metadata.resourceVersion]);
    expect(modified.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', data: { k: 'v2' } });
    const deleted = await watch.next();
    expect(deleted.type).toBe('DELETED');
    expect(Number(deleted.object.metadata?.resourceVersion)).toBeGreaterThan(Number(updated.metadata.resourceVersion));
    watch.close();
  });

  it('starts with the current state for resourceVersion "" and "0", then follows', async () => {
    await send('POST', cms, cm('s1'));
    await send('POST', cms, cm('s2'));
    for (const rv of ['', '0']) {
      const watch = await openWatchStream(`${t.url()}${cms}?watch=1${rv ? `&resourceVersion=${rv}` : ''}`, t.auth().adminHeaders);
      const first = [await watch.next(), await watch.next()];
      expect(first.map((f) => [f.type, f.object.metadata?.name])).toEqual([['ADDED', 's1'], ['ADDED', 's2']]);
      const changed = await t.request({ method: 'PATCH', url: `${cms}/s2`, headers: { 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ data: { k: rv || 'empty' } }) });
      expect(summary(await watch.next())).toEqual(['MODIFIED', 's2', changed.json().metadata.resourceVersion]);
      watch.close();
    }
  });

  it('serves WatchList: the state, a bookmark marking its end, then changes', async () => {
    await send('POST', cms, cm('list-a', { set: 'wl' }));
    await send('POST', cms, cm('list-b', { set: 'wl' }));
    const head = await listRevision();
    const watch = await openWatchStream(`${t.url()}${cms}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=set%3Dwl&resourceVersion=${head}`, t.auth().adminHeaders);
    expect((await watch.next()).object.metadata?.name).toBe('list-a');
    expect((await watch.next()).object.metadata?.name).toBe('list-b');
    const end = await watch.next();
    expect(end.type).toBe('BOOKMARK');
    expect(end.object).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: expect.any(String), annotations: { 'k8s.io/initial-events-end': 'true' } } });
    expect(Number(end.object.metadata?.resourceVersion)).toBeGreaterThanOrEqual(Number(head));
    const created = await send('POST', cms, cm('list-c', { set: 'wl' }));
    let next = await watch.next();
    while (next.type === 'BOOKMARK') next = await watch.next(); // periodic bookmarks (every 0.2 s here)
    expect(summary(next)).toEqual(['ADDED', 'list-c', created.metadata.resourceVersion]);
    watch.close();
  });

  it('sends periodic bookmarks at the cache revision to watchers that accept them', async () => {
    const rv = await listRevision('/api/v1/namespaces/default/secrets');
    const watch = await openWatchStream(`${t.url()}/api/v1/namespaces/default/secrets?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`, t.auth().adminHeaders);
    await send('POST', cms, cm('bookmark-trigger'));
    const bookmark = await watch.next();
    expect(bookmark).toEqual({ type: 'BOOKMARK', object: { kind: 'Secret', apiVersion: 'v1', metadata: { resourceVersion: expect.any(String) } } });
    expect(Number(bookmark.object.metadata?.resourceVersion)).toBeGreaterThan(Number(rv));
    watch.close();
  });

  it('refuses inconsistent WatchList options with 422 Invalid ListOptions, as upstream', async () => {
    const res = await t.request({ url: `${cms}?watch=true&sendInitialEvents=true` });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      details: { group: 'meta.k8s.io', kind: 'ListOptions' },
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
    });
    const match = await t.request({ url: `${cms}?watch=true&resourceVersionMatch=Exact&resourceVersion=5` });
    expect(match.statusCode).toBe(422);
    expect(match.json().message).toContain('resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
    expect((await t.request({ url: `${cms}?watch=true&resourceVersion=abc` })).statusCode).toBe(400);
    const selector = await t.request({ url: `${cms}?watch=true&labelSelector=a%20in` });
    expect(selector.statusCode).toBe(400);
    expect((await t.request({ url: `${cms}?watch=true&fieldSelector=spec.x%3Dy` })).json()).toMatchObject({ code: 400, message: 'field label not supported: spec.x' });
  });

  it('turns selector transitions into ADDED and DELETED', async () => {
    const rv = await listRevision();
    const watch = await openWatchStream(`${t.url()}${cms}?watch=true&labelSelector=tier%3Dgold&resourceVersion=${rv}`, t.auth().adminHeaders);
    const created = await send('POST', cms, cm('tr', { tier: 'silver' }));
    const gold = await t.request({ method: 'PATCH', url: `${cms}/tr`, headers: { 'content-type': 'application/merge-patch+json' }, payload: '{"metadata":{"labels":{"tier":"gold"}}}' });
    const silver = await t.request({ method: 'PATCH', url: `${cms}/tr`, headers: { 'content-type': 'application/merge-patch+json' }, payload: '{"metadata":{"labels":{"tier":"silver"}}}' });
    expect(Number(gold.json().metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    expect(summary(await watch.next())).toEqual(['ADDED', 'tr', gold.json().metadata.resourceVersion]);
    const left = await watch.next();
    // The last state that matched, at the revision where it stopped matching.
    expect(summary(left)).toEqual(['DELETED', 'tr', silver.json().metadata.resourceVersion]);
    expect(left.object.metadata?.labels).toEqual({ tier: 'gold' });
    watch.close();
  });

  it('watches one namespace, or one object by metadata.name', async () => {
    await send('POST', '/api/v1/namespaces', { metadata: { name: 'other' } });
    const rv = await listRevision();
    const ns = await openWatchStream(`${t.url()}/api/v1/namespaces/other/configmaps?watch=true&resourceVersion=${rv}`, t.auth().adminHeaders);
    const one = await openWatchStream(`${t.url()}${cms}?watch=true&fieldSelector=metadata.name%3Done&resourceVersion=${rv}`, t.auth().adminHeaders);
    await send('POST', cms, cm('not-one'));
    const inOther = await send('POST', '/api/v1/namespaces/other/configmaps', cm('one'));
    const theOne = await send('POST', cms, cm('one'));
    expect(summary(await ns.next())).toEqual(['ADDED', 'one', inOther.metadata.resourceVersion]);
    expect(summary(await one.next())).toEqual(['ADDED', 'one', theOne.metadata.resourceVersion]);
    ns.close();
    one.close();
  });

  it('replays a start older than its window from Postgres, in order, then goes on live', async () => {
    const start = await listRevision();
    const written: { metadata: { resourceVersion: string; name: string } }[] = [];
    for (let i = 0; i < 8; i++) written.push(await send('POST', cms, cm(`old-${i}`)));
    await waitUntil(() => t.storage().watchCache.revision >= Number(written[7]!.metadata.resourceVersion), 5000, 'the cache to catch up');
    expect(t.storage().watchCache.windowStart).toBeGreaterThan(Number(start));
    const watch = await openWatchStream(`${t.url()}${cms}?watch=true&resourceVersion=${start}`, t.auth().adminHeaders);
    for (const w of written) expect(summary(await watch.next())).toEqual(['ADDED', w.metadata.name, w.metadata.resourceVersion]);
    const live = await send('POST', cms, cm('after-replay'));
    expect(summary(await watch.next())).toEqual(['ADDED', 'after-replay', live.metadata.resourceVersion]);
    watch.close();
  });

  it('ends with an ERROR 410 Expired for a compacted revision, and 504 for one above the head', async () => {
    const early = await listRevision();
    let last = await send('POST', cms, cm('compact-me'));
    for (let i = 0; i < 6; i++) last = await send('PUT', `${cms}/compact-me`, cm('compact-me', {}, { i: String(i) }));
    await waitUntil(() => t.storage().watchCache.windowStart > Number(early), 5000, 'the window to move past the start');
    await waitUntil(async () => (await t.storage().store.compact(Number(last.metadata.resourceVersion))).compactedRevision >= Number(last.metadata.resourceVersion), 10_000, 'compaction past the write');
    const expired = await openWatchStream(`${t.url()}${cms}?watch=true&resourceVersion=${early}`, t.auth().adminHeaders);
    const frames = await expired.ended();
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 } });
    expect(frames[0]!.object.message).toMatch(new RegExp(`^too old resource version: ${early} \\(\\d+\\)$`));

    const future = await openWatchStream(`${t.url()}${cms}?watch=true&resourceVersion=${Number(last.metadata.resourceVersion) + 1000}`, t.auth().adminHeaders);
    const [error] = await future.ended();
    expect(error).toMatchObject({ type: 'ERROR', object: { code: 504, reason: 'Timeout', details: { causes: [{ reason: 'ResourceVersionTooLarge' }] } } });
  });

  it('streams one-row Tables when asked, with column definitions on the first event only', async () => {
    const rv = await listRevision();
    const res = await fetch(`${t.url()}${cms}?watch=true&resourceVersion=${rv}`, { headers: { ...t.auth().adminHeaders, accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } });
    const reader = res.body!.getReader();
    await send('POST', cms, cm('table-1'));
    await send('POST', cms, cm('table-2'));
    let text = '';
    while (text.split('\n').length < 3) text += new TextDecoder().decode((await reader.read()).value);
    const [first, second] = text.split('\n').slice(0, 2).map((line) => JSON.parse(line));
    expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'Table', apiVersion: 'meta.k8s.io/v1', rows: [{ cells: ['table-1', 1, expect.any(String)] }] } });
    expect(first.object.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(second.object.columnDefinitions).toBeNull();
    await reader.cancel();
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    const watch = await openWatchStream(`${t.url()}${cms}?watch=true&timeoutSeconds=1&resourceVersion=${await listRevision()}`, t.auth().adminHeaders);
    expect(await watch.ended(5000)).toEqual([]);
  });

  it('ends open watch streams cleanly when the server closes', async () => {
    const second = buildApp({ storage: t.storage(), authentication: t.auth().options });
    const url = await second.listen({ host: '127.0.0.1', port: 0 });
    const watch = await openWatchStream(`${url}${cms}?watch=true&resourceVersion=${await listRevision()}`, t.auth().adminHeaders);
    await second.close();
    expect(await watch.ended(5000)).toEqual([]);
  });
});
