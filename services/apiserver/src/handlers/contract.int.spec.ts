import { beforeAll, describe, expect, it } from 'vitest';
import { groupVersion, isStored } from '../registry/resource-definition.js';
import { RESOURCES } from '../registry/resources.js';
import { openWatchStream } from '../watch/testing/watch-stream.js';
import { minimalObject } from './testing/minimal-objects.js';
import { useTestApp } from '../testing/use-test-app.js';

/** The same contract for every served resource: each verb answers as upstream's generic store does. */
describe('the verbs of every served resource', () => {
  const t = useTestApp('contract', { listen: true });
  beforeAll(async () => {
    const ns = await t.request({ method: 'POST', url: '/api/v1/namespaces', payload: { metadata: { name: 'contract' } } });
    expect(ns.statusCode).toBe(201);
  });

  for (const def of RESOURCES.filter(isStored)) {
    const gv = groupVersion(def);
    const collection = `${def.group ? `/apis/${gv}` : '/api/v1'}${def.namespaced ? '/namespaces/contract' : ''}/${def.resource}`;
    const name = `contract-${def.resource}`;
    const merge = { 'content-type': 'application/merge-patch+json' };

    it(`${def.resource}.${def.group || 'core'}: create, get, list, watch, update, patch, delete`, async () => {
      const created = await t.request({ method: 'POST', url: collection, payload: minimalObject(def, name, 'contract') });
      expect(created.statusCode, created.body).toBe(201);
      const object = created.json();
      expect(object).toMatchObject({ kind: def.kind, apiVersion: gv, metadata: { name, uid: expect.any(String), resourceVersion: expect.stringMatching(/^\d+$/), creationTimestamp: expect.any(String) } });
      expect((await t.request({ method: 'POST', url: collection, payload: minimalObject(def, name, 'contract') })).json()).toMatchObject({ code: 409, reason: 'AlreadyExists' });

      const got = await t.request({ url: `${collection}/${name}` });
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual(object);

      const list = await t.request({ url: `${collection}?labelSelector=contract%3Dyes` });
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({ kind: `${def.kind}List`, apiVersion: gv, metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
      expect(list.json().items.map((i: { metadata: { name: string } }) => i.metadata.name)).toContain(name);

      const watch = await openWatchStream(`${t.url()}${collection}?watch=true&resourceVersion=${list.json().metadata.resourceVersion}&fieldSelector=metadata.name%3D${name}`, t.auth().adminHeaders);
      const updated = await t.request({ method: 'PUT', url: `${collection}/${name}`, payload: { ...object, metadata: { ...object.metadata, labels: { contract: 'yes', step: 'put' } } } });
      expect(updated.statusCode, updated.body).toBe(200);
      // (a namespace always carries its name label, as upstream's namespace strategy sets it)
      const nameLabel = def.resource === 'namespaces' ? { 'kubernetes.io/metadata.name': name } : {};
      expect(updated.json().metadata.labels).toEqual({ contract: 'yes', step: 'put', ...nameLabel });
      expect((await t.request({ method: 'PUT', url: `${collection}/${name}`, payload: object })).json()).toMatchObject({ code: 409, reason: 'Conflict' });

      const patched = await t.request({ method: 'PATCH', url: `${collection}/${name}`, headers: merge, payload: JSON.stringify({ metadata: { annotations: { step: 'merge' } } }) });
      expect(patched.statusCode, patched.body).toBe(200);
      const jsonPatched = await t.request({ method: 'PATCH', url: `${collection}/${name}`, headers: { 'content-type': 'application/json-patch+json' }, payload: JSON.stringify([{ op: 'add', path: '/metadata/labels/step', value: 'json' }]) });
      expect(jsonPatched.statusCode, jsonPatched.body).toBe(200);
      expect(jsonPatched.json().metadata).toMatchObject({ labels: { step: 'json' }, annotations: { step: 'merge' } });

      for (const [type, rv] of [['MODIFIED', updated], ['MODIFIED', patched], ['MODIFIED', jsonPatched]] as const) {
        const frame = await watch.next();
        expect([frame.type, frame.object.metadata?.resourceVersion]).toEqual([type, rv.json().metadata.resourceVersion]);
      }

      if (def.subresources?.some((s) => s.name === 'status')) {
        const status = await t.request({ url: `${collection}/${name}/status` });
        expect(status.statusCode).toBe(200);
        expect(status.json().metadata.name).toBe(name);
      }

      const deleted = await t.request({ method: 'DELETE', url: `${collection}/${name}` });
      expect([200, 202]).toContain(deleted.statusCode);
      if (def.resource !== 'namespaces') {
        // (a namespace stays Terminating until the namespace controller finalizes it; everything else is gone at once)
        // A pod is marked (deletionTimestamp, grace 0) before it goes, as upstream's graceful delete writes it.
        let frame = await watch.next();
        while (frame.type === 'MODIFIED' && frame.object.metadata?.['deletionTimestamp']) frame = await watch.next();
        expect(frame.type).toBe('DELETED');
        expect((await t.request({ url: `${collection}/${name}` })).json()).toMatchObject({ code: 404, reason: 'NotFound' });
      }
      watch.close();
    });
  }
});
