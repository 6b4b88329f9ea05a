import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPES, TypeRegistry } from '../type-info/type-registry.js';
import type { ListNode, StructNode, TypeNode } from '../type-info/type-node.js';
import { applyStrategicMergePatch, StrategicMergePatchError } from './strategic-merge-patch.js';

function builtin(apiVersion: string, kind: string): StructNode {
  const node = BUILTIN_TYPES.kindOf(apiVersion, kind);
  if (!node) throw new Error(`no built-in type ${apiVersion} ${kind}`);
  return node;
}

const POD = builtin('v1', 'Pod');
const SERVICE = builtin('v1', 'Service');
const CONFIG_MAP = builtin('v1', 'ConfigMap');
const DEPLOYMENT = builtin('apps/v1', 'Deployment');
const PDB = builtin('policy/v1', 'PodDisruptionBudget');
const CONTROLLER_REVISION = builtin('apps/v1', 'ControllerRevision');

const patchAs = (type: TypeNode) => (original: unknown, patch: unknown) => applyStrategicMergePatch(original, patch, BUILTIN_TYPES, type);
const patchPod = patchAs(POD);
const patchDeployment = patchAs(DEPLOYMENT);

/** The `MergeItem` struct of upstream's patch_test.go, as a hand-made registry. */
const scalar: TypeNode = { kind: 'scalar' };
const mergeItem: StructNode = { kind: 'struct', name: 'mergeItem' };
const mergingList: ListNode = { kind: 'list', listType: 'map', keys: ['name'], patchStrategy: 'merge', patchMergeKey: 'name', items: mergeItem };
const mergingIntList: ListNode = { kind: 'list', listType: 'set', patchStrategy: 'merge', items: scalar };
const nonMergingList: ListNode = { kind: 'list', listType: 'atomic', items: mergeItem };
const UPSTREAM_TYPES = new TypeRegistry({
  definitions: {
    mergeItem: {
      fields: {
        name: scalar,
        value: scalar,
        other: scalar,
        mergingList,
        nonMergingList,
        mergingIntList,
        nonMergingIntList: { kind: 'list', listType: 'atomic', items: scalar },
        mergeItemPtr: mergingList,
        simpleMap: { kind: 'map', values: scalar },
        replacingItem: { kind: 'untyped', patchStrategy: 'replace' },
        retainKeysMap: { kind: 'struct', name: 'retainKeysMergeItem', patchStrategy: 'retainKeys' },
        retainKeysMergingList: { ...mergingList, patchStrategy: 'merge,retainKeys' },
        // Not upstream's: a merge list of objects without a merge key.
        keylessMergingList: { kind: 'list', listType: 'set', patchStrategy: 'merge', items: mergeItem },
      },
    },
    retainKeysMergeItem: {
      fields: { name: scalar, value: scalar, other: scalar, simpleMap: { kind: 'map', values: scalar }, mergingIntList, mergingList, nonMergingList },
    },
  },
  kinds: { 'test/v1/MergeItem': 'mergeItem' },
});
const patchItem = (original: unknown, patch: unknown) => applyStrategicMergePatch(original, patch, UPSTREAM_TYPES, mergeItem);

/** Runs `fn` and returns the StrategicMergePatchError it throws. */
function errorOf(fn: () => unknown): StrategicMergePatchError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StrategicMergePatchError) return error;
    throw error;
  }
  throw new Error('expected a StrategicMergePatchError');
}

