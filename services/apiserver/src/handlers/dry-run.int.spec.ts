import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/use-test-app.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const cm = (name: string, data: Record<string, string> = { a: '1' }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

describe('dryRun=All on create, update, patch and apply; write options', () => {
  const t = useTestApp('dry-run');
  const head = async () => Number((await t.request({ url: CMS })).json().metadata.resourceVersion);

  it('creates nothing: the answer is the object as it would be stored, without a resourceVersion', async () => {
    const before = await head();
    const res = await t.request({ method: 'POST', url: `${CMS}?dryRun=All`, payload: cm('ghost') });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.metadata).toMatchObject({ name: 'ghost', namespace: 'default' });
    expect(body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.metadata.creationTimestamp).toBeDefined();
    expect(body.metadata.resourceVersion).toBeUndefined();
    expect((await t.request({ url: `${CMS}/ghost` })).statusCode).toBe(404);
    expect(await head()).toBe(before);
  });

  it('still checks validation and AlreadyExists on a dry-run create', async () => {
    await t.post(CMS, cm('taken'));
    expect((await t.request({ method: 'POST', url: `${CMS}?dryRun=All`, payload: cm('taken') })).json()).toMatchObject({ code: 409, reason: 'AlreadyExists' });
    const bad = await t.request({ method: 'POST', url: `${CMS}?dryRun=All`, payload: cm('Not_A_Name') });
    expect(bad.json()).toMatchObject({ code: 422, reason: 'Invalid' });
  });

  it('updates and patches nothing, but checks the resourceVersion precondition', async () => {
    const created = (await t.post(CMS, cm('keep'))).json();
    const before = await head();
    const put = await t.request({ method: 'PUT', url: `${CMS}/keep?dryRun=All`, payload: { ...created, data: { a: '2' } } });
    expect(put.statusCode).toBe(200);
    expect(put.json().data).toEqual({ a: '2' });
    expect(put.json().metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    const patched = await t.request({ method: 'PATCH', url: `${CMS}/keep?dryRun=All`, payload: JSON.stringify({ data: { b: '3' } }), headers: { 'content-type': 'application/merge-patch+json' } });
    expect(patched.json().data).toEqual({ a: '1', b: '3' });
    const stale = await t.request({ method: 'PUT', url: `${CMS}/keep?dryRun=All`, payload: { ...created, metadata: { ...created.metadata, resourceVersion: '1' } } });
    expect(stale.json()).toMatchObject({ code: 409, reason: 'Conflict' });
    expect((await t.request({ url: `${CMS}/keep` })).json().data).toEqual({ a: '1' });
    expect(await head()).toBe(before);
  });

  it('applies nothing: a dry-run apply answers 201 for an absent object and stores nothing', async () => {
    const before = await head();
    const res = await t.request({ method: 'PATCH', url: `${CMS}/applied?dryRun=All&fieldManager=me`, payload: JSON.stringify(cm('applied')), headers: { 'content-type': 'application/apply-patch+yaml' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toEqual({ a: '1' });
    expect((await t.request({ url: `${CMS}/applied` })).statusCode).toBe(404);
    expect(await head()).toBe(before);
  });

  it('refuses other dryRun values, a long or unprintable fieldManager, force on a non-apply patch and an apply without fieldManager (422 on the options kind)', async () => {
    expect((await t.request({ method: 'POST', url: `${CMS}?dryRun=Maybe`, payload: cm('x') })).json()).toMatchObject({
      code: 422,
      message: 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Maybe"]: supported values: "All"',
    });
    expect((await t.request({ method: 'POST', url: `${CMS}?fieldManager=${'m'.repeat(129)}`, payload: cm('x') })).json()).toMatchObject({
      code: 422,
      message: 'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes',
    });
    await t.post(CMS, cm('opts'));
    const forced = await t.request({ method: 'PATCH', url: `${CMS}/opts?force=true`, payload: JSON.stringify({ data: { a: '2' } }), headers: { 'content-type': 'application/merge-patch+json' } });
    expect(forced.json()).toMatchObject({ code: 422, message: 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch' });
    const unnamed = await t.request({ method: 'PATCH', url: `${CMS}/opts`, payload: JSON.stringify(cm('opts')), headers: { 'content-type': 'application/apply-patch+yaml' } });
    expect(unnamed.json()).toMatchObject({ code: 422, message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch' });
    const put = await t.request({ method: 'PUT', url: `${CMS}/opts?dryRun=Sometimes`, payload: cm('opts') });
    expect(put.json()).toMatchObject({ code: 422, message: expect.stringMatching(/^UpdateOptions\.meta\.k8s\.io "" is invalid: dryRun/) });
  });

  it('answers 415 for patch types it does not take, naming those it does', async () => {
    await t.post(CMS, cm('types'));
    const res = await t.request({ method: 'PATCH', url: `${CMS}/types`, payload: 'x', headers: { 'content-type': 'application/apply-patch+cbor' } });
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toContain('application/strategic-merge-patch+json');
  });
});
