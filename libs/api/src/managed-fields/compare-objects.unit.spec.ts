import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPES } from '../type-info/type-registry.js';
import type { KubeObject } from '../kube-object.js';
import { compareAsGoStructs, compareObjects } from './compare-objects.js';
import { withGoZeroShape } from './go-zero-shape.js';
import { formatFieldPath } from './path-element.js';
import type { FieldSet } from './field-set.js';
import { DEDUCED } from './schema-node.js';
import { goldenCases } from './testing/golden-corpus.js';

const types = BUILTIN_TYPES;
const pod = types.kindOf('v1', 'Pod')!;
const deployment = types.kindOf('apps/v1', 'Deployment')!;
const show = (set: FieldSet) => set.paths().map(formatFieldPath);
const diff = (lhs: unknown, rhs: unknown, type = pod) => {
  const c = compareObjects(lhs, rhs, type, types);
  return { added: show(c.added), modified: show(c.modified), removed: show(c.removed) };
};

describe('compareObjects (compare.go)', () => {
  it('reports leaves added, modified and removed, and granular nodes that appear or disappear', () => {
    expect(diff({ metadata: { name: 'a' } }, { metadata: { name: 'a', labels: { x: '1' } } })).toEqual({ added: ['.metadata.labels', '.metadata.labels.x'], modified: [], removed: [] });
    expect(diff({ metadata: { labels: { x: '1', y: '2' } } }, { metadata: { labels: { x: '2' } } })).toEqual({ added: [], modified: ['.metadata.labels.x'], removed: ['.metadata.labels.y'] });
    expect(diff({ spec: { nodeName: 'n' } }, {})).toEqual({ added: [], modified: [], removed: ['.spec', '.spec.nodeName'] });
  });

  it('compares list items by key, and atomic values as wholes', () => {
    const lhs = { spec: { containers: [{ name: 'a', image: 'x', args: ['1'] }, { name: 'b' }] } };
    const rhs = { spec: { containers: [{ name: 'c' }, { name: 'a', image: 'y', args: ['1', '2'] }] } };
    expect(diff(lhs, rhs)).toEqual({
      added: ['.spec.containers[name="c"]', '.spec.containers[name="c"].name'],
      modified: ['.spec.containers[name="a"].args', '.spec.containers[name="a"].image'],
      removed: ['.spec.containers[name="b"]', '.spec.containers[name="b"].name'],
    });
  });

  it('treats a struct, map or list empty on both sides as a leaf (null and {} differ)', () => {
    expect(diff({ metadata: { labels: null } }, { metadata: { labels: {} } })).toEqual({ added: [], modified: ['.metadata.labels'], removed: [] });
    expect(diff({}, { spec: { securityContext: {} } })).toEqual({ added: ['.spec', '.spec.securityContext'], modified: [], removed: [] });
  });

  it('compares items duplicated on both sides as wholes', () => {
    const dup = (image: string) => ({ spec: { containers: [{ name: 'a', image }, { name: 'a', image: 'z' }] } });
    expect(diff(dup('x'), dup('y'))).toEqual({ added: [], modified: ['.spec.containers[name="a"]'], removed: [] });
  });

  it('compares built-in objects as Go structs: spec, strategy and template exist even when unset', () => {
    const zero = withGoZeroShape({}, deployment, types);
    expect(zero).toEqual({ metadata: {}, spec: { strategy: {}, template: { metadata: {}, spec: { containers: null } } }, status: {} });
    const created = withGoZeroShape({ spec: { template: { spec: { containers: [{ name: 'web' }] } } } }, deployment, types);
    expect(diff(zero, created, deployment)).toEqual({
      added: ['.spec.template.spec.containers[name="web"]', '.spec.template.spec.containers[name="web"].name', '.spec.template.spec.containers[name="web"].resources'],
      modified: [],
      removed: [],
    });
  });

  it('compareAsGoStructs finds what compareObjects finds on the shaped objects, without shaping them', () => {
    const show3 = (c: ReturnType<typeof compareObjects>) => ({ added: show(c.added), modified: show(c.modified), removed: show(c.removed) });
    const bare = (o: KubeObject | undefined) => (o ? { ...o, metadata: { ...o.metadata, managedFields: undefined } } : {});
    const zeroes = [{}, { spec: {} }, { spec: null }, { spec: { template: {} } }, { spec: { template: { spec: { containers: [{ name: 'a', resources: {} }] } } } }, { status: {} }];
    const pairs: [unknown, unknown, KubeObject][] = goldenCases().map((c) => [bare(c.live), bare(c.object), c.object]);
    for (const a of zeroes) for (const b of zeroes) pairs.push([a, b, { apiVersion: 'apps/v1', kind: 'Deployment' }]);
    for (const [live, next, typed] of pairs) {
      const type = types.kindOf(typed.apiVersion ?? '', typed.kind ?? '') ?? DEDUCED;
      const shaped = () => compareObjects(withGoZeroShape(live, type, types), withGoZeroShape(next, type, types), type, types);
      let expected: unknown;
      try {
        expected = show3(shaped());
      } catch (err) {
        expected = (err as Error).message;
      }
      let actual: unknown;
      try {
        actual = show3(compareAsGoStructs(live, next, type, types));
      } catch (err) {
        actual = (err as Error).message;
      }
      expect(actual).toEqual(expected);
    }
  });
});