describe('strategic merge patch: upstream patch_test.go cases (MergeItem)', () => {
  // [description, original (or current), patch (two-way or three-way), expected result]
  const cases: Array<[string, unknown, unknown, unknown]> = [
    ['unique scalars when merging lists', { mergingIntList: [1, 2] }, { mergingIntList: [2, 3] }, { mergingIntList: [1, 2, 3] }],
    ['delete map from nested map', { simpleMap: { key1: 1, key2: 1 } }, { simpleMap: { $patch: 'delete' } }, { simpleMap: {} }],
    ['delete all items from merging list', { mergingList: [{ name: 1 }, { name: 2 }] }, { mergingList: [{ $patch: 'replace' }] }, { mergingList: [] }],
    ['merge empty merging lists', { mergingList: [] }, { mergingList: [] }, { mergingList: [] }],
    ['delete all keys from map', { name: 1, value: 1 }, { $patch: 'replace' }, {}],
    ['add key and delete all keys from map', { name: 1, value: 1 }, { other: 'a', $patch: 'replace' }, { other: 'a' }],
    [
      'delete all duplicate entries in a merging list',
      { mergingList: [{ name: 1 }, { name: 1 }, { name: 2, value: 'a' }, { name: 3 }, { name: 3 }] },
      { mergingList: [{ name: 1, $patch: 'delete' }, { name: 3, $patch: 'delete' }] },
      { mergingList: [{ name: 2, value: 'a' }] },
    ],
    ['retainKeys map can add a field when no retainKeys directive present', { retainKeysMap: { name: 'foo' } }, { retainKeysMap: { value: 'bar' } }, { retainKeysMap: { name: 'foo', value: 'bar' } }],
    ['retainKeys map can change a field when no retainKeys directive present', { retainKeysMap: { name: 'foo', value: 'a' } }, { retainKeysMap: { value: 'b' } }, { retainKeysMap: { name: 'foo', value: 'b' } }],
    ['retainKeys map can delete a field when no retainKeys directive present', { retainKeysMap: { name: 'foo', value: 'a' } }, { retainKeysMap: { value: null } }, { retainKeysMap: { name: 'foo' } }],
    ['retainKeys map merge an empty map', { retainKeysMap: { name: 'foo', value: 'a' } }, { retainKeysMap: {} }, { retainKeysMap: { name: 'foo', value: 'a' } }],
    [
      'retainKeys list can change a field when no retainKeys directive present',
      { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a' }] },
      { retainKeysMergingList: [{ name: 'foo', value: 'b' }] },
      { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'b' }] },
    ],
    [
      'retainKeys list can delete a field when no retainKeys directive present',
      { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a' }] },
      { retainKeysMergingList: [{ name: 'foo', value: null }] },
      { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo' }] },
    ],
    [
      'preserve the order from the patch in a merging list',
      { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
      { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }, { name: 2, other: 'x' }] },
      { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }, { name: 2, value: 'b', other: 'x' }] },
    ],
    [
      'preserve the order from the patch in a merging list 2 (server-only element first)',
      { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
      { mergingList: [{ name: 3, value: 'c' }, { name: 1, value: 'a' }] },
      { mergingList: [{ name: 2, value: 'b' }, { name: 3, value: 'c' }, { name: 1, value: 'a' }] },
    ],
    ['preserve the order from the patch in a merging int list', { mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1, 2] }, { mergingIntList: [3, 1, 2] }],
    ['preserve the order from the patch in a merging int list 2', { mergingIntList: [1, 2, 3] }, { mergingIntList: [3, 1] }, { mergingIntList: [2, 3, 1] }],
    [
      '$setElementOrder contains item that is not present in the list to be merged',
      { mergingList: [{ name: 1 }, { name: 3 }] },
      { '$setElementOrder/mergingList': [{ name: 3 }, { name: 2 }, { name: 1 }], mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
      { mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
    ],
    [
      '$setElementOrder contains item that is not present in the int list to be merged',
      { mergingIntList: [1, 3] },
      { '$setElementOrder/mergingIntList': [3, 2, 1] },
      { mergingIntList: [3, 1] },
    ],
    ['$deleteFromPrimitiveList of nonexistent item in primitive list should not add the item', { mergingIntList: [1, 2] }, { '$deleteFromPrimitiveList/mergingIntList': [3] }, { mergingIntList: [1, 2] }],
    ['$deleteFromPrimitiveList on empty primitive list should not add the item', { mergingIntList: null }, { '$deleteFromPrimitiveList/mergingIntList': [3] }, { mergingIntList: null }],
    ['$deleteFromPrimitiveList on nonexistent primitive list should not add the list', { foo: ['bar'] }, { '$deleteFromPrimitiveList/mergingIntList': [3] }, { foo: ['bar'] }],
    ['$deleteFromPrimitiveList should delete item from a list with merge patch strategy', { mergingIntList: [1, 2, 3] }, { '$deleteFromPrimitiveList/mergingIntList': [2] }, { mergingIntList: [1, 3] }],
    ['$deleteFromPrimitiveList should delete item from a list without merge patch strategy', { nonMergingIntList: [1, 2, 3] }, { '$deleteFromPrimitiveList/nonMergingIntList': [2] }, { nonMergingIntList: [1, 3] }],
    [
      'nested patch merge with empty list (two-way: $patch elements of a new list are dropped)',
      { name: 'hi' },
      { mergingList: [{ name: 'hello' }, { $patch: 'delete', name: 'doesntexist' }] },
      { name: 'hi', mergingList: [{ name: 'hello' }] },
    ],
    [
      'nested patch merge with empty list (three-way)',
      { name: 'hi', mergingList: [{ name: 'hello2' }] },
      { '$setElementOrder/mergingList': [{ name: 'hello' }, { name: 'doesntexist' }], mergingList: [{ name: 'hello' }] },
      { name: 'hi', mergingList: [{ name: 'hello' }, { name: 'hello2' }] },
    ],
    [
      'delete items in lists of scalars',
      { mergingIntList: [1, 2, 3, 4] },
      { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] },
      { mergingIntList: [1, 2, 4] },
    ],
    [
      'delete all duplicate items in lists of scalars',
      { mergingIntList: [1, 2, 3, 3, 4] },
      { '$setElementOrder/mergingIntList': [1, 2], '$deleteFromPrimitiveList/mergingIntList': [3] },
      { mergingIntList: [1, 2, 4] },
    ],
    [
      'add and delete items in lists of scalars',
      { mergingIntList: [1, 2, 3] },
      { '$setElementOrder/mergingIntList': [1, 2, 4], '$deleteFromPrimitiveList/mergingIntList': [3], mergingIntList: [4] },
      { mergingIntList: [1, 2, 4] },
    ],
    ['merge lists of scalars', { mergingIntList: [1, 2, 4] }, { '$setElementOrder/mergingIntList': [1, 2, 3], mergingIntList: [3] }, { mergingIntList: [1, 2, 3, 4] }],
    [
      'add an item in a list of primitives and preserve order',
      { mergingIntList: [1, 4, 2] },
      { '$setElementOrder/mergingIntList': [3, 1, 2], mergingIntList: [3] },
      { mergingIntList: [3, 1, 4, 2] },
    ],
    [
      'delete an item in a list of primitives and preserve order',
      { mergingIntList: [1, 2, 3] },
      { '$setElementOrder/mergingIntList': [2, 1], '$deleteFromPrimitiveList/mergingIntList': [3] },
      { mergingIntList: [2, 1] },
    ],
    [
      'add multiple items in a list and preserve order',
      { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }] },
      { '$setElementOrder/mergingList': [{ name: 1 }, { name: 4 }, { name: 2 }, { name: 3 }], mergingList: [{ name: 4, value: 4 }, { name: 3, value: 3 }] },
      { mergingList: [{ name: 1, other: 'a' }, { name: 4, value: 4 }, { name: 2, value: 2, other: 'b' }, { name: 3, value: 3 }] },
    ],
    [
      'add and delete an item in a list and preserve order',
      { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2, other: 'b' }, { name: 3, value: 3 }] },
      { '$setElementOrder/mergingList': [{ name: 4 }, { name: 2 }, { name: 1 }], mergingList: [{ name: 4, value: 4 }, { name: 3, $patch: 'delete' }] },
      { mergingList: [{ name: 4, value: 4 }, { name: 2, value: 2, other: 'b' }, { name: 1, other: 'a' }] },
    ],
    [
      'set elements order in a list',
      { mergingList: [{ name: 1, other: 'a' }, { name: 3, value: 3 }, { name: 4, value: 4 }, { name: 2, value: 2 }] },
      { '$setElementOrder/mergingList': [{ name: 4 }, { name: 2 }, { name: 3 }, { name: 1 }] },
      { mergingList: [{ name: 4, value: 4 }, { name: 2, value: 2 }, { name: 3, value: 3 }, { name: 1, other: 'a' }] },
    ],
    [
      'set elements order in a list with server-only items',
      { mergingList: [{ name: 1, other: 'a' }, { name: 3, value: 3 }, { name: 4, value: 4 }, { name: 2, value: 2 }, { name: 9 }] },
      { '$setElementOrder/mergingList': [{ name: 4 }, { name: 2 }, { name: 3 }, { name: 1 }] },
      { mergingList: [{ name: 4, value: 4 }, { name: 2, value: 2 }, { name: 3, value: 3 }, { name: 1, other: 'a' }, { name: 9 }] },
    ],
    [
      'set elements order in a list with server-only items 2',
      { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2 }, { name: 9 }, { name: 3, value: 3 }, { name: 4, value: 4 }] },
      { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }, { name: 4 }, { name: 3 }] },
      { mergingList: [{ name: 2, value: 2 }, { name: 1, other: 'a' }, { name: 9 }, { name: 4, value: 4 }, { name: 3, value: 3 }] },
    ],
    [
      'set elements order in a list with server-only items 3',
      { mergingList: [{ name: 1, other: 'a' }, { name: 2, value: 2 }, { name: 7 }, { name: 9 }, { name: 8 }, { name: 3, value: 3 }, { name: 4, value: 4 }] },
      { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }, { name: 4 }, { name: 3 }] },
      { mergingList: [{ name: 2, value: 2 }, { name: 1, other: 'a' }, { name: 7 }, { name: 9 }, { name: 8 }, { name: 4, value: 4 }, { name: 3, value: 3 }] },
    ],
    ['add an item in a int list and preserve order', { mergingIntList: [1, 2] }, { '$setElementOrder/mergingIntList': [3, 1, 2], mergingIntList: [3] }, { mergingIntList: [3, 1, 2] }],
    ['add multiple items in a int list and preserve order', { mergingIntList: [1, 2] }, { '$setElementOrder/mergingIntList': [1, 4, 2, 3], mergingIntList: [4, 3] }, { mergingIntList: [1, 4, 2, 3] }],
    [
      'add and delete an item in a int list and preserve order',
      { mergingIntList: [1, 2, 3] },
      { '$setElementOrder/mergingIntList': [4, 2, 1], mergingIntList: [4], '$deleteFromPrimitiveList/mergingIntList': [3] },
      { mergingIntList: [4, 2, 1] },
    ],
    ['set elements order in a int list', { mergingIntList: [1, 3, 4, 2] }, { '$setElementOrder/mergingIntList': [4, 2, 3, 1] }, { mergingIntList: [4, 2, 3, 1] }],
    ['set elements order in a int list with server-only items', { mergingIntList: [1, 3, 4, 2, 9] }, { '$setElementOrder/mergingIntList': [4, 2, 3, 1] }, { mergingIntList: [4, 2, 3, 1, 9] }],
    ['set elements order in a int list with server-only items 2', { mergingIntList: [1, 2, 9, 3, 4] }, { '$setElementOrder/mergingIntList': [2, 1, 4, 3] }, { mergingIntList: [2, 1, 9, 4, 3] }],
    ['set elements order in a int list with server-only items 3', { mergingIntList: [1, 2, 7, 9, 8, 3, 4] }, { '$setElementOrder/mergingIntList': [2, 1, 4, 3] }, { mergingIntList: [2, 1, 7, 9, 8, 4, 3] }],
    [
      'behavior of set element order for a merging list with duplicate',
      { mergingList: [{ name: 1 }, { name: 2, value: 'dup1' }, { name: 3 }, { name: 2, value: 'dup2' }, { name: 4 }] },
      { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }, { name: 4 }, { name: 3 }, { name: 2 }] },
      { mergingList: [{ name: 2, value: 'dup1' }, { name: 2, value: 'dup2' }, { name: 1 }, { name: 4 }, { name: 3 }] },
    ],
    ['behavior of set element order for a merging int list with duplicate', { mergingIntList: [1, 2, 3, 2, 4] }, { '$setElementOrder/mergingIntList': [2, 1, 4, 3, 2] }, { mergingIntList: [2, 2, 1, 4, 3] }],
    ['retainKeys map should clear defaulted field', { retainKeysMap: { value: 'foo' } }, { retainKeysMap: { $retainKeys: ['other'], other: 'bar' } }, { retainKeysMap: { other: 'bar' } }],
    [
      'retainKeys map should clear defaulted field with conflict (discriminated union)',
      { retainKeysMap: { name: 'type1', value: 'foo' } },
      { retainKeysMap: { $retainKeys: ['name', 'other'], name: 'type2', other: 'bar' } },
      { retainKeysMap: { name: 'type2', other: 'bar' } },
    ],
    [
      'retainKeys map replaces non-merging list',
      { retainKeysMap: { name: 'foo', value: 'bar', nonMergingList: [{ name: 'a' }, { name: 'b' }] } },
      { retainKeysMap: { $retainKeys: ['name', 'nonMergingList', 'value'], nonMergingList: [{ name: 'a' }, { name: 'c' }, { name: 'b' }] } },
      { retainKeysMap: { name: 'foo', value: 'bar', nonMergingList: [{ name: 'a' }, { name: 'c' }, { name: 'b' }] } },
    ],
    [
      'retainKeys list of maps clears a field',
      { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a', other: 'x' }] },
      { '$setElementOrder/retainKeysMergingList': [{ name: 'bar' }, { name: 'foo' }], retainKeysMergingList: [{ $retainKeys: ['name', 'value'], name: 'foo' }] },
      { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'a' }] },
    ],
    [
      'delete and reorder in one list, reorder in another',
      { mergingList: [{ name: 'a', value: 'a' }, { name: 'b', value: 'b' }], mergeItemPtr: [{ name: 'c', value: 'c' }, { name: 'd', value: 'd' }] },
      {
        '$setElementOrder/mergingList': [{ name: 'b' }],
        '$setElementOrder/mergeItemPtr': [{ name: 'd' }, { name: 'c' }],
        mergingList: [{ $patch: 'delete', name: 'a' }],
      },
      { mergingList: [{ name: 'b', value: 'b' }], mergeItemPtr: [{ name: 'd', value: 'd' }, { name: 'c', value: 'c' }] },
    ],
    [
      'replace RawExtension field (patch strategy replace), rest unchanged',
      { name: 'my-object', other: 'current-other', mergingList: [{ name: 1 }], replacingItem: { Some: 'Generic', Yaml: 'Inside', Field: 'Period' } },
      { replacingItem: { Newly: 'Modified', Yaml: 'Inside' } },
      { name: 'my-object', other: 'current-other', mergingList: [{ name: 1 }], replacingItem: { Newly: 'Modified', Yaml: 'Inside' } },
    ],
    // TestUnknownField
    [
      'unknown field: discard nulls in nested and adds not nulls',
      { array: [1, 2, 3], name: 'foo' },
      { complex_nullable: { key: { keynotnull: 'value', keynull: null } } },
      { array: [1, 2, 3], name: 'foo', complex_nullable: { key: { keynotnull: 'value' } } },
    ],
    ['unknown field: discard if modified all nulls', {}, { complex: { nested: null } }, { complex: {} }],
    ['unknown field: null values in original are preserved', { thing: null }, { nested: { value: 5 } }, { thing: null, nested: { value: 5 } }],
  ];

  it.each(cases)('%s', (_description, original, patch, expected) => {
    expect(patchItem(original, patch)).toStrictEqual(expected);
  });

  it('rejects an order in the patch list that contradicts $setElementOrder (object and int lists)', () => {
    const objects = errorOf(() =>
      patchItem(
        { mergingList: [{ name: 1 }, { name: 3 }, { name: 2 }] },
        { '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }, { name: 3 }], mergingList: [{ name: 3, value: 3 }, { name: 1, value: 1 }] },
      ),
    );
    expect(objects.message).toBe(
      "The order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n",
    );
    expect(objects.reason).toBe('BadRequest');
    const ints = errorOf(() => patchItem({ mergingIntList: [1, 3, 2] }, { '$setElementOrder/mergingIntList': [1, 2, 3], mergingIntList: [3, 1] }));
    expect(ints.message).toContain("doesn't match $setElementOrder list");
  });

  it('rejects a merge list element without the merge key', () => {
    const error = errorOf(() => patchItem({ mergingList: [{ name: 1, value: 'a' }] }, { mergingList: [{ value: 'b' }] }));
    expect(error.message).toBe('map: map[value:b] does not contain declared merge key: name');
  });
});

