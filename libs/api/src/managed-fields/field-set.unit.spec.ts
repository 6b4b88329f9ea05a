import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPES } from '../type-info/type-registry.js';
import { ensureNamedFieldsAreMembers } from './ensure-named-fields.js';
import { FieldSet } from './field-set.js';
import { pathSet, withoutIgnored } from './ignored-fields.js';
import { fieldElement, formatFieldPath, indexElement, keyElement, valueElement, type FieldPath, type PathElement } from './path-element.js';

/** MakePathOrDie: strings are field names, numbers indices, objects keys. */
const isElement = (part: object): part is PathElement => ['field', 'key', 'value', 'index'].includes((part as { kind?: unknown }).kind as string);
const p = (...parts: (string | number | Record<string, unknown> | PathElement)[]): FieldPath =>
  parts.map((part) => (typeof part === 'string' ? fieldElement(part) : typeof part === 'number' ? indexElement(part) : isElement(part) ? part : keyElement(part)));
const s = (...paths: FieldPath[]) => FieldSet.of(...paths);
const show = (set: FieldSet) => set.paths().map(formatFieldPath);

describe('FieldSet (set_test.go)', () => {
  it('inserts paths without their parents, and has() answers for members only', () => {
    const set = s(p('spec', 'replicas'), p('spec', 'template', 'spec', 'containers', { name: 'web' }, 'image'));
    expect(set.has(p('spec', 'replicas'))).toBe(true);
    expect(set.has(p('spec'))).toBe(false);
    expect(set.has(p('spec', 'template', 'spec', 'containers', { name: 'web' }))).toBe(false);
    expect(set.has([])).toBe(false);
    expect(set.insert([]).size).toBe(2);
    expect(set.isEmpty()).toBe(false);
    expect(new FieldSet().isEmpty()).toBe(true);
  });

  it('iterates members depth first, each level in path-element order', () => {
    const set = s(p('b'), p('a', 'x'), p('a'), p('list', valueElement('z')), p('list', valueElement(1)), p('list', 0), p('list', { name: 'n' }));
    expect(show(set)).toEqual(['.a', '.b', '.a.x', '.list[name="n"]', '.list[=1]', '.list[="z"]', '.list[0]']);
  });

  const nameFirst = { name: 'first' };
  const s1 = s(p('a0'), p('a1'), p('foo', 0), p('foo', 1), p('b0', nameFirst), p('b1', nameFirst), p('bar', 'c0'), p('cp', nameFirst, 'child'));
  const s2 = s(p('a1'), p('a2'), p('foo', 1), p('foo', 2), p('b1', nameFirst), p('b2', nameFirst), p('bar', 'c2'), p('cp', nameFirst));

  it('intersection', () => {
    expect(s1.intersection(s2).equals(s(p('a1'), p('foo', 1), p('b1', nameFirst)))).toBe(true);
  });

  it('difference leaves the children of a member of the other set alone', () => {
    expect(s1.difference(s2).equals(s(p('a0'), p('foo', 0), p('b0', nameFirst), p('bar', 'c0'), p('cp', nameFirst, 'child')))).toBe(true);
    expect(s2.difference(s1).equals(s(p('a2'), p('foo', 2), p('b2', nameFirst), p('bar', 'c2'), p('cp', nameFirst)))).toBe(true);
  });

  it('union, and intersection the hard way', () => {
    const union = s1.union(s2);
    expect(union.size).toBe(s1.size + s2.size - 3);
    expect(union.difference(s1.difference(s2)).difference(s2.difference(s1)).equals(s1.intersection(s2))).toBe(true);
  });

  it.each([
    ['removes simple path', s(p('a')), s(p('a')), [], []],
    ['only removes matching child', s(p('a', 'b', 'c'), p('b', 'b', 'c')), s(p('a', 'b', 'c')), ['.b.b.c'], ['.b.b.c']],
    ['does not remove parent of specific path', s(p('a')), s(p('a', 'aa')), ['.a'], ['.a']],
    ['RecursiveDifference removes nested path', s(p('a', 'b', 'c')), s(p('a')), ['.a.b.c'], []],
    ['RecursiveDifference only removes nested path for matching children', s(p('a', 'aa', 'aab'), p('a', 'ab', 'aba')), s(p('a', 'aa')), ['.a.aa.aab', '.a.ab.aba'], ['.a.ab.aba']],
  ])('difference / recursiveDifference: %s', (_name, a, b, difference, recursive) => {
    expect(show(a.difference(b))).toEqual(difference);
    expect(show(a.recursiveDifference(b))).toEqual(recursive);
  });

  it('leaves are the members without members below them', () => {
    expect(show(s(p('a'), p('a', 'b'), p('c')).leaves())).toEqual(['.c', '.a.b']);
  });

  it('set operations do not share nodes with their inputs', () => {
    const a = s(p('x', 'y'));
    const u = a.union(s(p('z')));
    u.insert(p('x', 'w'));
    expect(a.has(p('x', 'w'))).toBe(false);
  });

  it('formats conflict paths as upstream prints them', () => {
    expect(formatFieldPath(p('spec', 'template', 'spec', 'containers', { name: 'web' }, 'image'))).toBe('.spec.template.spec.containers[name="web"].image');
    expect(formatFieldPath(p('spec', 'ports', { port: 80, protocol: 'TCP' }))).toBe('.spec.ports[port=80,protocol="TCP"]');
    expect(formatFieldPath(p('metadata', 'finalizers', valueElement('a/b')))).toBe('.metadata.finalizers[="a/b"]');
    expect(formatFieldPath(p('spec', 'args', 2))).toBe('.spec.args[2]');
  });
});

describe('ensureNamedFieldsAreMembers', () => {
  it('makes the struct fields on the way to members members, but not map keys or list items', () => {
    const deployment = BUILTIN_TYPES.kindOf('apps/v1', 'Deployment')!;
    const set = s(p('spec', 'replicas'), p('metadata', 'labels', 'app'), p('spec', 'template', 'spec', 'containers', { name: 'web' }, 'image'));
    expect(show(ensureNamedFieldsAreMembers(set, deployment, BUILTIN_TYPES))).toEqual([
      '.metadata',
      '.spec',
      '.metadata.labels',
      '.metadata.labels.app',
      '.spec.replicas',
      '.spec.template',
      '.spec.template.spec',
      '.spec.template.spec.containers',
      '.spec.template.spec.containers[name="web"].image',
    ]);
  });
});

describe('ignored fields', () => {
  const set = s(p('spec', 'replicas'), p('status', 'replicas'), p('status'), p('metadata', 'labels', 'a'));
  it('takes out the ignored paths and everything below them', () => {
    expect(show(withoutIgnored(set, pathSet(['status'])))).toEqual(['.metadata.labels.a', '.spec.replicas']);
  });
  it('keeps only what lies under the paths of allBut', () => {
    expect(show(withoutIgnored(set, { allBut: pathSet(['status']) }))).toEqual(['.status', '.status.replicas']);
  });
});

describe('ignored fields given as path lists', () => {
  const set = s(p('spec', 'replicas'), p('status', 'replicas'), p('metadata', 'labels', 'a'));
  it('work like path sets', () => {
    expect(show(withoutIgnored(set, [['status']]))).toEqual(['.metadata.labels.a', '.spec.replicas']);
    expect(show(withoutIgnored(set, [['spec'], ['metadata']]))).toEqual(['.status.replicas']);
    expect(show(withoutIgnored(set, { allBut: [['status']] }))).toEqual(['.status.replicas']);
    expect(show(withoutIgnored(set, []))).toEqual(show(set));
  });
});
