import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPES } from '../type-info/type-registry.js';
import { FieldSet } from './field-set.js';
import { mergeApplied } from './merge-applied.js';
import { fieldElement as f, keyElement as k } from './path-element.js';
import { pruneUnapplied } from './prune-unapplied.js';
import { removeFields } from './remove-fields.js';
import { DEDUCED } from './schema-node.js';
import { TypedValueError } from './typed-value-error.js';

const types = BUILTIN_TYPES;
const pod = types.kindOf('v1', 'Pod')!;
const service = types.kindOf('v1', 'Service')!;
const deployment = types.kindOf('apps/v1', 'Deployment')!;
const finalizers = (live: string[], applied: string[]) => (mergeApplied({ metadata: { finalizers: live } }, { metadata: { finalizers: applied } }, pod, types) as { metadata: { finalizers: string[] } }).metadata.finalizers;

describe('mergeApplied (merge.go; triplets of typed/merge_test.go)', () => {
  it.each([
    [['a', 'b', 'c'], ['a', 'b'], ['a', 'b', 'c']],
    [['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c']],
    [['a', 'b', 'c'], [], ['a', 'b', 'c']],
    [[], ['a', 'b', 'c'], ['a', 'b', 'c']],
    [['a', 'b'], ['b', 'a'], ['b', 'a']],
    [['a', 'b', 'c'], ['d', 'e', 'f'], ['a', 'b', 'c', 'd', 'e', 'f']],
    [['a', 'b', 'c', 'g', 'f'], ['c', 'd', 'e', 'f'], ['a', 'b', 'c', 'g', 'd', 'e', 'f']],
    [['c', 'd', 'e', 'f'], ['a', 'c', 'e'], ['a', 'c', 'd', 'e', 'f']],
    [['a', 'b', 'c', 'x', 'y', 'z'], ['d', 'e', 'f', 'x', 'y', 'z'], ['a', 'b', 'c', 'd', 'e', 'f', 'x', 'y', 'z']],
    [['c', 'a', 'g', 'f'], ['c', 'f', 'a', 'g'], ['c', 'f', 'a', 'g']],
    [['a', 'b', 'c', 'd'], ['d', 'e', 'f', 'a'], ['b', 'c', 'd', 'e', 'f', 'a']],
    [['c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], ['2', 'h', '3', 'e', '4', 'k', 'l'], ['c', 'd', 'f', 'g', '2', 'h', 'i', 'j', '3', 'e', '4', 'k', 'l']],
    [['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], ['1', 'b', '2', 'h', '3', 'e', '4', 'k', 'l'], ['a', '1', 'b', 'c', 'd', 'f', 'g', '2', 'h', 'i', 'j', '3', 'e', '4', 'k', 'l']],
    [['a', 'b', 'b'], ['c'], ['a', 'b', 'b', 'c']],
    [['a', 'b', 'b'], ['b'], ['a', 'b']],
    [['a', 'b', 'c', 'd', 'e', 'c'], ['1', 'b', '2', 'e', 'd'], ['a', '1', 'b', 'c', '2', 'e', 'c', 'd']],
    [['a', 'b', 'c', 'd', 'e', 'c'], ['1', 'b', '2', 'c', 'e', 'd'], ['a', '1', 'b', '2', 'c', 'e', 'd']],
    [['a', 'a', 'b', 'b'], ['b', 'c', 'd'], ['a', 'a', 'b', 'c', 'd']],
    [['c', 'a', 'g', 'f', 'c', 'a'], ['c', 'f', 'a', 'g'], ['c', 'f', 'a', 'g']],
  ])('sets merge by value: %j + %j', (live, applied, merged) => {
    expect(finalizers(live, applied)).toEqual(merged);
  });

  const ports = (list: { port: number; protocol: string; name?: string }[]) => ({ spec: { ports: list } });
  it.each([
    [[{ port: 1, protocol: 'a', name: 'x' }], [{ port: 2, protocol: 'a', name: 'x' }], [{ port: 1, protocol: 'a', name: 'x' }, { port: 2, protocol: 'a', name: 'x' }]],
    [[{ port: 1, protocol: 'a' }, { port: 1, protocol: 'b' }], [{ port: 1, protocol: 'a' }, { port: 2, protocol: 'a' }], [{ port: 1, protocol: 'a' }, { port: 1, protocol: 'b' }, { port: 2, protocol: 'a' }]],
    [[{ port: 2, protocol: 'b' }], [{ port: 1, protocol: 'a' }, { port: 2, protocol: 'b' }, { port: 3, protocol: 'c' }], [{ port: 1, protocol: 'a' }, { port: 2, protocol: 'b' }, { port: 3, protocol: 'c' }]],
    [[{ port: 1, protocol: 'a' }, { port: 2, protocol: 'b' }, { port: 3, protocol: 'c' }], [{ port: 3, protocol: 'c' }, { port: 2, protocol: 'b' }], [{ port: 1, protocol: 'a' }, { port: 3, protocol: 'c' }, { port: 2, protocol: 'b' }]],
    [[{ port: 1, protocol: 'a' }, { port: 2, protocol: 'b' }, { port: 3, protocol: 'c' }], [{ port: 3, protocol: 'c' }, { port: 1, protocol: 'a' }], [{ port: 2, protocol: 'b' }, { port: 3, protocol: 'c' }, { port: 1, protocol: 'a' }]],
  ])('map lists merge by all their keys: %j + %j', (live, applied, merged) => {
    expect(mergeApplied(ports(live), ports(applied), service, types)).toEqual(ports(merged));
  });

  it('merges matching items field by field, the applied value winning', () => {
    const live = { spec: { containers: [{ name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }] }, { name: 'sidecar', image: 'envoy' }] } };
    const applied = { spec: { containers: [{ name: 'web', image: 'nginx:2', env: [{ name: 'B', value: '2' }] }] } };
    expect(mergeApplied(live, applied, pod, types)).toEqual({
      spec: { containers: [{ name: 'web', image: 'nginx:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { name: 'sidecar', image: 'envoy' }] },
    });
  });

  it('replaces atomic lists, maps and structs as wholes, and merges granular maps key by key', () => {
    const live = { metadata: { labels: { a: '1', b: '2' } }, spec: { selector: { matchLabels: { a: '1' }, matchExpressions: [{ key: 'x', operator: 'Exists' }] }, template: { spec: { containers: [{ name: 'c', args: ['a', 'b'] }] } } } };
    const applied = { metadata: { labels: { b: '3' } }, spec: { selector: { matchLabels: { z: '9' } }, template: { spec: { containers: [{ name: 'c', args: ['z'] }] } } } };
    expect(mergeApplied(live, applied, deployment, types)).toEqual({
      metadata: { labels: { a: '1', b: '3' } },
      spec: { selector: { matchLabels: { z: '9' } }, template: { spec: { containers: [{ name: 'c', args: ['z'] }] } } },
    });
    expect(mergeApplied({ spec: { selector: { app: 'a', tier: 'web' } } }, { spec: { selector: { app: 'b' } } }, service, types)).toEqual({ spec: { selector: { app: 'b' } } });
  });

  it('keeps null and empty apart when both sides are empty (the null/empty cases)', () => {
    expect(mergeApplied({}, { metadata: { labels: {} } }, pod, types)).toEqual({ metadata: { labels: {} } });
    expect(mergeApplied({ metadata: { labels: {} } }, { metadata: { labels: null } }, pod, types)).toEqual({ metadata: { labels: null } });
    expect(mergeApplied({ metadata: { labels: null } }, { metadata: { labels: {} } }, pod, types)).toEqual({ metadata: { labels: {} } });
    expect(mergeApplied({ spec: { containers: [{ name: 'a', args: ['x'] }] } }, { spec: { containers: [{ name: 'a', args: [] }] } }, pod, types)).toEqual({ spec: { containers: [{ name: 'a', args: [] }] } });
  });

  it('merges deduced objects map by map, lists replaced', () => {
    expect(mergeApplied({ spec: { a: 1, list: [1, 2], m: { x: 1 } } }, { spec: { list: [3], m: { y: 2 } } }, DEDUCED, types)).toEqual({ spec: { a: 1, list: [3], m: { x: 1, y: 2 } } });
  });

  it('rejects an applied configuration that repeats a key', () => {
    expect(() => mergeApplied({}, { spec: { containers: [{ name: 'a' }, { name: 'a' }] } }, pod, types)).toThrow(TypedValueError);
    expect(() => mergeApplied({}, { spec: { containers: [{ name: 'a' }, { name: 'a' }] } }, pod, types)).toThrow('.spec.containers: duplicate entries for key [name="a"]');
  });

  it('does not change its inputs', () => {
    const live = { spec: { containers: [{ name: 'a', image: 'x' }] } };
    const applied = { spec: { containers: [{ name: 'a', image: 'y' }] } };
    const merged = mergeApplied(live, applied, pod, types) as typeof live;
    merged.spec.containers[0]!.image = 'z';
    expect(live.spec.containers[0]!.image).toBe('x');
    expect(applied.spec.containers[0]!.image).toBe('y');
  });
});

describe('removeFields (remove.go)', () => {
  it('removes members with everything below them, and walks into paths with members below', () => {
    const value = { metadata: { labels: { a: '1', b: '2' } }, spec: { containers: [{ name: 'x', image: 'i' }, { name: 'y', image: 'j' }] } };
    const set = FieldSet.of([f('metadata'), f('labels'), f('a')], [f('spec'), f('containers'), k({ name: 'x' })], [f('spec'), f('containers'), k({ name: 'y' }), f('image')]);
    expect(removeFields(value, set, pod, types)).toEqual({ metadata: { labels: { b: '2' } }, spec: { containers: [{ name: 'y' }] } });
  });

  it('drops maps and lists left empty', () => {
    expect(removeFields({ metadata: { name: 'n', labels: { a: '1' } } }, FieldSet.of([f('metadata'), f('labels'), f('a')]), pod, types)).toEqual({ metadata: { name: 'n' } });
  });
});

describe('pruneUnapplied (Updater.prune)', () => {
  const previous = FieldSet.of([f('spec'), f('containers'), k({ name: 'a' })], [f('spec'), f('containers'), k({ name: 'a' }), f('name')], [f('spec'), f('containers'), k({ name: 'b' })], [f('spec'), f('containers'), k({ name: 'b' }), f('name')]);
  const now = FieldSet.of([f('spec'), f('containers'), k({ name: 'a' })], [f('spec'), f('containers'), k({ name: 'a' }), f('name')]);
  const merged = { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } };

  it('removes what the applier applied before and no longer applies (remove_one)', () => {
    expect(pruneUnapplied(merged, previous, now, pod, types)).toEqual({ spec: { containers: [{ name: 'a' }, { name: 'c' }] } });
  });

  it('keeps what someone else owns', () => {
    const owned = now.union(FieldSet.of([f('spec'), f('containers'), k({ name: 'b' })], [f('spec'), f('containers'), k({ name: 'b' }), f('name')]));
    expect(pruneUnapplied(merged, previous, owned, pod, types)).toEqual(merged);
  });

  it('removes a struct the applier no longer applies at all with its unowned contents, keeping what others own', () => {
    const live = { spec: { replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const before = FieldSet.of([f('spec'), f('replicas')], [f('spec'), f('strategy'), f('type')]);
    const after = FieldSet.of([f('spec'), f('replicas')]);
    expect(pruneUnapplied(live, before, after, deployment, types)).toEqual({ spec: { replicas: 1 } });
    expect(pruneUnapplied(live, before, after.union(FieldSet.of([f('spec'), f('strategy'), f('rollingUpdate'), f('maxSurge')])), deployment, types)).toEqual({ spec: { replicas: 1, strategy: { rollingUpdate: { maxSurge: 1 } } } });
  });
});
