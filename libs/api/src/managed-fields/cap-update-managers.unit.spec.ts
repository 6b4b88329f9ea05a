import { describe, expect, it } from 'vitest';
import { capUpdateManagers } from './cap-update-managers.js';
import { decodeManagedFields, encodeManagedFields, type ManagedFieldsEntry } from './managed-fields-entry.js';

/** entry(name, version, order, fields) of capmanagers_test.go: times are `order` hours after year 1. */
const entry = (manager: string, apiVersion: string, order: number, ...fields: string[]): ManagedFieldsEntry => ({
  manager,
  operation: 'Update',
  apiVersion,
  time: `0001-01-01T${String(order).padStart(2, '0')}:00:00Z`,
  fieldsType: 'FieldsV1',
  fieldsV1: Object.fromEntries(fields.map((f) => [`f:${f}`, {}])),
});
const capped = (input: ManagedFieldsEntry[]) => {
  const managed = decodeManagedFields(input);
  capUpdateManagers(managed, 3);
  return encodeManagedFields(managed);
};

describe('capUpdateManagers (TestCapUpdateManagers, cap 3)', () => {
  it.each([
    ['one version, no ancient changes', [entry('update-manager1', 'v1', 1, 'a'), entry('update-manager2', 'v1', 2, 'b'), entry('update-manager3', 'v1', 3, 'c'), entry('update-manager4', 'v1', 4, 'd')], [entry('ancient-changes', 'v1', 2, 'a', 'b'), entry('update-manager3', 'v1', 3, 'c'), entry('update-manager4', 'v1', 4, 'd')]],
    ['one version, one ancient changes', [entry('ancient-changes', 'v1', 2, 'a', 'b'), entry('update-manager3', 'v1', 3, 'c'), entry('update-manager4', 'v1', 4, 'd'), entry('update-manager5', 'v1', 5, 'e')], [entry('ancient-changes', 'v1', 3, 'a', 'b', 'c'), entry('update-manager4', 'v1', 4, 'd'), entry('update-manager5', 'v1', 5, 'e')]],
    ['two versions, no ancient changes', [entry('update-manager1', 'v1', 1, 'a'), entry('update-manager2', 'v2', 2, 'b'), entry('update-manager3', 'v1', 3, 'c'), entry('update-manager4', 'v1', 4, 'd'), entry('update-manager5', 'v1', 5, 'e')], [entry('update-manager2', 'v2', 2, 'b'), entry('ancient-changes', 'v1', 4, 'a', 'c', 'd'), entry('update-manager5', 'v1', 5, 'e')]],
    ['three versions, one ancient changes', [entry('update-manager2', 'v2', 2, 'b'), entry('ancient-changes', 'v1', 4, 'a', 'c', 'd'), entry('update-manager5', 'v1', 5, 'e'), entry('update-manager6', 'v3', 6, 'f'), entry('update-manager7', 'v2', 7, 'g')], [entry('ancient-changes', 'v1', 5, 'a', 'c', 'd', 'e'), entry('update-manager6', 'v3', 6, 'f'), entry('ancient-changes', 'v2', 7, 'b', 'g')]],
    ['three versions, two ancient changes', [entry('ancient-changes', 'v1', 5, 'a', 'c', 'd', 'e'), entry('update-manager6', 'v3', 6, 'f'), entry('ancient-changes', 'v2', 7, 'b', 'g'), entry('update-manager8', 'v3', 8, 'h')], [entry('ancient-changes', 'v1', 5, 'a', 'c', 'd', 'e'), entry('ancient-changes', 'v2', 7, 'b', 'g'), entry('ancient-changes', 'v3', 8, 'f', 'h')]],
    ['four versions, two ancient changes', [entry('ancient-changes', 'v1', 5, 'a', 'c', 'd', 'e'), entry('update-manager6', 'v3', 6, 'f'), entry('ancient-changes', 'v2', 7, 'b', 'g'), entry('update-manager8', 'v4', 8, 'h')], [entry('ancient-changes', 'v1', 5, 'a', 'c', 'd', 'e'), entry('update-manager6', 'v3', 6, 'f'), entry('ancient-changes', 'v2', 7, 'b', 'g'), entry('update-manager8', 'v4', 8, 'h')]],
  ])('%s', (_name, input, expected) => {
    expect(capped(input)).toEqual(expected);
    // Idempotent once under the cap.
    expect(capped(capped(input)!)).toEqual(expected);
  });

  it('never merges Apply entries', () => {
    const applies = [1, 2, 3, 4, 5].map((i): ManagedFieldsEntry => ({ ...entry(`a${i}`, 'v1', i, `x${i}`), operation: 'Apply' }));
    expect(capped(applies)).toEqual(applies);
  });
});
