import { describe, expect, it } from 'vitest';
import { withSortedKeys } from './sorted-keys.js';

describe('withSortedKeys', () => {
  it('sorts the keys of every object, arrays kept in order, and drops nulls only when asked', () => {
    const value = { b: 1, a: [{ d: null, c: 'x' }, 2], e: { g: null, f: true } };
    expect(JSON.stringify(withSortedKeys(value))).toBe('{"a":[{"c":"x","d":null},2],"b":1,"e":{"f":true,"g":null}}');
    expect(JSON.stringify(withSortedKeys(value, { dropNulls: true }))).toBe('{"a":[{"c":"x"},2],"b":1,"e":{"f":true}}');
    expect(value.a[0]).toEqual({ d: null, c: 'x' }); // a copy
  });
});
