import { describe, expect, it } from 'vitest';
import { waitUntil } from '@kubeledger/bus/testing';
import { useTestApp } from '../testing/use-test-app.js';

describe('LIST resourceVersion and resourceVersionMatch, as upstream', () => {
  const t = useTestApp('listrv');

  const cms = '/api/v1/namespaces/default/configmaps';
  const names = (body: { items: { metadata: { name: string } }[] }) => body.items.map((i) => i.metadata.name);
  const list = (params: string) => t.request({ url: `${cms}?${params}` });

  it('reads exactly an older revision with Exact, and at least a revision with NotOlderThan', async () => {
    const first = (await t.request({ method: 'POST', url: cms, payload: { metadata: { name: 'one' } } })).json();
    const second = (await t.request({ method: 'POST', url: cms, payload: { metadata: { name: 'two' } } })).json();
    const rv = first.metadata.resourceVersion;
    const exact = await list(`resourceVersion=${rv}&resourceVersionMatch=Exact`);
    expect(exact.statusCode).toBe(200);
    expect(exact.json().metadata.resourceVersion).toBe(rv);
    expect(names(exact.json())).toEqual(['one']);
    // Not older than the second write (the cache may serve any state from that revision on).
    const latest = second.metadata.resourceVersion;
    for (const params of [`resourceVersion=${latest}&resourceVersionMatch=NotOlderThan`, `resourceVersion=${latest}`, '']) {
      const res = await list(params);
      expect(names(res.json()), params).toEqual(['one', 'two']);
      expect(Number(res.json().metadata.resourceVersion)).toBeGreaterThan(Number(rv));
    }
    // "0" is any state (served from the watch cache, which may lag a write just acknowledged): it catches up.
    await waitUntil(async () => names((await list('resourceVersion=0')).json()).length === 2, 5000, 'resourceVersion=0 to show both');
  });

  it('answers 504 for a revision above the head and 410 for a compacted one', async () => {
    const head = Number((await list('')).json().metadata.resourceVersion);
    for (const params of [`resourceVersion=${head + 100}`, `resourceVersion=${head + 100}&resourceVersionMatch=Exact`]) {
      const res = await list(params);
      expect(res.statusCode, params).toBe(504);
      expect(res.json()).toMatchObject({ reason: 'Timeout', details: { causes: [{ reason: 'ResourceVersionTooLarge' }] } });
    }
    const created = (await t.request({ method: 'POST', url: cms, payload: { metadata: { name: 'three' } } })).json();
    const rv = Number(created.metadata.resourceVersion);
    for (let attempt = 0; (await t.storage().store.compact(rv)).compactedRevision < rv && attempt < 100; attempt++) await new Promise((r) => setTimeout(r, 100));
    const gone = await list(`resourceVersion=${rv - 1}&resourceVersionMatch=Exact`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json()).toMatchObject({ reason: 'Expired', message: expect.stringMatching(/^too old resource version: \d+ \(\d+\)$/) });
  });

  it('refuses inconsistent options as ValidateListOptions does', async () => {
    const cases: [string, number, string][] = [
      ['resourceVersionMatch=Exact', 422, 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided'],
      ['resourceVersion=0&resourceVersionMatch=Exact', 422, 'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"'],
      ['resourceVersion=5&resourceVersionMatch=Newest', 422, 'resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""'],
      ['sendInitialEvents=true', 422, 'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list'],
      ['resourceVersion=abc', 400, 'invalid resource version "abc"'],
      ['resourceVersion=5&continue=abc', 400, 'specifying resource version is not allowed when using continue'],
    ];
    for (const [params, code, message] of cases) {
      const res = await list(params);
      expect({ params, code: res.statusCode }).toEqual({ params, code });
      expect(res.json().message).toContain(message);
    }
  });
});
