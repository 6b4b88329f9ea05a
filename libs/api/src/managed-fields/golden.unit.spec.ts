import { describe, expect, it } from 'vitest';
import { BUILTIN_TYPES } from '../type-info/type-registry.js';
import { applyObject, updateManagedFields } from './field-manager.js';
import { goldenCases, type GoldenCase } from './testing/golden-corpus.js';

/** Freezes a JSON value all the way down, so a call that mutates its inputs throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function run(c: GoldenCase): unknown {
  const live = deepFreeze(structuredClone(c.live));
  const object = deepFreeze(structuredClone(c.object));
  try {
    if (c.call === 'apply') return applyObject(BUILTIN_TYPES, live, object, { ...c.options, force: c.options.force ?? false });
    return updateManagedFields(BUILTIN_TYPES, live, object, c.options);
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('field manager golden outputs', () => {
  // testing/golden-outputs.json was written by the field manager as it was before it was optimised
  // (the result of every case; later cases start from earlier results): every result, managedFields bytes (and so key order)
  // included, must stay exactly as it was. Only a deliberate change of behaviour may rewrite it
  // (`npx vitest run libs/api/src/managed-fields/golden.unit.spec.ts -u`), and says so.
  it('reproduces every recorded result byte for byte, without mutating its inputs', async () => {
    const records = goldenCases().map((c) => ({ name: c.name, result: run(c) }));
    await expect(JSON.stringify(records, null, 1) + '\n').toMatchFileSnapshot('./testing/golden-outputs.json');
  });
});