describe('strategic merge patch: merge keys of built-in types', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { app: 'web', tier: 'front' }, finalizers: ['a', 'b'] },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          ports: [
            { containerPort: 80, protocol: 'TCP' },
            { containerPort: 53, protocol: 'TCP' },
          ],
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
          args: ['--x', '--y'],
        },
        { name: 'sidecar', image: 'envoy', ports: [{ containerPort: 9090, protocol: 'TCP' }] },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
      tolerations: [{ key: 'k', operator: 'Exists' }],
    },
  };

  it('merges containers by name, keeping the fields and elements the patch does not mention', () => {
    const result = patchPod(pod, { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } });
    expect(result).toMatchObject({ spec: { containers: [{ name: 'web', image: 'nginx:1.28', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' }, { name: 'sidecar' }] } });
    expect((result as typeof pod).spec.containers[0]?.ports).toEqual(pod.spec.containers[0]?.ports);
  });

  it('puts a new element before the existing ones without $setElementOrder (upstream mergeSortedSlice)', () => {
    const result = patchPod(pod, { spec: { containers: [{ name: 'logger', image: 'busybox' }] } }) as typeof pod;
    expect(result.spec.containers.map((c) => c.name)).toEqual(['logger', 'web', 'sidecar']);
    expect(result.spec.containers[0]).toStrictEqual({ name: 'logger', image: 'busybox' });
  });

  it('puts a new element where $setElementOrder says', () => {
    const result = patchPod(pod, {
      spec: { '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }, { name: 'logger' }], containers: [{ name: 'logger', image: 'busybox' }] },
    }) as typeof pod;
    expect(result.spec.containers.map((c) => c.name)).toEqual(['web', 'sidecar', 'logger']);
  });

  it('merges container ports by containerPort only (the SMP merge key), so a UDP port overwrites the TCP one', () => {
    const result = patchPod(pod, { spec: { containers: [{ name: 'web', ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 8080 }] }] } }) as typeof pod;
    expect(result.spec.containers[0]?.ports).toStrictEqual([
      { containerPort: 80, protocol: 'TCP' },
      { containerPort: 53, protocol: 'UDP' },
      { containerPort: 8080 },
    ]);
  });

  it('merges env by name, deletes by $patch: delete and clears a field with null', () => {
    const result = patchPod(pod, { spec: { containers: [{ name: 'web', env: [{ name: 'A', $patch: 'delete' }, { name: 'B', value: null, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }] } }) as typeof pod;
    expect(result.spec.containers[0]?.env).toStrictEqual([{ name: 'B', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]);
  });

  it('replaces a volume source with $retainKeys (volumes are merge,retainKeys)', () => {
    const result = patchPod(pod, { spec: { volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cfg' } }] } }) as typeof pod;
    expect(result.spec.volumes).toStrictEqual([{ name: 'data', configMap: { name: 'cfg' } }]);
  });

  it('merges a volume without $retainKeys, keeping both sources', () => {
    const result = patchPod(pod, { spec: { volumes: [{ name: 'data', configMap: { name: 'cfg' } }] } }) as typeof pod;
    expect(result.spec.volumes).toStrictEqual([{ name: 'data', emptyDir: {}, configMap: { name: 'cfg' } }]);
  });

  it('replaces the whole list when an element is $patch: replace', () => {
    const result = patchPod(pod, { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } }) as typeof pod;
    expect(result.spec.containers).toStrictEqual([{ name: 'only', image: 'x' }]);
  });

  it('replaces atomic lists (args, tolerations) instead of merging them, dropping directive keys', () => {
    const result = patchPod(pod, {
      spec: { tolerations: [{ key: 'other', $patch: 'delete' }], containers: [{ name: 'web', args: ['--z'] }] },
    }) as typeof pod;
    expect(result.spec.tolerations).toStrictEqual([{ key: 'other' }]);
    expect(result.spec.containers[0]?.args).toStrictEqual(['--z']);
  });

  it('applies directives nested in a merged element ($setElementOrder/env inside a container)', () => {
    const result = patchPod(pod, {
      spec: { containers: [{ name: 'web', '$setElementOrder/env': [{ name: 'C' }, { name: 'B' }, { name: 'A' }], env: [{ name: 'C', value: '3' }] }] },
    }) as typeof pod;
    expect(result.spec.containers[0]?.env).toStrictEqual([
      { name: 'C', value: '3' },
      { name: 'B', value: '2' },
      { name: 'A', value: '1' },
    ]);
  });

  it('merges Service ports by port', () => {
    const service = { spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] } };
    expect(patchAs(SERVICE)(service, { spec: { ports: [{ port: 80, targetPort: 9090 }] } })).toStrictEqual({
      spec: { ports: [{ port: 80, targetPort: 9090, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] },
    });
  });

  it('drops elements and objects carrying $patch from a list the original lacks (upstream removeDirectives)', () => {
    const bare = { spec: { containers: [{ name: 'web' }] } };
    expect(patchPod(bare, { spec: { volumes: [{ name: 'gone', $patch: 'delete' }, { name: 'kept', emptyDir: { medium: null } }] } })).toStrictEqual({
      spec: { containers: [{ name: 'web' }], volumes: [{ name: 'kept', emptyDir: {} }] },
    });
    expect(patchPod(bare, { spec: { securityContext: { $patch: 'replace', runAsUser: 1 } } })).toStrictEqual(bare);
  });
});

describe('strategic merge patch: primitive merge lists (finalizers)', () => {
  const withFinalizers = (finalizers: unknown) => ({ metadata: { name: 'p', finalizers } });

  it('unions them, putting values the live list lacks first', () => {
    expect(patchPod(withFinalizers(['a', 'b']), { metadata: { finalizers: ['c'] } })).toStrictEqual(withFinalizers(['c', 'a', 'b']));
    expect(patchPod(withFinalizers(['a', 'b']), { metadata: { finalizers: ['b', 'c'] } })).toStrictEqual(withFinalizers(['a', 'b', 'c']));
  });

  it('drops duplicates', () => {
    expect(patchPod(withFinalizers(['a', 'a', 'b']), { metadata: { finalizers: ['b', 'b'] } })).toStrictEqual(withFinalizers(['a', 'b']));
  });

  it('keeps them for an empty list and clears them for null', () => {
    expect(patchPod(withFinalizers(['a']), { metadata: { finalizers: [] } })).toStrictEqual(withFinalizers(['a']));
    expect(patchPod(withFinalizers(['a']), { metadata: { finalizers: null } })).toStrictEqual({ metadata: { name: 'p' } });
  });

  it('removes the values of $deleteFromPrimitiveList, and orders by $setElementOrder', () => {
    expect(patchPod(withFinalizers(['a', 'b', 'c']), { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'x'] } })).toStrictEqual(withFinalizers(['a', 'c']));
    expect(
      patchPod(withFinalizers(['a', 'b', 'c']), { metadata: { '$setElementOrder/finalizers': ['c', 'd', 'a'], finalizers: ['d'], '$deleteFromPrimitiveList/finalizers': ['b'] } }),
    ).toStrictEqual(withFinalizers(['c', 'd', 'a']));
  });

  it('cannot replace them with a $patch: replace element, which is an object among strings (as upstream)', () => {
    const error = errorOf(() => patchPod(withFinalizers(['a', 'b']), { metadata: { finalizers: [{ $patch: 'replace' }, 'c'] } }));
    expect(error.message).toBe('list element types are not identical: [[a b] [map[$patch:replace] c]]');
    expect(patchPod(withFinalizers(['a', 'b']), { metadata: { $patch: 'replace', name: 'p', finalizers: ['c'] } })).toStrictEqual(withFinalizers(['c']));
  });
});

describe('strategic merge patch: objects and maps', () => {
  const meta = { metadata: { name: 'cm', labels: { a: '1', b: '2' }, annotations: { x: 'y' } }, data: { k1: 'v1', k2: 'v2' } };
  const patchConfigMap = patchAs(CONFIG_MAP);

  it('merges maps key by key, null deleting a key', () => {
    expect(patchConfigMap(meta, { metadata: { labels: { b: null, c: '3' } }, data: { k1: 'new', k2: null } })).toStrictEqual({
      metadata: { name: 'cm', labels: { a: '1', c: '3' }, annotations: { x: 'y' } },
      data: { k1: 'new' },
    });
  });

  it('replaces a map with $patch: replace and empties it with $patch: delete', () => {
    expect(patchConfigMap(meta, { metadata: { labels: { $patch: 'replace', z: '9' }, annotations: { $patch: 'delete' } } })).toStrictEqual({
      metadata: { name: 'cm', labels: { z: '9' }, annotations: {} },
      data: meta.data,
    });
  });

  it('applies $retainKeys to any object, as upstream does not check the retainKeys strategy', () => {
    const result = patchConfigMap(meta, { metadata: { labels: { $retainKeys: ['a', 'c'], c: '3' } } }) as typeof meta;
    expect(result.metadata.labels).toStrictEqual({ a: '1', c: '3' });
  });

  it('replaces the whole object with a root $patch: replace', () => {
    expect(patchConfigMap(meta, { $patch: 'replace', data: { only: 'this' } })).toStrictEqual({ data: { only: 'this' } });
  });

  it('replaces a field whose patch strategy is replace (PodDisruptionBudget selector)', () => {
    const pdb = { spec: { minAvailable: 1, selector: { matchLabels: { app: 'web', tier: 'front' } } } };
    expect(patchAs(PDB)(pdb, { spec: { selector: { matchLabels: { app: 'api' } } } })).toStrictEqual({ spec: { minAvailable: 1, selector: { matchLabels: { app: 'api' } } } });
  });

  it('merges fields the schema does not know, and untyped values, like a JSON merge patch', () => {
    expect(patchConfigMap({ data: {}, extra: { a: { b: 1, c: 2 }, list: [1, 2] } }, { extra: { a: { b: null, d: 3 }, list: [3] } })).toStrictEqual({
      data: {},
      extra: { a: { c: 2, d: 3 }, list: [3] },
    });
    const revision = { revision: 1, data: { spec: { template: { x: 1, y: 2 } }, items: [1] } };
    expect(patchAs(CONTROLLER_REVISION)(revision, { data: { spec: { template: { y: null, z: 3 } }, items: [2] } })).toStrictEqual({
      revision: 1,
      data: { spec: { template: { x: 1, z: 3 } }, items: [2] },
    });
  });

  it('replaces a value whose JSON type changes', () => {
    expect(patchConfigMap({ data: { a: '1' } }, { data: 'text' })).toStrictEqual({ data: 'text' });
    expect(patchConfigMap({ data: null }, { data: { a: '1', b: null } })).toStrictEqual({ data: { a: '1' } });
  });

  it('changes nothing for a null patch, and starts from {} for a missing original', () => {
    expect(patchConfigMap(meta, null)).toStrictEqual(meta);
    expect(patchConfigMap(undefined, { data: { a: '1', b: null } })).toStrictEqual({ data: { a: '1' } });
  });
});

describe('strategic merge patch: Deployment', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '1' } },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              imagePullPolicy: 'IfNotPresent',
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              resources: {},
            },
            { name: 'sidecar', image: 'envoy', ports: [{ containerPort: 9090, protocol: 'TCP' }] },
          ],
          restartPolicy: 'Always',
        },
      },
    },
  };

  it('switches strategy RollingUpdate → Recreate with $retainKeys, clearing rollingUpdate', () => {
    const result = patchDeployment(deployment, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }) as typeof deployment;
    expect(result.spec.strategy).toStrictEqual({ type: 'Recreate' });
  });

  it('keeps rollingUpdate when the patch sets the type without $retainKeys', () => {
    const result = patchDeployment(deployment, { spec: { strategy: { type: 'Recreate' } } }) as typeof deployment;
    expect(result.spec.strategy).toStrictEqual({ type: 'Recreate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
  });

  it('applies the patch kubectl apply sends, keeping server-set fields and other containers', () => {
    const lastApplied = '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"image":"nginx:1.28","name":"web"}]}}}}';
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ image: 'nginx:1.28', name: 'web' }] } } },
    };
    expect(patchDeployment(deployment, patch)).toStrictEqual({
      ...deployment,
      metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '1', 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
      spec: {
        ...deployment.spec,
        template: {
          spec: {
            containers: [{ ...deployment.spec.template.spec.containers[0], image: 'nginx:1.28' }, deployment.spec.template.spec.containers[1]],
            restartPolicy: 'Always',
          },
        },
      },
    });
  });

  it('never leaves directive keys in the output, even inside added or replaced values', () => {
    const result = patchDeployment(deployment, {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'new', '$setElementOrder/ports': [{ containerPort: 1 }], ports: [{ containerPort: 1 }], securityContext: { $retainKeys: [] } }],
            tolerations: [{ key: 'a', $patch: 'merge' }],
          },
        },
      },
    });
    expect(JSON.stringify(result)).not.toMatch(/"\$(patch|retainKeys|setElementOrder|deleteFromPrimitiveList)/);
    expect((result as typeof deployment).spec.template.spec.containers[0]).toStrictEqual({ name: 'new', ports: [{ containerPort: 1 }], securityContext: {} });
  });

  it('does not modify its inputs, nor share objects with the result', () => {
    const original = structuredClone(deployment);
    const patch = { spec: { template: { spec: { containers: [{ name: 'web', image: 'x', env: [{ name: 'E', value: 'v' }] }] } } } };
    const patchCopy = structuredClone(patch);
    const result = patchDeployment(original, patch) as typeof deployment;
    expect(original).toStrictEqual(deployment);
    expect(patch).toStrictEqual(patchCopy);
    expect(result.spec.template.spec.containers[1]).not.toBe(original.spec.template.spec.containers[1]);
  });

  it('treats a __proto__ key as data', () => {
    const patch = JSON.parse('{"metadata":{"labels":{"__proto__":{"polluted":"yes"}}}}') as unknown;
    const result = patchDeployment(deployment, patch) as { metadata: { labels: object } };
    expect(Object.getPrototypeOf(result.metadata.labels)).toBe(Object.prototype);
    expect(Object.keys(result.metadata.labels)).toEqual(['__proto__']);
  });
});

