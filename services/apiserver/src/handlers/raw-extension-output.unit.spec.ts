import { describe, expect, it } from 'vitest';
import { findResource } from '../registry/resources.js';
import { withRawExtensionsInGoOrder } from './raw-extension-output.js';

describe('withRawExtensionsInGoOrder', () => {
  it("writes a ControllerRevision's data with Go's sorted keys (jsonb gave them shortest first)", () => {
    const revisions = findResource('apps', 'v1', 'controllerrevisions')!;
    const fromJsonb = { kind: 'ControllerRevision', data: { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] }, $patch: 'replace', metadata: { labels: { b: '1', a: '2' } } } } }, revision: 1 };
    expect(JSON.stringify(withRawExtensionsInGoOrder(revisions, fromJsonb).data)).toBe(
      '{"spec":{"template":{"$patch":"replace","metadata":{"labels":{"a":"2","b":"1"}},"spec":{"containers":[{"image":"x","name":"a"}]}}}}',
    );
  });

  it('leaves other kinds as they are', () => {
    const configMaps = findResource('', 'v1', 'configmaps')!;
    const cm = { kind: 'ConfigMap', data: { b: '1', a: '2' } };
    expect(withRawExtensionsInGoOrder(configMaps, cm)).toBe(cm);
  });
});
