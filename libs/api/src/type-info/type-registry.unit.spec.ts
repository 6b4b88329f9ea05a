import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPES as types } from './type-registry.js';
import type { StructNode } from './type-node.js';

const struct = (name: string): StructNode => ({ kind: 'struct', name });

describe('BUILTIN_TYPES (from the vendored OpenAPI extensions)', () => {
  it('finds a kind by apiVersion and kind', () => {
    expect(types.kindOf('apps/v1', 'Deployment')).toEqual(struct('io.k8s.api.apps.v1.Deployment'));
    expect(types.kindOf('v1', 'ConfigMap')).toEqual(struct('io.k8s.api.core.v1.ConfigMap'));
    expect(types.kindOf('v1', 'NoSuchKind')).toBeUndefined();
  });

  it('reads list types and merge keys (containers by name, ports by containerPort and protocol)', () => {
    const spec = struct('io.k8s.api.core.v1.PodSpec');
    expect(types.field(spec, 'containers')).toMatchObject({ kind: 'list', listType: 'map', keys: ['name'], patchStrategy: 'merge', patchMergeKey: 'name' });
    expect(types.field(spec, 'volumes')).toMatchObject({ listType: 'map', patchStrategy: 'merge,retainKeys' });
    expect(types.field(struct('io.k8s.api.core.v1.Container'), 'ports')).toMatchObject({ listType: 'map', keys: ['containerPort', 'protocol'], patchMergeKey: 'containerPort' });
    expect(types.field(struct('io.k8s.api.core.v1.Container'), 'args')).toMatchObject({ kind: 'list', listType: 'atomic', items: { kind: 'scalar' } });
  });

  it('reads lists without a list type by their patch strategy (finalizers: a set)', () => {
    expect(types.field(struct('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), 'finalizers')).toMatchObject({ kind: 'list', listType: 'set', patchStrategy: 'merge' });
  });

  it('knows atomic structs, granular maps and scalars in object clothing', () => {
    expect(types.isAtomic(types.field(struct('io.k8s.api.apps.v1.DeploymentSpec'), 'selector')!)).toBe(true);
    expect(types.isAtomic(types.field(struct('io.k8s.api.apps.v1.DeploymentSpec'), 'template')!)).toBe(false);
    expect(types.field(struct('io.k8s.api.apps.v1.DeploymentSpec'), 'strategy')).toMatchObject({ kind: 'struct', patchStrategy: 'retainKeys' });
    expect(types.field(struct('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), 'labels')).toEqual({ kind: 'map', values: { kind: 'scalar' } });
    expect(types.field(struct('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), 'creationTimestamp')).toEqual({ kind: 'scalar' });
    expect(types.field(struct('io.k8s.api.core.v1.ResourceRequirements'), 'limits')).toEqual({ kind: 'map', values: { kind: 'scalar' } });
  });
});
