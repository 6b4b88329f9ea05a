import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing/use-test-app.js';

const REVISIONS = '/apis/apps/v1/namespaces/default/controllerrevisions';
const NOTE = 'a<b>&c\u2028d';
/** The revision's data as the DaemonSet controller (and kubectl's getDaemonSetPatch) marshals it in Go. */
const GO_DATA = String.raw`"data":{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"note":"a\u003cb\u003e\u0026c\u2028d"},"labels":{"app":"web"}},"spec":{"containers":[{"image":"x","name":"app","resources":{}}]}}}}`;

describe('JSON responses as upstream writes them', () => {
  const t = useTestApp('json-output');

  it("answers a ControllerRevision's data with Go's key order and escapes, on create, get and list", async () => {
    const revision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'web-1' },
      data: { spec: { template: { $patch: 'replace', metadata: { annotations: { note: NOTE }, labels: { app: 'web' } }, spec: { containers: [{ image: 'x', name: 'app', resources: {} }] } } } },
      revision: 1,
    };
    const created = await t.post(REVISIONS, revision);
    expect(created.statusCode).toBe(201);
    expect(created.body).toContain(GO_DATA);
    const got = await t.request({ url: `${REVISIONS}/web-1` });
    expect(got.body).toContain(GO_DATA);
    expect(got.json().data.spec.template.metadata.annotations.note).toBe(NOTE);
    expect((await t.request({ url: REVISIONS })).body).toContain(GO_DATA);
  });

  it('escapes the same characters in Status messages', async () => {
    const res = await t.request({ url: `${REVISIONS}/a%3Cb` });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain(String.raw`\"a\u003cb\" not found`);
  });
});