describe('strategic merge patch: errors', () => {
  const pod = { spec: { containers: [{ name: 'web', image: 'a', ports: [{ containerPort: 80 }] }] }, metadata: { finalizers: ['a'], labels: { a: 'b' } } };

  // [description, patch, message, reason]
  const podCases: Array<[string, unknown, string | RegExp, 'BadRequest' | 'Invalid']> = [
    ['a patch that is not an object', [{ spec: {} }], 'invalid JSON document', 'BadRequest'],
    ['a string patch', 'spec', 'invalid JSON document', 'BadRequest'],
    ['an unknown $patch in an object', { metadata: { labels: { $patch: 'x' } } }, 'unknown patch type: x in map: map[$patch:x]', 'BadRequest'],
    ['$patch: merge in an object (upstream refuses it too)', { metadata: { labels: { $patch: 'merge', c: 'd' } } }, 'unknown patch type: merge in map: map[$patch:merge c:d]', 'BadRequest'],
    ['an unknown $patch in a list element', { spec: { containers: [{ name: 'web', $patch: 'x' }] } }, 'unknown patch type: x in map: map[$patch:x name:web]', 'BadRequest'],
    ['$patch: merge as a list element', { spec: { containers: [{ $patch: 'merge' }] } }, 'merging lists cannot yet be specified in the patch', 'BadRequest'],
    ['a merge list element without the merge key', { spec: { containers: [{ image: 'b' }] } }, 'map: map[image:b] does not contain declared merge key: name', 'BadRequest'],
    ['a $patch: delete element without the merge key', { spec: { containers: [{ $patch: 'delete' }] } }, 'map: map[$patch:delete] does not contain declared merge key: name', 'BadRequest'],
    ['a replaced list element without the merge key', { spec: { containers: [{ $patch: 'replace' }, { image: 'b' }] } }, 'map: map[image:b] does not contain declared merge key: name', 'BadRequest'],
    ['$setElementOrder that is not a list', { spec: { '$setElementOrder/containers': 'web' } }, 'expected a []interface {}, but received a string', 'BadRequest'],
    ['$setElementOrder without a list name', { spec: { $setElementOrder: [] } }, 'invalid patch format of setElementOrder list', 'BadRequest'],
    ['$setElementOrder with a wrong prefix', { spec: { '$setElementOrderX/containers': [] } }, 'invalid patch format of setElementOrder list', 'BadRequest'],
    ['$setElementOrder elements without the merge key', { spec: { '$setElementOrder/containers': [{ image: 'a' }] } }, 'map: map[image:a] does not contain declared merge key: name', 'BadRequest'],
    ['$setElementOrder elements that are not objects', { spec: { '$setElementOrder/containers': ['web'], containers: [{ name: 'web' }] } }, 'expected a map[string]interface {}, but received a string', 'BadRequest'],
    ['$setElementOrder for a list the patch holds as a non-list', { metadata: { '$setElementOrder/finalizers': ['a'], finalizers: 'a' } }, 'expected a []interface {}, but received a string', 'BadRequest'],
    ['$deleteFromPrimitiveList without a list name', { metadata: { $deleteFromPrimitiveList: ['a'] } }, 'invalid patch format of primitive list', 'BadRequest'],
    ['$retainKeys that is not a list', { metadata: { labels: { $retainKeys: 'a' } } }, 'invalid patch format of retainKeys', 'BadRequest'],
    ['$retainKeys with a non-string', { metadata: { labels: { $retainKeys: [1] } } }, 'invalid patch format of retainKeys', 'BadRequest'],
    ['a patched key missing from $retainKeys', { metadata: { labels: { $retainKeys: ['a'], c: 'd' } } }, 'invalid patch format of retainKeys', 'BadRequest'],
    ['list elements of different types', { metadata: { finalizers: [1] } }, 'list element types are not identical: [[a] [1]]', 'BadRequest'],
  ];

  it.each(podCases)('rejects %s', (_description, patch, message, reason) => {
    const error = errorOf(() => patchPod(pod, patch));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('StrategicMergePatchError');
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect(error.reason).toBe(reason);
  });

  it('rejects a list of lists as Invalid (upstream answers 422)', () => {
    const error = errorOf(() => patchPod({ metadata: { finalizers: [] } }, { metadata: { finalizers: [['x']] } }));
    expect(error.message).toBe('lists of lists are not supported');
    expect(error.reason).toBe('Invalid');
  });

  it('accepts nulls in a $retainKeys patch and the parallel-list keys without listing them', () => {
    expect(patchPod(pod, { metadata: { $retainKeys: ['finalizers'], labels: null, '$deleteFromPrimitiveList/finalizers': ['a'] } })).toStrictEqual({
      ...pod,
      metadata: { finalizers: [] },
    });
  });

  it('rejects merging an object list that has no merge key', () => {
    const error = errorOf(() => patchItem({ keylessMergingList: [{ name: 'a' }] }, { keylessMergingList: [{ name: 'b' }] }));
    expect(error.message).toBe('cannot merge lists without merge key for mergeItem');
  });

  it('rejects an original that is not an object', () => {
    expect(errorOf(() => patchPod([], {})).message).toBe('invalid JSON document');
  });
});
