import { describe, expect, it } from 'vitest';
import { applyConflict } from './apply-conflict.js';
import { decodeManagedFields, encodeManagedFields, ManagedFieldsError, managerIdentifier, parseManagerIdentifier, type ManagedFieldsEntry } from './managed-fields-entry.js';
import { fieldElement as f } from './path-element.js';

const entry = (over: Partial<ManagedFieldsEntry>): ManagedFieldsEntry => ({ manager: 'm', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } }, ...over });

describe('manager identifiers (BuildManagerIdentifier)', () => {
  it('are the entry without fields and time, and without apiVersion for appliers, as Go marshals it', () => {
    expect(managerIdentifier({ manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1' })).toBe('{"manager":"kubectl","operation":"Update","apiVersion":"apps/v1"}');
    expect(managerIdentifier({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1' })).toBe('{"manager":"kubectl","operation":"Apply"}');
    expect(managerIdentifier({ manager: 'kcm', operation: 'Update', apiVersion: 'v1', subresource: 'status' })).toBe('{"manager":"kcm","operation":"Update","apiVersion":"v1","subresource":"status"}');
    expect(parseManagerIdentifier('{"manager":"kcm","operation":"Update","apiVersion":"v1","subresource":"status"}')).toEqual({ manager: 'kcm', operation: 'Update', apiVersion: 'v1', subresource: 'status' });
  });
});

describe('decodeManagedFields / encodeManagedFields', () => {
  it('round-trip entries, keeping times and the entry field order', () => {
    const input = [entry({ manager: 'a', operation: 'Apply', time: '2024-01-01T00:00:00Z' }), entry({ manager: 'b', subresource: 'status', time: '2024-01-01T00:00:01Z' })];
    const out = encodeManagedFields(decodeManagedFields(input))!;
    expect(out).toEqual(input);
    expect(Object.keys(out[1]!)).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1', 'subresource']);
  });

  it('sort Apply before Update, then by time (none first), manager, apiVersion and subresource', () => {
    const input = [
      entry({ manager: 'z', time: '2024-01-01T00:00:05Z' }),
      entry({ manager: 'y', time: '2024-01-01T00:00:01Z' }),
      entry({ manager: 'x', operation: 'Apply', time: '2024-01-01T00:00:09Z' }),
      entry({ manager: 'w', operation: 'Apply' }),
      entry({ manager: 'y', time: '2024-01-01T00:00:01Z', subresource: 'status' }),
      entry({ manager: 'y', time: '2024-01-01T00:00:01Z', apiVersion: 'v0' }),
    ];
    expect(encodeManagedFields(decodeManagedFields(input))!.map((e) => `${e.operation} ${e.manager} ${e.apiVersion} ${e.subresource ?? ''}`.trim())).toEqual([
      'Apply w v1',
      'Apply x v1',
      'Update y v0',
      'Update y v1',
      'Update y v1 status',
      'Update z v1',
    ]);
  });

  it('reject what upstream rejects', () => {
    expect(() => decodeManagedFields([entry({ operation: 'Patch' as 'Apply' })])).toThrow('operation must be `Apply` or `Update`');
    expect(() => decodeManagedFields([entry({ apiVersion: '' })])).toThrow('apiVersion must not be empty');
    expect(() => decodeManagedFields([{ ...entry({}), fieldsType: '' }])).toThrow('missing fieldsType in managed fields entry 0');
    expect(() => decodeManagedFields([{ ...entry({}), fieldsType: 'FieldsV2' }])).toThrow('invalid fieldsType "FieldsV2" in managed fields entry 0');
    expect(() => decodeManagedFields([entry({ fieldsV1: { 'f:a': 'x' } })])).toThrow(ManagedFieldsError);
  });

  it('encode nothing as no managedFields at all', () => {
    expect(encodeManagedFields(decodeManagedFields(undefined))).toBeUndefined();
  });
});

describe('applyConflict (conflict_test.go)', () => {
  it('names an Update manager with its version and time', () => {
    const err = applyConflict([{ manager: { manager: 'foo', operation: 'Update', apiVersion: 'v1', time: '2001-02-03T04:05:06Z' }, path: [f('spec'), f('replicas')] }]);
    expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "foo" using v1 at 2001-02-03T04:05:06Z: .spec.replicas');
    expect(err.status.details).toEqual({ causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "foo" using v1 at 2001-02-03T04:05:06Z', field: '.spec.replicas' }] });
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
  });

  it('groups several conflicts by manager, managers sorted', () => {
    const err = applyConflict([
      { manager: { manager: 'foo', operation: 'Update', apiVersion: 'v1', time: '2001-02-03T04:05:06Z' }, path: [f('spec'), f('replicas')] },
      { manager: { manager: 'bar', operation: 'Apply' }, path: [f('metadata'), f('labels'), f('app')] },
    ]);
    expect(err.status.message).toBe('Apply failed with 2 conflicts: conflicts with "bar":\n- .metadata.labels.app\nconflicts with "foo" using v1 at 2001-02-03T04:05:06Z:\n- .spec.replicas');
    expect(err.status.details?.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "foo" using v1 at 2001-02-03T04:05:06Z', field: '.spec.replicas' },
      { reason: 'FieldManagerConflict', message: 'conflict with "bar"', field: '.metadata.labels.app' },
    ]);
  });

  it('names a subresource', () => {
    const err = applyConflict([{ manager: { manager: 'foo', operation: 'Update', apiVersion: 'v1', subresource: 'scale', time: '2001-02-03T04:05:06Z' }, path: [f('spec'), f('replicas')] }]);
    expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "foo" with subresource "scale" using v1 at 2001-02-03T04:05:06Z: .spec.replicas');
  });
});
