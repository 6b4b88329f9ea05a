import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPES } from '../type-info/type-registry.js';
import { fieldSetOf } from './field-set-of.js';
import { fieldSetToFieldsV1, fieldSetToFieldsV1Json } from './fields-v1.js';
import { formatFieldPath } from './path-element.js';
import { DEDUCED } from './schema-node.js';
import { TypedValueError } from './typed-value-error.js';

const types = BUILTIN_TYPES;
const deployment = types.kindOf('apps/v1', 'Deployment')!;
const pod = types.kindOf('v1', 'Pod')!;
const service = types.kindOf('v1', 'Service')!;
const configMap = types.kindOf('v1', 'ConfigMap')!;
const paths = (value: unknown, type = pod) => fieldSetOf(value, type, types).paths().map(formatFieldPath);

describe('fieldSetOf (tofieldset.go)', () => {
  it('gives the Apply entry of `kubectl apply --server-side` of a Deployment, as clusters show it', () => {
    const applied = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx', labels: { app: 'nginx' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'nginx' } },
        template: {
          metadata: { labels: { app: 'nginx' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
        },
      },
    };
    // apiVersion, kind and metadata.name are members here; the field manager strips them.
    expect(fieldSetToFieldsV1Json(fieldSetOf(applied, deployment, types))).toBe(
      '{"f:apiVersion":{},"f:kind":{},"f:metadata":{"f:labels":{"f:app":{}},"f:name":{}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}}}}}}}}',
    );
  });

  it('owns the ConfigMap of the Server-Side Apply documentation page as shown there', () => {
    const set = fieldSetOf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'test-cm', namespace: 'default', labels: { 'test-label': 'test' } }, data: { key: 'some value' } }, configMap, types);
    const fields = fieldSetToFieldsV1(set);
    expect(fields['f:metadata']).toEqual({ 'f:labels': { 'f:test-label': {} }, 'f:name': {}, 'f:namespace': {} });
    expect(fields['f:data']).toEqual({ 'f:key': {} });
  });

  it('owns atomic lists, maps and structs as wholes', () => {
    expect(paths({ spec: { containers: [{ name: 'a', args: ['x', 'y'] }], nodeSelector: { disk: 'ssd' } } })).toEqual([
      '.spec.nodeSelector',
      '.spec.containers[name="a"]',
      '.spec.containers[name="a"].args',
      '.spec.containers[name="a"].name',
    ]);
    expect(paths({ spec: { selector: { matchLabels: { a: 'b' } } } }, deployment)).toEqual(['.spec.selector']);
    expect(paths({ spec: { selector: { a: 'b' } } }, service)).toEqual(['.spec.selector']);
  });

  it('owns set items by value', () => {
    expect(paths({ metadata: { finalizers: ['b', 'a'] } })).toEqual(['.metadata.finalizers[="a"]', '.metadata.finalizers[="b"]']);
  });

  it('owns null and empty struct fields, but not an empty granular list', () => {
    expect(paths({ spec: { securityContext: {}, affinity: null, containers: [] } })).toEqual(['.spec.affinity', '.spec.securityContext']);
  });

  it('fills a missing key field from its schema default (ports default to TCP)', () => {
    expect(paths({ spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] } }, service)).toEqual([
      '.spec.ports[port=53,protocol="UDP"]',
      '.spec.ports[port=80,protocol="TCP"]',
      '.spec.ports[port=53,protocol="UDP"].port',
      '.spec.ports[port=53,protocol="UDP"].protocol',
      '.spec.ports[port=80,protocol="TCP"].port',
    ]);
  });

  it('owns an item whose key repeats as a whole, once, without its fields', () => {
    expect(paths({ spec: { containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }, { name: 'b' }] } })).toEqual([
      '.spec.containers[name="a"]',
      '.spec.containers[name="b"]',
      '.spec.containers[name="b"].name',
    ]);
  });

  it('rejects keyed items without any key field, and objects in sets', () => {
    expect(() => paths({ spec: { containers: [{ image: 'x' }] } })).toThrow(TypedValueError);
    expect(() => paths({ spec: { containers: [{ image: 'x' }] } })).toThrow('.spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"]');
    expect(() => paths({ metadata: { finalizers: [{ a: 1 }] } })).toThrow(/map type/);
  });

  it('owns every map level of a deduced object (kinds without a schema)', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 3, tags: ['a'], nested: { deep: true } } };
    expect(fieldSetToFieldsV1(fieldSetOf(widget, DEDUCED, types))).toEqual({
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { '.': {}, 'f:name': {} },
      'f:spec': { '.': {}, 'f:nested': { '.': {}, 'f:deep': {} }, 'f:size': {}, 'f:tags': {} },
    });
  });
});
