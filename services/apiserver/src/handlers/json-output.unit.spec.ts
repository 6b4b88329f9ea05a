import { describe, expect, it } from 'vitest';
import { findResource } from '../registry/resources.js';
import { serializeJson } from './json-output.js';
import { withRawExtensionsInGoOrder } from './raw-extension-output.js';

describe('serializeJson', () => {
  it("writes a ControllerRevision's data byte for byte as Go marshals the DaemonSet patch (kubectl rollout undo compares them)", () => {
    const revisions = findResource('apps', 'v1', 'controllerrevisions')!;
    // As jsonb gives it back: keys shortest first, the strings unescaped.
    const fromJsonb = {
      kind: 'ControllerRevision',
      apiVersion: 'apps/v1',
      data: { spec: { template: { spec: { containers: [{ name: 'app', image: 'x', resources: {} }] }, $patch: 'replace', metadata: { labels: { app: 'web' }, annotations: { note: 'a<b>&c\u2028d\u2029' } } } } },
      revision: 1,
    };
    expect(serializeJson(withRawExtensionsInGoOrder(revisions, fromJsonb))).toBe(
      '{"kind":"ControllerRevision","apiVersion":"apps/v1","data":' +
        String.raw`{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"note":"a\u003cb\u003e\u0026c\u2028d\u2029"},"labels":{"app":"web"}},"spec":{"containers":[{"image":"x","name":"app","resources":{}}]}}}}` +
        ',"revision":1}',
    );
  });

  it("escapes Go's characters in every string, keys included, and leaves JSON.stringify's own escapes", () => {
    expect(serializeJson({ 'k<': ['>&', 'line\u2028', 'quote" \\ \n\u0001'], n: 1 })).toBe(String.raw`{"k\u003c":["\u003e\u0026","line\u2028","quote\" \\ \n\u0001"],"n":1}`);
    expect(JSON.parse(serializeJson({ s: 'a<b>&c\u2028' }))).toEqual({ s: 'a<b>&c\u2028' });
    expect(serializeJson(undefined)).toBe('null');
  });
});
